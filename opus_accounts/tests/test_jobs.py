import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from opus_accounts import jobs, services, tasks
from opus_accounts.models import HolderChange, OpusAccount, ReviewClaim
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory, HolderFactory
from partnership.models import Termination
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory
from reminders.models import Notification

D = datetime.date
State = OpusAccount.State


@pytest.fixture
def rgc(opus):
    return DesignationFactory(convention=opus, approved=True)


@pytest.fixture
def lasting(cast):
    """`cast`'s conventions in force to the end of 2028, for the reviews of 2027."""
    cast.cooperation.duration_months = 60
    cast.cooperation.save()


def test_absence_over_three_months_revokes_once_and_emails_once(
    opus, rgc, cast, lasting, django_capture_on_commit_callbacks
):
    # clause O6: absence from 30 November exceeds three months after the end of February
    account = AccountFactory(convention=opus, active=True)
    services.record_absence(account.person, D(2026, 11, 30), None, cast[Role.RGC])
    with django_capture_on_commit_callbacks(execute=True):
        assert [item[0] for item in jobs.review_accounts(D(2027, 2, 28))] == ["warned"]
    account.refresh_from_db()
    assert account.state == State.ACTIVE
    mail.outbox.clear()  # the warnings sent before
    with django_capture_on_commit_callbacks(execute=True):
        done = jobs.review_accounts(D(2027, 3, 1))
    assert done == [("revoked", account.pk, OpusAccount.Reason.ABSENCE)]
    account.refresh_from_db()
    assert (account.state, account.revocation_reason, account.revoked_on) == (
        State.REVOKED,
        OpusAccount.Reason.ABSENCE,
        D(2027, 3, 1),
    )
    assert account.revoked_by is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [rgc.person.email]
    assert "retirez" in mail.outbox[0].body.lower()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.review_accounts(D(2027, 3, 2)) == []
    assert len(mail.outbox) == 1


def test_absence_in_a_leap_year(rgc, cast):
    # clause O6: 30 November 2023 + 3 months = 29 February 2024, exceeded on 1 March 2024
    earlier = ConventionFactory(partnership=cast.partnership, opus=True, parent__duration_months=48)  # 2021 to 2024
    AnnexFactory(convention=earlier)
    account = AccountFactory(convention=earlier, active=True, activated_on=D(2023, 6, 1), informed_on=D(2023, 6, 1))
    services.record_absence(account.person, D(2023, 11, 30), None, cast[Role.RGC])
    jobs.review_accounts(D(2024, 2, 29))
    account.refresh_from_db()
    assert account.state == State.ACTIVE
    jobs.review_accounts(D(2024, 3, 1))
    account.refresh_from_db()
    assert account.state == State.REVOKED


def test_return_before_three_months_keeps_the_access(opus, rgc, cast):
    # clause O6
    account = AccountFactory(convention=opus, active=True)
    absence = services.record_absence(account.person, D(2026, 1, 1), None, cast[Role.RGC])
    absence.ended_on = D(2026, 4, 1)  # last day absent: the three months end that day
    absence.save()
    jobs.review_accounts(D(2026, 5, 1))
    account.refresh_from_db()
    assert account.state == State.ACTIVE


def test_warning_before_three_months_sent_once(opus, rgc, cast, settings, django_capture_on_commit_callbacks):
    # clause O6: the RGC is warned before the three months are reached
    settings.OPUS_ACCOUNTS_ABSENCE_WARNING_DAYS = 15
    account = AccountFactory(convention=opus, active=True)
    services.record_absence(account.person, D(2026, 1, 1), D(2026, 6, 30), cast[Role.RGC])
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.review_accounts(D(2026, 3, 17)) == []
        assert len(jobs.review_accounts(D(2026, 3, 18))) == 1
        assert jobs.review_accounts(D(2026, 3, 19)) == []
    assert len(mail.outbox) == 1
    assert "2 avril" in mail.outbox[0].body or "02/04/2026" in mail.outbox[0].body


