"""The daily review of the register (clause O6): access removed when a holder changed function,
left, or has been absent more than three months; warnings before the three months are reached;
and, once an OPUS convention has ended (its term, its parent's end, a termination or an
amendment: clause O20), its accounts closed from the day after its last day in force.

Driven by the state of the database: a day missed is caught up the next day. Each step taken is
claimed in `ReviewClaim` under a unique key, so a second run (or a second worker) takes nothing
twice. The RGC is told by e-mail (rendered from templates/opus_accounts/email/) and in the app,
with the link to the register's page of the account.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from opus_accounts import services
from opus_accounts.models import Absence, HolderChange, OpusAccount, ReviewClaim
from partnership import daily
from partnership.languages import by_language, in_language_of
from partnership.models import User
from partnership.permissions import Role
from reminders.models import Notification

Reason = OpusAccount.Reason


@dataclass(frozen=True)
class Step:
    """What the review does for one account: ``closed`` (its convention ended), ``revoked``,
    ``reminded`` (to revoke) or ``warned``."""

    action: str
    account: OpusAccount
    key: str  # the claim's key: the step is taken once
    reason: str = ""  # the revocation's reason
    absence: Absence | None = None  # the absence a warning is about
    on: datetime.date | None = None  # a closure's date: the day after the convention's last day

    @property
    def summary(self):
        return (self.action, self.account.pk, self.absence.pk if self.action == "warned" else self.reason)


def causes(account, absences, changes, today):
    """The reasons, with a stable event key, why `account` must lose its access on `today`."""
    since = account.activated_on or account.requested_on
    found = []
    for change in changes:
        if change.on <= today and change.on >= since:
            reason = Reason.DEPARTURE if change.kind == HolderChange.Kind.DEPARTURE else Reason.FUNCTION_CHANGE
            found.append((reason, f"change:{change.pk}", change.on))
    for absence in absences:
        threshold = absence.exceeds_three_months_on().date
        if absence.exceeded_three_months(today) and threshold >= since:
            found.append((Reason.ABSENCE, f"absence:{absence.pk}", threshold))
    return sorted(found, key=lambda item: item[2])


def plan(today: datetime.date, partnerships=None):
    """The steps the review would take on `today` and has not claimed yet (what a dry run shows):
    for every account, or those of the `partnerships` (pks) given."""
    warn_days = datetime.timedelta(days=settings.OPUS_ACCOUNTS_ABSENCE_WARNING_DAYS)
    verb = "revoked" if settings.OPUS_ACCOUNTS_AUTO_REVOKE else "reminded"
    accounts = OpusAccount.objects.filter(state__in=[OpusAccount.State.ACTIVE, OpusAccount.State.SUSPENDED])
    if partnerships is not None:
        accounts = accounts.filter(convention__partnership_id__in=partnerships)
    accounts = list(accounts.select_related("person", "convention", "convention__partnership"))
    people = {a.person_id for a in accounts}
    absences, changes = {}, {}
    for absence in Absence.objects.filter(person_id__in=people):
        absences.setdefault(absence.person_id, []).append(absence)
    for change in HolderChange.objects.filter(person_id__in=people):
        changes.setdefault(change.person_id, []).append(change)
    steps = []
    for account in accounts:
        ends_on = account.convention.ends_on
        if ends_on and today > ends_on:
            # Clause O20: no account lives on an ended convention; the RGC removes it in OPUS.
            steps.append(Step("closed", account, f"close:{account.pk}:{ends_on}", Reason.CONVENTION_ENDED,
                              on=ends_on + datetime.timedelta(days=1)))  # fmt: skip
            continue
        person_absences = absences.get(account.person_id, [])
        found = causes(account, person_absences, changes.get(account.person_id, []), today)
        if found:
            reason, event, _on = found[0]
            steps.append(
                Step(verb, account, f"{'revoke' if verb == 'revoked' else 'remind'}:{account.pk}:{event}", reason)
            )
            continue
        for absence in person_absences:
            threshold = absence.exceeds_three_months_on().date
            if absence.start <= today < threshold and today >= threshold - warn_days and absence.not_over_on(today):
                steps.append(Step("warned", account, f"warn:{account.pk}:absence:{absence.pk}", absence=absence))
    taken = set(ReviewClaim.objects.filter(key__in=[s.key for s in steps]).values_list("key", flat=True))
    return [step for step in steps if step.key not in taken]


def review_accounts(today: datetime.date, *, dry_run=False):
    """Revoke (or, with OPUS_ACCOUNTS_AUTO_REVOKE off, remind the RGC to revoke) the accounts whose
    holder must lose access, and warn the RGC of absences nearing three months. Returns what it
    did (or, in a dry run, would do) as (action, account id, reason or absence id)."""
    with daily.logged_run("review_opus_accounts", today, dry_run=dry_run) as counts:
        done = _review(plan(today), today, counts, dry_run=dry_run)
    return done


def review_batch(partnerships, today):
    """One batch of the job spread over the workers (`operations.fanout`): the review of the
    accounts of these partnerships (pks). Returns its counts."""
    counts = {}
    _review(plan(today, partnerships), today, counts)
    return counts


def _review(steps, today, counts, *, dry_run=False):
    done = []
    for step in steps:
        if dry_run:
            done.append(step.summary)
        elif _take(step, today):
            done.append(step.summary)
            counts[step.action] = counts.get(step.action, 0) + 1
    return done


def _take(step, today):
    """Take `step` once: revoke the account if asked, claim the step, tell the RGC."""
    with transaction.atomic():
        if step.action in ("revoked", "closed"):
            if step.action == "closed":
                note, on = _("Clôture par la tâche quotidienne : la convention a pris fin (clause O20)"), step.on
            else:
                note, on = _("Révocation par la tâche quotidienne"), today
            if not services.revoke(step.account, step.reason, None, on, note=note):
                return False  # already revoked: by another run, or by the RGC
        try:
            with transaction.atomic():
                ReviewClaim.objects.create(key=step.key, claimed_on=today)
        except IntegrityError:
            return False  # another run took the step first
        _tell_the_rgc(step, today)
    return True


def rgc_users(convention):
    """The RGC logins of the convention's commune: they get the notice in the app."""
    return list(
        User.objects.filter(groups__name=Role.RGC, organisation_id=convention.partnership.commune_id, is_active=True)
    )


