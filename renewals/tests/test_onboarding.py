"""A platform administrator onboards the demo's second commune, Valbrume, through the pages: the
commune and its agency, its first conventions from the standard commitments, its agent invited
by e-mail, who sets a password from the link and sees Valbrume's partnership only."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from partnership import commitment_templates as partnership_templates
from partnership.models import Commitment, Convention, Organisation, Partnership, User
from partnership.permissions import Role
from partnership.tests.factories import UserFactory
from renewals import commitment_templates

pytestmark = pytest.mark.django_db
D = datetime.date

VALBRUME = {
    "name": "Valbrume (commune fictive)", "siren": "219999992", "insee_code": "99999", "safir_code": "99002",
    "address": "Place de la Mairie\n99000 Valbrume", "population": 3200,
    "agency_name": "Agence fictive de Valbrume (démonstration)", "agency_safir_code": "99001",
    "agency_address": "1 place de l'Exemple\n99000 Valbrume",
}  # fmt: skip
CONVENTIONS = {
    "effective_from": "2025-01-01", "duration_months": 36, "signed_on": "2024-12-16", "opus_signed_on": "2025-02-03",
    "mayor_first_name": "Claire", "mayor_last_name": "EXEMPLE", "director_first_name": "Paul",
    "director_last_name": "MODELE", "partner_safir_code": "99002", "rgc_function": "Responsable du Relais Emploi",
    "correspondent_email": "correspondant-fictif@example.org", "active_accounts_cap": 3,
}  # fmt: skip


@pytest.fixture
def platform(db):
    return UserFactory(username="plateforme", is_superuser=True, is_staff=True, organisation=None)


def test_valbrume_is_onboarded_through_the_pages(client, platform, cast, django_capture_on_commit_callbacks):
    # clauses C1, C2, C5, C7, O20, O21, O22
    client.force_login(platform)
    response = client.post(reverse("onboarding:communes"), VALBRUME)
    assert response.status_code == 302
    partnership = Partnership.objects.get(commune__name="Valbrume (commune fictive)")
    assert partnership.agency.name == "Agence fictive de Valbrume (démonstration)"
    assert partnership.agency.kind == Organisation.Kind.AGENCY
    assert response["Location"] == reverse("onboarding:commune", args=[partnership.pk])

    response = client.post(reverse("onboarding:conventions", args=[partnership.pk]), CONVENTIONS)
    assert response.status_code == 302
    cooperation = Convention.objects.get(partnership=partnership, kind=Convention.Kind.COOPERATION)
    opus = Convention.objects.get(partnership=partnership, kind=Convention.Kind.OPUS)
    assert (cooperation.effective_from, cooperation.end_date().date) == (D(2025, 1, 1), D(2027, 12, 31))
    assert opus.parent == cooperation and opus.effective_date().date == D(2025, 2, 3)
    assert opus.opus_annex.active_accounts_cap == 3
    assert opus.opus_services.count() == len(commitment_templates.OPUS_SERVICES)
    texts = set(Commitment.objects.filter(convention=cooperation).values_list("text", flat=True))
    assert texts == {text for _clause, text in partnership_templates.POLE_EMPLOI} | {
        text for _clause, text in partnership_templates.COMMUNE
    }
    assert [str(p.representative) for p in cooperation.parties.all()] == ["Claire EXEMPLE", "Paul MODELE"]
    # Only once: a second attempt is refused.
    assert client.post(reverse("onboarding:conventions", args=[partnership.pk]), CONVENTIONS).status_code == 422
    assert Convention.objects.filter(partnership=partnership).count() == 2

    invite = {"first_name": "Jeanne", "last_name": "Exemple", "email": "agent-valbrume@example.org",
              "username": "agent-valbrume", "role": Role.AGENT}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes once the login is committed
        assert client.post(reverse("onboarding:commune", args=[partnership.pk]), invite).status_code == 302
    agent = User.objects.get(username="agent-valbrume")
    assert (agent.organisation, agent.is_superuser, agent.has_usable_password()) == (partnership.commune, False, False)
    assert list(agent.groups.values_list("name", flat=True)) == [Role.AGENT]
    [email] = mail.outbox
    assert email.to == ["agent-valbrume@example.org"]
    link = re.search(r"http://testserver(/plateforme/bienvenue/\S+)", email.body).group(1)
    client.logout()

    # The link: Django's password reset flow (the token moves into the session, then the form).
    response = client.get(link, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Brume-et-soleil-2025", "new_password2": "Brume-et-soleil-2025"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    agent.refresh_from_db()
    assert agent.check_password("Brume-et-soleil-2025")
    # used once only
    assert client.get(link, follow=True).context["validlink"] is False

    client.force_login(agent)
    content = client.get(reverse("convention_list")).content.decode()
    assert cooperation.title in content and cast.cooperation.title not in content
    assert client.get(cast.cooperation.get_absolute_url()).status_code == 404


def test_an_invitation_with_a_malformed_login_is_refused(client, platform, cast):
    client.force_login(platform)
    invite = {"first_name": "A", "last_name": "B", "email": "new@example.org", "username": "pas un identifiant!",
              "role": Role.AGENT}  # fmt: skip
    response = client.post(reverse("onboarding:commune", args=[cast.partnership.pk]), invite)
    assert response.status_code == 422
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize("role", Role.ALL)
def test_no_role_of_a_commune_onboards(client, cast, role):
    client.force_login(cast[role])
    assert client.get(reverse("onboarding:communes")).status_code == 403
    assert client.post(reverse("onboarding:communes"), VALBRUME).status_code == 403
    assert client.get(reverse("onboarding:commune", args=[cast.partnership.pk])).status_code == 403
    assert client.get(reverse("onboarding:conventions", args=[cast.partnership.pk])).status_code == 403
    assert not Organisation.objects.filter(name=VALBRUME["name"]).exists()


def test_the_platform_administrator_sees_the_pages(client, platform, cast):
    client.force_login(platform)
    assert client.get(reverse("onboarding:communes")).status_code == 200
    assert client.get(reverse("onboarding:commune", args=[cast.partnership.pk])).status_code == 200
    assert client.get(reverse("onboarding:conventions", args=[cast.partnership.pk])).status_code == 200


@pytest.mark.parametrize(
    "change, field",
    [({"siren": ""}, "siren"), ({"siren": "219999993"}, "siren"), ({"agency_name": ""}, "agency_name")],
)
def test_a_bad_commune_is_refused_in_french_and_nothing_saved(client, platform, change, field):
    client.force_login(platform)
    response = client.post(reverse("onboarding:communes"), {**VALBRUME, **change})
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not Organisation.objects.filter(name__contains="Valbrume").exists()


def test_an_invitation_is_refused_for_a_taken_login(client, platform, cast, django_capture_on_commit_callbacks):
    client.force_login(platform)
    invite = {"first_name": "A", "last_name": "B", "email": "new@example.org", "username": cast[Role.AGENT].username,
              "role": Role.AGENT}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:commune", args=[cast.partnership.pk]), invite)
    assert response.status_code == 422
    assert "déjà pris" in response.content.decode()
    assert mail.outbox == []


def test_a_forged_link_sets_no_password(client, cast):
    agent = cast[Role.AGENT]
    response = client.get(reverse("onboarding:set_password", args=["MQ", "forged-token"]), follow=True)
    assert response.context["validlink"] is False
    agent.refresh_from_db()
    assert agent.check_password("secret-pass-123")