@pytest.mark.parametrize(
    "kind, reason",
    [
        (HolderChange.Kind.FUNCTION_CHANGE, OpusAccount.Reason.FUNCTION_CHANGE),
        (HolderChange.Kind.DEPARTURE, OpusAccount.Reason.DEPARTURE),
    ],
)
def test_function_change_and_departure_revoke(opus, rgc, cast, kind, reason):
    # clause O6: "dont les fonctions viendraient à changer […] ou qui quitterait la structure"
    account = AccountFactory(convention=opus, active=True)
    services.record_change(account.person, kind, D(2026, 3, 10), cast[Role.RGC], new_function="Comptable")
    jobs.review_accounts(D(2026, 3, 9))
    account.refresh_from_db()
    assert account.state == State.ACTIVE
    jobs.review_accounts(D(2026, 3, 10))
    account.refresh_from_db()
    assert (account.state, account.revocation_reason) == (State.REVOKED, reason)


def test_account_activated_after_a_function_change_is_kept(opus, rgc, cast):
    # clause O6: the new function was authorised afterwards
    account = AccountFactory(convention=opus, active=True, activated_on=D(2026, 4, 1))
    services.record_change(account.person, HolderChange.Kind.FUNCTION_CHANGE, D(2026, 3, 10), cast[Role.RGC], "X")
    jobs.review_accounts(D(2026, 4, 2))
    account.refresh_from_db()
    assert account.state == State.ACTIVE


def test_remind_only_setting(opus, rgc, cast, settings, django_capture_on_commit_callbacks):
    # clause O6: where settings say so, the job only reminds the RGC
    settings.OPUS_ACCOUNTS_AUTO_REVOKE = False
    account = AccountFactory(convention=opus, active=True)
    services.record_change(account.person, HolderChange.Kind.DEPARTURE, D(2026, 3, 10), cast[Role.RGC])
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.review_accounts(D(2026, 3, 10)) == [("reminded", account.pk, OpusAccount.Reason.DEPARTURE)]
        assert jobs.review_accounts(D(2026, 3, 11)) == []
    account.refresh_from_db()
    assert account.state == State.ACTIVE
    assert len(mail.outbox) == 1 and "révoquez" in mail.outbox[0].subject


def test_without_rgc_in_office_the_rgc_users_are_emailed(opus, cast, django_capture_on_commit_callbacks):
    account = AccountFactory(convention=opus, active=True)
    services.record_change(account.person, HolderChange.Kind.DEPARTURE, D(2026, 3, 10), cast[Role.RGC])
    with django_capture_on_commit_callbacks(execute=True):
        jobs.review_accounts(D(2026, 3, 10))
    assert mail.outbox[0].to == [cast[Role.RGC].email]


def test_task_and_command_run_the_job(opus, rgc, cast):
    account = AccountFactory(convention=opus, active=True)
    services.record_change(account.person, HolderChange.Kind.DEPARTURE, D(2026, 3, 10), cast[Role.RGC])
    assert tasks.review_accounts.delay().get() == 1
    call_command("review_opus_accounts", "--date", "2026-03-11")
    assert ReviewClaim.objects.count() == 1


def test_beat_schedules_the_review_daily(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="opus_accounts.review_accounts")
    assert task.enabled and task.crontab.hour == "6"


def test_the_rgc_is_told_by_email_and_in_the_app_with_the_page_to_act_on(
    opus, rgc, cast, django_capture_on_commit_callbacks
):
    # clause O6: the revocation announced where the RGC acts: the account's page in the register
    from reminders.models import Notification

    account = AccountFactory(convention=opus, active=True)
    account.person.last_name = "D'ARTAGNAN"
    account.person.save()
    services.record_change(account.person, HolderChange.Kind.DEPARTURE, D(2026, 3, 10), cast[Role.RGC])
    with django_capture_on_commit_callbacks(execute=True):
        jobs.review_accounts(D(2026, 3, 10))
    [message] = mail.outbox
    url = f"/admin/opus_accounts/opusaccount/{account.pk}/change/"
    assert url in message.body and url in message.alternatives[0][0]
    assert "D'ARTAGNAN" in message.subject and "&#x27;" not in message.subject + message.body
    assert "10 mars 2026" in message.body and "Départ de la structure" in message.body
    [notice] = Notification.objects.filter(user=cast[Role.RGC])
    assert notice.url == url and notice.clause == "O6" and "D'ARTAGNAN" in notice.title
    assert "&#x27;" not in notice.body and "retirez" in notice.body.lower()


def test_the_dry_run_shows_the_steps_and_takes_none(opus, rgc, cast, capsys):
    account = AccountFactory(convention=opus, active=True)
    services.record_change(account.person, HolderChange.Kind.DEPARTURE, D(2026, 3, 10), cast[Role.RGC])
    assert jobs.review_accounts(D(2026, 3, 10), dry_run=True) == [("revoked", account.pk, "depart")]
    call_command("review_opus_accounts", "--date", "2026-03-10", "--dry-run")
    assert "1 étape(s) seraient faites le 10/03/2026" in capsys.readouterr().out
    account.refresh_from_db()
    assert account.state == State.ACTIVE and not ReviewClaim.objects.exists() and not mail.outbox