def rgc_recipients(convention, users=None):
    """The addresses the notice is e-mailed to: the RGC in office, else the RGC logins."""
    rgc = services.rgc_in_office(convention)
    if rgc and rgc.person.email:
        return [rgc.person.email]
    return [user.email for user in (users if users is not None else rgc_users(convention)) if user.email]


def _tell_the_rgc(step, today):
    """The notice, in the app to each RGC login and by e-mail, each in its reader's language."""
    account = step.account
    path = reverse("admin:opus_accounts_opusaccount_change", args=[account.pk])
    context = {
        "step": step,
        "account": account,
        "person": account.person,
        "today": today,
        "reason": step.reason,
        "threshold": step.absence.exceeds_three_months_on().date if step.absence else None,
        "last_day": account.convention.ends_on,
        "url": f"{settings.SITE_URL.rstrip('/')}{path}",
    }
    users = rgc_users(account.convention)
    clause = "O20" if step.action == "closed" else "O6"
    notifications = []
    for user in users:
        with in_language_of(user):
            subject, sentence = _notice(context)
        notifications.append(
            Notification(user=user, title=subject, body=sentence, url=path, clause=clause, due_date=today)
        )
    Notification.objects.bulk_create(notifications)
    for recipients in by_language(rgc_recipients(account.convention, users)):
        subject, sentence = _notice(context)
        parts = {**context, "subject": subject, "sentence": sentence}
        message = EmailMultiAlternatives(
            subject, render_to_string("opus_accounts/email/review.txt", parts), settings.DEFAULT_FROM_EMAIL, recipients
        )
        message.attach_alternative(render_to_string("opus_accounts/email/review.html", parts), "text/html")
        transaction.on_commit(message.send)


def _notice(context):
    """(subject, sentence) of the notice in the active language."""
    context = {**context, "reason": Reason(context["reason"]).label if context["reason"] else ""}
    subject = " ".join(render_to_string("opus_accounts/email/review_subject.txt", context).split())
    sentence = " ".join(render_to_string("opus_accounts/email/review_sentence.txt", context).split())
    return subject, sentence
