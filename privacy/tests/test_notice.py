"""What each person is told (clauses C9 and O16) and the accessibility statement (RGAA): read by
anyone, before logging in too, and linked from every page's footer."""

import pytest
from django.urls import reverse

from partnership.permissions import Role
from privacy.models import DpoContact


def dpo(cast, party, email):
    return DpoContact.objects.create(partnership=cast.partnership, party=party, email=email, name="Délégué")


@pytest.mark.django_db
def test_the_notice_is_read_before_logging_in_and_gives_both_dpos(client, cast):
    # clause C9: rights through each party's DPO; clause O16: access and rectification
    dpo(cast, DpoContact.Party.COMMUNE, "dpo@commune.example.org")
    dpo(cast, DpoContact.Party.AGENCY, "dpo@agence.example.org")
    login = client.get(reverse("login")).content.decode()
    assert reverse("privacy:notice") in login
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "dpo@commune.example.org" in page and "dpo@agence.example.org" in page
    assert "rectifier" in page and "deux mois après son échéance" in page and "CNIL" in page


@pytest.mark.django_db
def test_a_user_reads_the_dpos_of_its_own_partnerships(client, cast, other_cast):
    dpo(cast, DpoContact.Party.COMMUNE, "dpo@commune.example.org")
    DpoContact.objects.create(partnership=other_cast.partnership, party="commune", email="dpo@autre.example.org")
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "dpo@commune.example.org" in page and "dpo@autre.example.org" not in page


@pytest.mark.django_db
def test_the_notice_lists_the_dpos_in_constant_queries(client, django_assert_max_num_queries):
    from partnership.tests.factories import PartnershipFactory

    for n in range(30):
        partnership = PartnershipFactory()
        DpoContact.objects.create(partnership=partnership, party="commune", email=f"dpo{n}@example.org")
    with django_assert_max_num_queries(5):  # however many partnerships
        assert client.get(reverse("privacy:notice")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["privacy:notice", "accessibility", "login"])
def test_every_footer_says_the_accessibility_status(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "Accessibilité : partiellement conforme" in page
    assert f'href="{reverse("accessibility")}"' in page and f'href="{reverse("privacy:notice")}"' in page


@pytest.mark.django_db
def test_the_admin_panel_footer_too(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Accessibilité : partiellement conforme" in page


@pytest.mark.django_db
def test_the_statement_gives_status_contact_and_recourse(client, settings):
    settings.ACCESSIBILITY_CONFORMITY = "non"
    page = client.get(reverse("accessibility")).content.decode()
    assert "<strong>non conforme</strong>" in page and "Accessibilité : non conforme" in page
    assert "accessibilite@example.org" in page and "Défenseur des droits" in page and "axe-core" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [(Role.ADMINISTRATOR, 200), (Role.RGC, 403), (Role.AGENT, 302), (Role.ELU, 302)]
)
def test_the_administrator_keeps_the_dpo_contacts_in_the_admin(client, cast, role, status):
    # clause C9: the DPO contacts are data of each partnership, the Administrateur's
    client.force_login(cast[role])
    assert client.get(reverse("admin:privacy_dpocontact_add")).status_code == status


@pytest.mark.django_db
def test_another_communes_dpo_contact_is_not_found_in_the_admin(client, cast, other_cast):
    contact = DpoContact.objects.create(partnership=other_cast.partnership, party="commune", email="d@example.org")
    client.force_login(cast[Role.ADMINISTRATOR])
    response = client.get(reverse("admin:privacy_dpocontact_change", args=[contact.pk]))
    assert response.status_code in (302, 404)
    mine = DpoContact.objects.create(partnership=cast.partnership, party="commune", email="m@example.org")
    assert client.get(reverse("admin:privacy_dpocontact_change", args=[mine.pk])).status_code == 200
