import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from partnership.obligations import Duty
from partnership.permissions import Role
from partnership.tests.factories import UserFactory
from reminders import services
from reminders.models import DestructionRecord, Notification, SentReminder

D = datetime.date
DAY = datetime.timedelta(days=1)

# cast: cooperation convention in force 2024-2026 (clause C2) → renewal due 31 December 2026,
# personal data destroyed by 28 February 2027 (clause C9).
RENEWAL_DUE = D(2026, 12, 31)
C9_DUE = D(2027, 2, 28)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.REMINDER_DAYS_BEFORE = {"default": [30, 7]}
    settings.REMINDER_LATE_EVERY_DAYS = {"default": 7}


def renewal_key(cast):
    return f"convention:{cast.cooperation.pk}:renewal"


def c9_key(cast):
    return f"convention:{cast.cooperation.pk}:c9"


def sent(key):
    return sorted(SentReminder.objects.filter(duty_key=key).values_list("occasion", "user__username"))


def fake(due, done=False, kind="x"):
    return Duty(key=f"k:{kind}", title="t", due_date=due, clause="C2", partnership_id=1, done=done, kind=kind)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 1), None),  # 60 days ahead: nothing yet
        (D(2026, 12, 1), "avant-30"),
        (D(2026, 12, 20), "avant-30"),  # a run that missed day 30 still sends it
        (D(2026, 12, 24), "avant-7"),
        (D(2026, 12, 31), "echeance"),
        (D(2027, 1, 1), "retard-0"),
        (D(2027, 1, 7), "retard-0"),
        (D(2027, 1, 8), "retard-1"),
        (D(2027, 1, 15), "retard-2"),
    ],
)
def test_occasion_for_each_day(settings, today, expected):
    assert services.occasion_for(fake(D(2026, 12, 31)), today) == expected


def test_done_duty_needs_no_reminder():
    assert services.occasion_for(fake(D(2026, 12, 31), done=True), D(2027, 1, 8)) is None


def test_reminder_days_are_set_per_kind(settings):
    settings.REMINDER_DAYS_BEFORE = {"default": [7], "renewal": [90]}
    assert services.occasion_for(fake(RENEWAL_DUE, kind="renewal"), D(2026, 10, 15)) == "avant-90"
    assert services.occasion_for(fake(RENEWAL_DUE, kind="other"), D(2026, 10, 15)) is None


@pytest.mark.django_db
def test_before_on_and_after_the_due_date_and_never_twice(cast, other_cast):
    key = renewal_key(cast)
    actors = ["agent-relais-emploi", "correspondant-pôle-emploi", "rgc", "élu"]
    services.send_reminders(RENEWAL_DUE - 30 * DAY)
    assert sent(key) == [("avant-30", u) for u in actors]
    services.send_reminders(RENEWAL_DUE - 30 * DAY)  # same day again
    services.send_reminders(RENEWAL_DUE - 29 * DAY)  # next day, same occasion
    assert len(sent(key)) == 4
    services.send_reminders(RENEWAL_DUE - 7 * DAY)
    services.send_reminders(RENEWAL_DUE)
    services.send_reminders(RENEWAL_DUE)
    assert sorted({o for o, _u in sent(key)}) == ["avant-30", "avant-7", "echeance"]
    assert len(sent(key)) == 12
    # Only the partnership's own people: never the other commune's.
    assert not SentReminder.objects.filter(partnership=cast.partnership, user__username__startswith="other-").exists()
    assert not SentReminder.objects.filter(partnership=other_cast.partnership).exclude(
        user__username__startswith="other-"
    )

    # After the due date: the C9 duty stays to do until the destruction is recorded.
    key = c9_key(cast)
    services.send_reminders(C9_DUE + DAY)
    assert sent(key) == [("retard-0", "administrateur"), ("retard-0", "rgc")]
    services.send_reminders(C9_DUE + 7 * DAY)
    assert len(sent(key)) == 2
    services.send_reminders(C9_DUE + 8 * DAY)
    assert [o for o, _u in sent(key)] == ["retard-0", "retard-0", "retard-1", "retard-1"]


