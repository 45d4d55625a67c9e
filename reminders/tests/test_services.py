import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from opus_service.legal_dates import PARIS
from partnership import obligations
from partnership.obligations import Duty
from partnership.permissions import Role
from partnership.tests.factories import UserFactory
from privacy.models import DestructionRecord
from relais.tests.factories import ActionFactory, MeetingFactory
from reminders import services
from reminders.models import Notification, SentReminder

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
def test_an_english_reader_gets_the_whole_reminder_in_english(cast):
    # clause C9's duty: its title too is in the recipient's language, the French readers' unchanged
    rgc = cast[Role.RGC]
    rgc.language = "en"
    rgc.save(update_fields=["language"])
    services.send_reminders(C9_DUE + 3 * DAY)
    english = {m.subject for m in mail.outbox if m.to == [rgc.email]}
    assert f"[Relais Emploi] Late: Destroy the personal data tied to “{cast.cooperation.title}”" in english
    titles = set(Notification.objects.filter(user=rgc).values_list("title", flat=True))
    assert f"Destroy the personal data tied to “{cast.cooperation.title}”" in titles
    french = next(m for m in mail.outbox if m.to == [cast[Role.ADMINISTRATOR].email])
    assert "Détruire les données personnelles liées à" in french.subject


@pytest.mark.django_db
def test_recipients_have_an_actor_role_an_address_and_belong_to_a_party(cast):
    UserFactory(username="rgc-sans-adresse", role=Role.RGC, organisation=cast.partnership.commune, email="")
    UserFactory(username="rgc-parti", role=Role.RGC, organisation=cast.partnership.commune, is_active=False)
    UserFactory(username="rgc-ailleurs", role=Role.RGC, organisation=None)
    services.send_reminders(C9_DUE)
    assert sent(c9_key(cast)) == [("echeance", "administrateur"), ("echeance", "rgc")]


@pytest.mark.django_db
def test_a_failing_mail_server_keeps_the_claim_and_the_notification(cast, monkeypatch, caplog):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    services.send_reminders(C9_DUE)
    reminder = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC])
    assert reminder.emailed_at is None
    assert reminder.email_error == "no server"
    assert reminder.attempts == 1
    assert Notification.objects.filter(reminder=reminder).exists()
    # The log names the reminder, never its recipient.
    assert f"Reminder {reminder.pk} could not be e-mailed (attempt 1 of 5): ConnectionRefusedError" in caplog.text
    rgc = cast[Role.RGC]
    assert rgc.email not in caplog.text and rgc.username not in caplog.text and rgc.last_name not in caplog.text


# ---- at least once: claim, send, then mark sent ---------------------------------------------

T0 = datetime.datetime(2027, 2, 28, 7, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


class Killed(BaseException):
    """The worker dies here (SIGKILL, out of memory): nothing after this line runs."""


def die_once(monkeypatch, target):
    """Make `target` (a dotted path) kill the run the first time it is called."""

    def die(*args, **kwargs):
        monkeypatch.undo()
        raise Killed

    monkeypatch.setattr(target, die)


def emails_of(reminder):
    return [m for m in mail.outbox if m.extra_headers.get("Message-ID") == reminder.message_id]


@pytest.fixture
def resend_after_15_minutes(settings):
    settings.REMINDER_RESEND_AFTER_MINUTES = 15
    settings.REMINDER_EMAIL_ATTEMPTS = 5


@pytest.mark.django_db
def test_each_email_has_the_message_id_of_its_reminder(cast):
    services.send_reminders(C9_DUE)
    reminder = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC])
    [message] = emails_of(reminder)
    assert message.message()["Message-ID"] == f"<reminder-{reminder.pk}@relais-emploi.example.org>"
    assert reminder.attempts == 1 and reminder.sending_since is None and reminder.emailed_at is not None


