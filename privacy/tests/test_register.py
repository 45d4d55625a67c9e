"""The record of processing activities (article 30 RGPD, clause C9): generated from the models,
the roles and the settings, completed in the admin panel, as a page and a PDF to sign."""

import pytest
from django.urls import reverse

from partnership.permissions import Role
from privacy import register
from privacy.models import DpoContact, RegisterCompletion


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.RGC, 200), (Role.ELU, 200), (Role.ADMINISTRATOR, 200), (Role.AGENT, 403), (Role.CORRESPONDENT, 403)],
)
def test_who_reads_the_register(client, cast, role, status):
    client.force_login(cast[role])
    assert client.get(reverse("privacy:register")).status_code == status


@pytest.mark.django_db
def test_the_register_is_read_from_the_models_roles_and_settings(client, cast, settings):
    # clause C9: processed only for the conventions, destroyed two months after their end
    settings.AXES_FAILURE_LIMIT = 7
    DpoContact.objects.create(partnership=cast.partnership, party="commune", email="dpo@commune.example.org")
    client.force_login(cast[Role.ADMINISTRATOR])
    page = client.get(reverse("privacy:register")).content.decode()
    assert "adresse électronique professionnelle" in page  # Person.email's verbose name
    assert "motif de révocation" in page  # OpusAccount's
    assert "dpo@commune.example.org" in page and "au plus tard deux mois après son échéance" in page
    assert "après 7 échecs de connexion" in page
    assert [activity.key for activity in register.ACTIVITIES] == [
        "conventions", "opus", "meetings", "documents", "reminders", "logins", "rights",
    ]  # fmt: skip


def test_recipients_are_the_roles_the_views_and_the_admin_allow():
    opus = next(a for a in register.ACTIVITIES if a.key == "opus")
    assert set(register.recipients(opus)) >= {Role.RGC, Role.ADMINISTRATOR, Role.AGENT}
    rights = next(a for a in register.ACTIVITIES if a.key == "rights")
    assert Role.CORRESPONDENT not in register.recipients(rights)


@pytest.mark.django_db
def test_what_the_administrator_completes_shows_in_the_page_and_the_pdf(client, cast):
    RegisterCompletion.objects.create(
        partnership=cast.partnership, activity="documents", other_recipients="Hébergeur : Exemple SAS"
    )
    client.force_login(cast[Role.ELU])
    assert "Hébergeur : Exemple SAS" in client.get(reverse("privacy:register")).content.decode()
    response = client.get(reverse("privacy:register"), {"pdf": 1})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    html = client.get(reverse("privacy:register"), {"html": 1}).content.decode()
    assert "Le délégué à la protection des données" in html


@pytest.mark.django_db
def test_another_communes_register_is_never_shown(client, cast, other_cast):
    RegisterCompletion.objects.create(partnership=other_cast.partnership, activity="opus", transfers="Secret")
    client.force_login(cast[Role.ADMINISTRATOR])
    # A partnership outside the scope is a 404, as on every page with the partnership filter.
    response = client.get(reverse("privacy:register"), {"partenariat": other_cast.partnership.pk})
    assert response.status_code == 404
    page = response.content.decode()
    assert other_cast.partnership.name not in page and "Secret" not in page
    completion = RegisterCompletion.objects.get()
    response = client.get(reverse("admin:privacy_registercompletion_change", args=[completion.pk]))
    assert response.status_code in (302, 404)


@pytest.mark.django_db
def test_the_administrator_completes_the_register_in_the_admin(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    response = client.post(
        reverse("admin:privacy_registercompletion_add"),
        {"partnership": cast.partnership.pk, "activity": "meetings", "other_recipients": "", "transfers": "",
         "retention": "Comptes rendus versés aux archives", "security": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert RegisterCompletion.objects.get().retention == "Comptes rendus versés aux archives"