@pytest.mark.django_db
def test_catch_up_after_missed_days(cast):
    # The job did not run from 25 days ahead to a week after: it sends the late reminder on its next run.
    services.send_reminders(C9_DUE - 25 * DAY)
    assert {o for o, _u in sent(c9_key(cast))} == {"avant-30"}
    services.send_reminders(C9_DUE + 7 * DAY)
    assert {o for o, _u in sent(c9_key(cast))} == {"avant-30", "retard-0"}
    # And a week off just before the due date: the one on the day is sent the day it runs.
    services.send_reminders(RENEWAL_DUE)
    assert {o for o, _u in sent(renewal_key(cast))} == {"echeance"}


@pytest.mark.django_db
def test_no_reminder_once_done(cast):
    DestructionRecord.objects.create(convention=cast.cooperation, performed_on=C9_DUE, deadline=C9_DUE)
    services.send_reminders(C9_DUE + DAY)
    assert sent(c9_key(cast)) == []


@pytest.mark.django_db
def test_french_emails_html_and_text_and_a_notification(cast):
    services.send_reminders(RENEWAL_DUE - 7 * DAY)
    rgc = cast[Role.RGC]
    ours = [m for m in mail.outbox if m.to == [rgc.email] and "renouvellement" in m.subject]
    assert len(ours) == 1
    message = ours[0]
    assert message.subject.startswith("[Relais Emploi] Rappel : Préparer le renouvellement")
    assert "Échéance dans 7 jours, le 31 décembre 2026 (clause C10)." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert f"/conventions/{cast.cooperation.pk}/" in html
    notification = Notification.objects.get(user=rgc, reminder__duty_key=renewal_key(cast))
    assert notification.body == "Échéance dans 7 jours, le 31 décembre 2026 (clause C10)."
    assert notification.reminder.emailed_at is not None


@pytest.mark.django_db
def test_late_and_due_day_subjects(cast):
    services.send_reminders(C9_DUE + 3 * DAY)
    subjects = {m.subject for m in mail.outbox if "données personnelles" in m.subject}
    assert subjects == {
        f"[Relais Emploi] En retard : Détruire les données personnelles liées à « {cast.cooperation.title} »"
    }
    body = next(m.body for m in mail.outbox if "données personnelles" in m.subject)
    assert "En retard de 3 jours : l'échéance était le 28 février 2027 (clause C9)." in body


@pytest.mark.django_db
def test_recipients_have_an_actor_role_an_address_and_belong_to_a_party(cast):
    UserFactory(username="rgc-sans-adresse", role=Role.RGC, organisation=cast.partnership.commune, email="")
    UserFactory(username="rgc-parti", role=Role.RGC, organisation=cast.partnership.commune, is_active=False)
    UserFactory(username="rgc-ailleurs", role=Role.RGC, organisation=None)
    services.send_reminders(C9_DUE)
    assert sent(c9_key(cast)) == [("echeance", "administrateur"), ("echeance", "rgc")]


@pytest.mark.django_db
def test_a_failing_mail_server_keeps_the_claim_and_the_notification(cast, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    services.send_reminders(C9_DUE)
    reminder = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC])
    assert reminder.emailed_at is None
    assert reminder.email_error == "no server"
    assert Notification.objects.filter(reminder=reminder).exists()


@pytest.mark.django_db
def test_command_dry_run_prints_and_sends_nothing(cast, capsys):
    call_command("send_reminders", "--date", "2027-02-28", "--dry-run")
    out = capsys.readouterr().out
    assert "echeance" in out and "Détruire les données personnelles" in out and "(simulation)" in out
    assert not SentReminder.objects.exists()
    assert mail.outbox == []
    call_command("send_reminders", "--date", "2027-02-28")
    assert sent(c9_key(cast)) == [("echeance", "administrateur"), ("echeance", "rgc")]


@pytest.mark.django_db
def test_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Date invalide"):
        call_command("send_reminders", "--date", "31/02/2027")


@pytest.mark.django_db
def test_task_runs_the_job_for_today(cast, monkeypatch):
    from reminders import tasks

    monkeypatch.setattr("django.utils.timezone.localdate", lambda: C9_DUE)
    assert tasks.send_reminders.delay().get() >= 2
    assert len(sent(c9_key(cast))) == 2