@pytest.mark.django_db
def test_a_claim_left_unsent_is_sent_again_after_the_delay_not_before(cast, monkeypatch, resend_after_15_minutes):
    # Clause C9 due today: the run claims the first reminder and dies before its e-mail leaves.
    die_once(monkeypatch, "django.core.mail.EmailMultiAlternatives.send")
    with pytest.raises(Killed):
        services.send_reminders(C9_DUE, now=T0)
    [reminder] = SentReminder.objects.all()
    assert (reminder.emailed_at, reminder.attempts, reminder.sending_since) == (None, 1, T0)
    assert mail.outbox == []
    assert Notification.objects.filter(reminder=reminder).count() == 1

    # Within the delay the claim may still be on its way: it is left alone, the others are sent.
    planned = services.plan(C9_DUE, T0 + 14 * MINUTE)
    assert reminder not in {item.reminder for item in planned}
    sent = services.send_reminders(C9_DUE, now=T0 + 14 * MINUTE)
    assert len(sent) == len(planned) > 0
    assert emails_of(reminder) == []
    others = len(mail.outbox)

    # After the delay the next run sends it, once, and marks it sent.
    [item] = services.plan(C9_DUE, T0 + 15 * MINUTE)
    assert item.reminder == reminder
    assert [i.reminder for i in services.send_reminders(C9_DUE, now=T0 + 15 * MINUTE)] == [reminder]
    assert len(emails_of(reminder)) == 1
    assert len(mail.outbox) == others + 1
    reminder.refresh_from_db()
    assert (reminder.emailed_at, reminder.attempts, reminder.sending_since) == (T0 + 15 * MINUTE, 2, None)
    assert Notification.objects.filter(reminder=reminder).count() == 1  # the notification, once

    assert services.send_reminders(C9_DUE, now=T0 + 60 * MINUTE) == []
    assert len(mail.outbox) == others + 1


@pytest.mark.django_db
def test_a_resend_is_the_same_email_even_if_the_duty_changed(cast, monkeypatch, resend_after_15_minutes):
    # The e-mail leaves, then the run dies before marking it sent: it goes again, the same.
    die_once(monkeypatch, "reminders.models.SentReminder.mark_emailed")
    with pytest.raises(Killed):
        services.send_reminders(C9_DUE, now=T0)
    [reminder] = SentReminder.objects.all()
    [first] = emails_of(reminder)
    # The convention is renamed meanwhile: the duty's title (clause C9) changes, not the e-mail.
    cast.cooperation.title = "Convention renommée"
    cast.cooperation.save()
    services.send_reminders(C9_DUE, now=T0 + 20 * MINUTE)
    [_, again] = emails_of(reminder)
    assert "Convention renommée" not in again.subject
    assert (again.subject, again.body, again.alternatives, again.to, again.from_email) == (
        first.subject,
        first.body,
        first.alternatives,
        first.to,
        first.from_email,
    )
    assert again.message()["Message-ID"] == first.message()["Message-ID"] == reminder.message_id
    # The reminders claimed in the second run carry the new title.
    assert any("Convention renommée" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_a_mail_failure_is_tried_again_by_later_runs_up_to_the_limit(cast, monkeypatch, resend_after_15_minutes):
    from smtplib import SMTPServerDisconnected

    def refuse(self, *args, **kwargs):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    # Clause C9 late: retard-0 holds for a week, one run a day; a refused e-mail waits for no delay.
    for day in range(1, 8):
        services.send_reminders(C9_DUE + day * DAY, now=T0 + day * DAY)
    reminder = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC])
    assert reminder.occasion == "retard-0"
    assert (reminder.attempts, reminder.emailed_at, reminder.sending_since) == (5, None, None)
    assert reminder.email_error == "Connection unexpectedly closed"

    # Five attempts made: the server is back, but this one is not tried again (its notification stays).
    monkeypatch.undo()
    services.send_reminders(C9_DUE + 7 * DAY, now=T0 + 7 * DAY + MINUTE)
    assert emails_of(reminder) == []
    assert Notification.objects.filter(reminder=reminder).exists()


