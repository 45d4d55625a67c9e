"""English beside French (issue 18): the language switch and its round trip, the language kept on
the account, the pages, the dates and what is sent to a person in that person's language."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from operations import jobs as operations_jobs
from partnership import languages
from partnership.french import de, french_date, que
from partnership.permissions import Role
from partnership.tests.factories import UserFactory

D = datetime.date


@pytest.fixture(autouse=True)
def _french_afterwards():
    """A request activates its language for the thread: the next tests get French back."""
    yield
    translation.activate("fr")


def _switch(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_the_switch_turns_the_pages_english_and_back_and_remembers_it_on_the_account(client, cast):
    agent = cast[Role.AGENT]
    client.force_login(agent)
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in page and "Se déconnecter" in page
    assert 'value="fr" lang="fr" class="language-option" aria-current="true">Français' in page

    response = _switch(client, "en", reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    agent.refresh_from_db()
    assert agent.language == "en"
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Log out" in page and "Main navigation" in page and "Se déconnecter" not in page
    assert 'value="en" lang="en" class="language-option" aria-current="true">English' in page
    assert "<h1>Partnership dashboard</h1>" in page
    with translation.override("en"):
        assert f"Situation on {french_date(datetime.date.today(), 'l j F Y')}." in page  # Tuesday 1 December 2026

    _switch(client, "fr", reverse("home"))
    agent.refresh_from_db()
    assert agent.language == "fr"
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in page and "Se déconnecter" in page and "Tableau de bord du partenariat" in page


def test_the_chosen_language_wins_over_the_browser_s_at_the_next_session(client, cast):
    agent = cast[Role.AGENT]
    agent.language = "en"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert '<html lang="en">' in page and "Log out" in page


def test_the_login_page_has_the_switch_and_an_anonymous_visitor_s_choice_is_a_cookie(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page and "<h1>Connexion</h1>" in page
    response = _switch(client, "en", reverse("login"))
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    page = client.get(reverse("login")).content.decode()
    assert "<h1>Log in</h1>" in page and '<html lang="en">' in page


def test_the_browser_s_language_is_followed_until_a_choice_is_made(client, db):
    assert "<h1>Log in</h1>" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert "<h1>Connexion</h1>" in client.get(reverse("login")).content.decode()


def test_the_switch_refuses_a_get_and_keeps_an_unknown_language_off_the_account(client, cast):
    client.force_login(cast[Role.AGENT])
    assert client.get(reverse("set_language")).status_code == 405
    _switch(client, "de")
    cast[Role.AGENT].refresh_from_db()
    assert cast[Role.AGENT].language == ""


def test_the_admin_panel_wears_the_switch(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    _switch(client, "en")
    page = client.get(reverse("admin:index")).content.decode()
    assert 'class="language-switch"' in page and "Log out" in page


def test_dates_follow_the_language_and_french_stays_as_it_was():
    day, moment = D(2026, 12, 1), datetime.datetime(2026, 12, 1, 14, 30)
    assert french_date(day) == "1er décembre 2026"
    assert french_date(moment, "l j F Y à H\\hi") == "mardi 1er décembre 2026 à 14h30"
    assert de("Emilie Martin") == "d'Emilie Martin" and que("Emilie") == "qu'Emilie"
    with translation.override("en"):
        assert french_date(day) == "1 December 2026"
        assert french_date(moment, "l j F Y à H\\hi") == "Tuesday 1 December 2026 at 14:30"
        assert french_date(moment, "j F Y à H:i") == "1 December 2026 at 14:30"
        assert de("Emilie Martin") == "Emilie Martin" and que("Emilie") == "that Emilie"


def test_a_recipient_s_language_is_their_account_s_and_french_for_everyone_else(db, django_assert_num_queries):
    english = UserFactory(username="en-user", email="Claire.Martin@example.org", language="en")
    UserFactory(username="fr-user", email="paul@example.org", language="fr")
    UserFactory(username="gone", email="gone@example.org", language="en", is_active=False)
    assert languages.language_of(english) == "en"
    assert languages.language_of("claire.martin@example.org") == "en"  # a Person's address, any case
    assert languages.language_of("nobody@example.org") == "fr"  # a person without an account
    assert languages.language_of("gone@example.org") == "fr"
    assert languages.language_of(None) == "fr"  # an organisation
    with django_assert_num_queries(1):
        groups = [(translation.get_language(), group) for group in languages.by_language(
            ["paul@example.org", "Claire.Martin@example.org", "nobody@example.org"]
        )]  # fmt: skip
    assert groups == [("fr", ["paul@example.org", "nobody@example.org"]), ("en", ["Claire.Martin@example.org"])]


def test_the_late_jobs_alert_goes_to_each_administrator_in_their_language(db):
    UserFactory(username="admin-en", email="admin-en@example.org", language="en")

    class Run:
        label, last_success_at, late_after = "Rappels des échéances", None, datetime.datetime(2026, 12, 1, 8, 0)

    operations_jobs._send([Run()], ["admin-fr@example.org", "admin-en@example.org"])
    french, english = mail.outbox
    assert french.to == ["admin-fr@example.org"] and "traitement quotidien est en retard" in french.subject
    assert english.to == ["admin-en@example.org"] and english.subject == "Relais Emploi: a daily job is late"
    assert "These daily jobs have not succeeded" in english.body and "1 December 2026 at 08:00" in english.body
    assert "1er décembre 2026 à 08:00" in french.body


def test_a_meeting_invitation_goes_to_each_participant_in_their_language(
    cast, client, django_capture_on_commit_callbacks
):
    # clause C6: the participants of both parties are invited; a person with an account that chose
    # English gets it in English, the others in French
    from relais.tests.factories import MeetingFactory, person_of

    agent, correspondent = cast[Role.AGENT], cast[Role.CORRESPONDENT]
    agent.language = "en"
    agent.save(update_fields=["language"])
    meeting = MeetingFactory(partnership=cast.partnership)
    meeting.participants.set([person_of(agent), person_of(correspondent)])
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("relais:meeting_invite", args=[meeting.pk])).status_code == 302
    (english,) = [message for message in mail.outbox if message.to == [agent.email]]
    (french,) = [message for message in mail.outbox if message.to == [correspondent.email]]
    assert "You are invited to the bimonthly meeting" in english.body and "Hello," in english.body
    assert "March 2026 at" in english.subject and "Pôle emploi referent adviser meeting" in english.subject
    assert "Vous êtes invité(e) à la réunion bimestrielle" in french.body and "mars 2026 à" in french.subject
    assert english.attachments[0][1] == french.attachments[0][1]  # the same calendar event


def test_the_commitment_pdf_is_in_its_holder_s_language_whoever_prints_it(client, cast):
    # clauses O8, O15: the holder signs what they read
    from opus_accounts.tests.factories import AccountFactory, AnnexFactory
    from opus_accounts.tests.test_commitment import pdf_text

    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    UserFactory(username="holder", email="lucie.morel@example.org", language="en")
    english = AccountFactory(convention=cast.opus, person__email="lucie.morel@example.org", commitment=False)
    french = AccountFactory(convention=cast.opus, person__email="sans.compte@example.org", commitment=False)
    rgc = cast[Role.RGC]
    rgc.language = "en"  # the reader's language does not decide
    rgc.save(update_fields=["language"])
    client.force_login(rgc)
    url = "admin:opus_accounts_opusaccount_commitment"
    text = " ".join(pdf_text(client.get(reverse(url, args=[english.pk])).content).split())
    assert "The account holder" in text and "Strictly personal and confidential" in text
    text = " ".join(pdf_text(client.get(reverse(url, args=[french.pk])).content).split())
    assert "Le titulaire du compte" in text and "Strictement personnels et confidentiels" in text
