"""The Administrateur allows its own organisation's e-mail domains, and no other's."""

import pytest
from django.urls import reverse

from partnership.permissions import Role
from proconnect.models import AllowedDomain

pytestmark = pytest.mark.django_db
ADD = reverse("admin:proconnect_alloweddomain_add")


def test_the_administrateur_allows_a_domain_of_its_own_organisation(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    commune, agency = cast.partnership.commune, cast.partnership.agency
    form = client.get(ADD).content.decode()
    assert f'value="{commune.pk}"' in form and f'value="{agency.pk}"' not in form
    response = client.post(ADD, {"organisation": agency.pk, "domain": "agence.example.org", "role": Role.ELU})
    assert response.status_code == 200 and not AllowedDomain.objects.exists()
    response = client.post(ADD, {"organisation": commune.pk, "domain": "@Mairie.Example.org", "role": Role.ELU})
    assert response.status_code == 302
    assert AllowedDomain.objects.get().domain == "mairie.example.org"
    response = client.post(ADD, {"organisation": commune.pk, "domain": "pas un domaine", "role": Role.ELU})
    assert response.status_code == 200 and AllowedDomain.objects.count() == 1


def test_no_account_is_opened_as_administrateur_and_other_roles_do_not_allow_domains(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    commune = cast.partnership.commune
    response = client.post(
        ADD, {"organisation": commune.pk, "domain": "mairie.example.org", "role": Role.ADMINISTRATOR}
    )
    assert response.status_code == 200 and not AllowedDomain.objects.exists()
    client.force_login(cast[Role.RGC])
    assert client.get(ADD).status_code == 403