@pytest.mark.django_db
def test_a_mail_failure_then_a_delivery(cast, monkeypatch, resend_after_15_minutes):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    services.send_reminders(C9_DUE + DAY, now=T0)
    services.send_reminders(C9_DUE + DAY, now=T0 + MINUTE)  # a run by hand, a minute later
    monkeypatch.undo()
    sent = services.send_reminders(C9_DUE + 2 * DAY, now=T0 + DAY)
    reminder = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC])
    assert reminder in {item.reminder for item in sent}
    assert (reminder.attempts, reminder.emailed_at) == (3, T0 + DAY)
    assert reminder.email_error == "no server"  # what went wrong before is kept
    # The e-mail the claim recorded on its first day, not one made afresh a day later.
    [message] = emails_of(reminder)
    assert "En retard de 1 jour : l'échéance était le 28 février 2027 (clause C9)." in message.body


@pytest.mark.django_db
def test_a_claim_whose_occasion_passed_or_whose_duty_is_done_is_not_sent_again(cast, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    services.send_reminders(C9_DUE, now=T0)
    monkeypatch.undo()
    on_the_day = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC])
    # The next day the duty (clause C9) is late: the late reminder goes, not "due today".
    services.send_reminders(C9_DUE + DAY, now=T0 + DAY)
    assert emails_of(on_the_day) == []
    late = SentReminder.objects.get(duty_key=c9_key(cast), user=cast[Role.RGC], occasion="retard-0")
    assert len(emails_of(late)) == 1

    # A late reminder left unsent, then the destruction recorded: the duty is done, nothing goes.
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    services.send_reminders(C9_DUE + 8 * DAY, now=T0 + 8 * DAY)
    monkeypatch.undo()
    DestructionRecord.objects.create(convention=cast.cooperation, performed_on=C9_DUE, deadline=C9_DUE)
    mail.outbox.clear()
    services.send_reminders(C9_DUE + 9 * DAY, now=T0 + 9 * DAY)
    assert not any("données personnelles" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_command_dry_run_counts_the_reminders_to_send_again(cast, monkeypatch, capsys):
    die_once(monkeypatch, "django.core.mail.EmailMultiAlternatives.send")
    with pytest.raises(Killed):
        services.send_reminders(C9_DUE, now=timezone.now() - 20 * MINUTE)
    call_command("send_reminders", "--date", "2027-02-28", "--dry-run")
    out = capsys.readouterr().out
    assert out.count("(renvoi)") == 1
    assert ", dont 1 renvoyé(s) faute d'envoi confirmé (simulation)." in out
    call_command("send_reminders", "--date", "2027-02-28")
    assert ", dont 1 renvoyé(s) faute d'envoi confirmé." in capsys.readouterr().out
    assert not SentReminder.objects.filter(emailed_at__isnull=True).exists()


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
    assert tasks.send_reminders.delay().get() == 1  # one batch: the job spread over the workers
    assert len(sent(c9_key(cast))) == 2


def test_the_lead_sentence_writes_the_first_of_the_month_1er():
    assert services.lead_sentence(fake(D(2026, 12, 1)), "avant-30", D(2026, 11, 1)) == (
        "Échéance dans 30 jours, le 1er décembre 2026 (clause C2)."
    )


@pytest.mark.django_db
def test_the_reminders_are_those_of_every_duty_though_the_done_ones_before_today_are_not_read(cast):
    # A referent meeting held in March (clause C6: done, not read), one planned in October and not
    # held (late: reminded), an action of the March meeting still to do.
    held = MeetingFactory(partnership=cast.partnership, held=True)
    MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2026, 10, 6, 10, tzinfo=PARIS))
    ActionFactory(meeting=held, due_on=D(2026, 11, 20))
    today = D(2026, 12, 1)
    every = obligations.collect([cast.partnership.pk], today)
    assert any(duty.done and duty.due_date < today for duty in every)
    expected = {(duty.key, occasion) for duty in every if (occasion := services.occasion_for(duty, today))}
    assert {(item.duty.key, item.occasion) for item in services.plan(today)} == expected
    assert any(occasion.startswith("retard") for _key, occasion in expected)
    assert not any(duty.done and duty.due_date < today for duty in services._duties(today))