def test_the_emails_elide_before_a_vowel_and_write_the_first_of_the_month_1er(
    opus, rgc, cast, lasting, django_capture_on_commit_callbacks
):
    # clause O6: revoked on 1 March 2027, the absence from 30 November 2026 exceeding three months
    account = AccountFactory(convention=opus, active=True, person__first_name="Emilie", person__last_name="Arnaud")
    services.record_absence(account.person, D(2026, 11, 30), None, cast[Role.RGC])
    with django_capture_on_commit_callbacks(execute=True):
        jobs.review_accounts(D(2027, 3, 1))
    [email] = mail.outbox
    assert email.subject == "[Relais Emploi] OPUS : retirez l'accès d'Emilie Arnaud"
    assert "Le compte OPUS d'Emilie Arnaud a été révoqué dans le registre le 1er mars 2027" in email.body
    assert "de Emilie" not in email.body


def test_the_end_of_the_convention_closes_its_accounts_once(opus, rgc, cast, django_capture_on_commit_callbacks):
    # clause O20: the OPUS convention ends with its partnership convention, on 31 December 2026;
    # from 1 January 2027 no account lives on it: the job closes them, tells the RGC, once.
    active = AccountFactory(convention=opus, active=True, person__first_name="Emilie", person__last_name="Arnaud")
    suspended = AccountFactory(convention=opus, active=True)
    services.suspend(suspended, None, D(2026, 6, 1))
    assert jobs.review_accounts(D(2026, 12, 31)) == []  # the last day in force: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        done = jobs.review_accounts(D(2027, 1, 4))  # a job that missed the first days catches up
    assert sorted(done) == sorted(
        [
            ("closed", active.pk, OpusAccount.Reason.CONVENTION_ENDED),
            ("closed", suspended.pk, OpusAccount.Reason.CONVENTION_ENDED),
        ]
    )
    for account in (active, suspended):
        account.refresh_from_db()
        # the register says so: revoked from the first day the convention is no longer in force
        assert (account.state, account.revocation_reason, account.revoked_on) == (
            State.REVOKED, OpusAccount.Reason.CONVENTION_ENDED, D(2027, 1, 1),
        )  # fmt: skip
        assert account.get_revocation_reason_display() == "Fin de la convention"
    assert len(mail.outbox) == 2
    email = next(m for m in mail.outbox if "Emilie" in m.body)
    assert email.subject == "[Relais Emploi] OPUS : retirez l'accès d'Emilie Arnaud"
    assert "a pris fin (dernier jour en vigueur : 31 décembre 2026)" in email.body
    assert "Retirez dès maintenant son accès dans OPUS" in email.body
    notification = Notification.objects.filter(user=cast[Role.RGC]).first()
    assert notification.clause == "O20" and "fin de la convention" in notification.body
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.review_accounts(D(2027, 1, 5)) == []
    assert len(mail.outbox) == 2


def test_a_termination_closes_the_accounts_the_day_after_the_notice(opus, rgc, cast):
    # clauses O18, O20: the commune's notice sent on 31 January 2026 runs to the end of 28 February;
    # the accounts are closed on 1 March, and none can be requested or activated from then on.
    account = AccountFactory(convention=opus, active=True)
    Termination.objects.create(
        convention=opus, ground=Termination.Ground.PARTNER_NOTICE, requested_by=cast.partnership.commune,
        reasons="Plus d'usage", letter_sent_on=D(2026, 1, 31),
    )  # fmt: skip
    assert jobs.review_accounts(D(2026, 2, 28)) == []
    assert jobs.review_accounts(D(2026, 3, 1)) == [("closed", account.pk, OpusAccount.Reason.CONVENTION_ENDED)]
    account.refresh_from_db()
    assert account.revoked_on == D(2026, 3, 1)
    opus.refresh_from_db()
    with pytest.raises(ValidationError, match="n'est pas en vigueur"):
        services.request_account(opus, HolderFactory(organisation=cast.partnership.commune), D(2026, 3, 1))
    assert cast.cooperation.in_force_on(D(2026, 3, 1))  # clause O19: the cooperation goes on
