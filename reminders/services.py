"""The daily reminders job: which duties need a reminder on a given day, and sending each one,
claimed once and e-mailed at least once.

Driven by state, not by remembered events. For each duty not done, the *current occasion* on
`today` is the one reminder that applies now:

- ``avant-N``: the smallest N of ``REMINDER_DAYS_BEFORE[kind]`` with the due date at most N days
  ahead (a job that missed the 30-days-ahead day but runs 20 days ahead still sends it; one
  that runs 6 days ahead sends ``avant-7`` only);
- ``echeance``: on the due date;
- ``retard-K``: while late, the day after the due date (``retard-0``), then every
  ``REMINDER_LATE_EVERY_DAYS[kind]`` days (``retard-1``…). A job that did not run for a week
  sends the late reminder it missed on its next run.

Each (duty, occasion, user) is claimed by inserting a `SentReminder` row, with its in-app
`Notification`, under a unique constraint before anything is sent, each in its own transaction:
two workers running the job at the same moment insert the same row, one of them fails on the
constraint and leaves that reminder to the other. The e-mail is sent after the claim and marked
sent (``emailed_at``) after delivery: a run that dies in between leaves the claim unsent, never
the e-mail lost.

Delivery is at least once. A later run sends again a claim left unsent, once
``REMINDER_RESEND_AFTER_MINUTES`` have passed since its last attempt started (the run that made
it may still be sending), or right away when the mail server refused it, up to
``REMINDER_EMAIL_ATTEMPTS`` attempts in all (`SentReminderQuerySet.to_send_again`). It takes
the claim with a conditional update that exactly one run wins (`SentReminder.take_for_sending`),
so two runs at once never both send it again. The e-mail is rendered from what the claim
recorded (its notification's title, sentence and link), under the same Message-ID every time
(`SentReminder.message_id`): a repeat is the same e-mail, and a mail client can tell. Only a
claim whose occasion is still the current one of a duty not done is sent again: once the duty
is done, or a later reminder of it applies (sent as usual), the old e-mail no longer holds.

Recipients: active users with an e-mail address, a role among the duty's actors, and whose
organisation is a party to the duty's partnership (the commune or the agency). Users of a
parent body (intercommunality, regional direction) see the calendar but are not reminded.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnership import daily, duty_snapshots, obligations
from partnership.french import french_date
from partnership.languages import in_language_of, language_of
from partnership.models import Partnership, User
from partnership.permissions import may_open, roles_of
from reminders.models import Notification, SentReminder

logger = logging.getLogger(__name__)

ON_DUE_DATE = "echeance"


def days_before(kind):
    return sorted(int(n) for n in obligations.setting_for_kind("REMINDER_DAYS_BEFORE", kind, [30, 7]))


def late_every_days(kind):
    return max(1, int(obligations.setting_for_kind("REMINDER_LATE_EVERY_DAYS", kind, 7)))


def occasion_for(duty, today):
    """The reminder that applies to `duty` on `today`, or None."""
    if duty.done:
        return None
    days_left = (duty.due_date - today).days
    if days_left == 0:
        return ON_DUE_DATE
    if days_left < 0:
        return f"retard-{(-days_left - 1) // late_every_days(duty.kind)}"
    for n in days_before(duty.kind):
        if days_left <= n:
            return f"avant-{n}"
    return None


@dataclass(frozen=True)
class Planned:
    """A reminder to send; ``reminder`` is its claim when it was claimed before and its e-mail
    is to be sent again."""

    duty: obligations.Duty
    occasion: str
    user: User
    reminder: SentReminder | None = None


class _Recipients:
    """Users to remind per (partnership, actors): the parties' active users with an e-mail address,
    read once per job (two queries however many partnerships)."""

    def __init__(self, partnerships=None):
        found = Partnership.objects.all() if partnerships is None else Partnership.objects.filter(pk__in=partnerships)
        self.parties = {p.pk: {p.commune_id, p.agency_id} for p in found}
        users = (
            User.objects.filter(is_active=True, organisation_id__in=set().union(*self.parties.values()))
            .exclude(email="")
            .prefetch_related("groups")
            .order_by("pk")
        )
        self.members = {}
        for user in users:
            self.members.setdefault(user.organisation_id, []).append((user, {g.name for g in user.groups.all()}))
        self.cache = {}

    def __call__(self, duty):
        key = (duty.partnership_id, tuple(sorted(duty.actors)))
        if key not in self.cache:
            actors = set(duty.actors)
            self.cache[key] = sorted(
                (
                    user
                    for organisation in self.parties.get(duty.partnership_id, ())
                    for user, roles in self.members.get(organisation, [])
                    if roles & actors
                ),
                key=lambda user: user.pk,
            )
        return self.cache[key]


def plan(today, now=None, partnerships=None):
    """Every reminder due on `today` and not sent yet (what a dry run prints): the claims whose
    e-mail a run at `now` would send again, then the reminders not claimed yet; of every
    partnership, or of the `partnerships` (pks) given."""
    due = [(duty, occasion) for duty in _duties(today, partnerships) if (occasion := occasion_for(duty, today))]
    return _to_send_again(due, now or timezone.now()) + _not_claimed(due, partnerships)


def _duties(today, partnerships=None):
    """The duties a reminder may be about: `occasion_for` reminds of undone ones only, which
    `collect` keeps whatever its `since`; the duties done before `today` are not even read (at
    2,000 partnerships, about 100,000 referent meetings held are not built into duties each day)."""
    return obligations.collect(
        Partnership.objects.values_list("pk", flat=True) if partnerships is None else partnerships, today, since=today
    )


def _not_claimed(due, partnerships=None):
    claimed = set(
        SentReminder.objects.filter(duty_key__in={duty.key for duty, _ in due}).values_list(
            "duty_key", "occasion", "user_id"
        )
    )
    recipients = _Recipients(partnerships)
    return [
        Planned(duty, occasion, user)
        for duty, occasion in due
        for user in recipients(duty)
        if (duty.key, occasion, user.pk) not in claimed
    ]


def _to_send_again(due, now):
    current = {(duty.key, occasion): duty for duty, occasion in due}
    claims = (
        SentReminder.objects.to_send_again(now)
        .filter(duty_key__in={key for key, _ in current}, notification__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "notification")
        .order_by("pk")
    )
    return [
        Planned(duty, claim.occasion, claim.user, claim)
        for claim in claims
        if (duty := current.get((claim.duty_key, claim.occasion)))
    ]


def send_reminders(today, *, now=None):
    """The daily job: send again the claims left unsent, then claim and send every reminder due
    on `today` not claimed yet. Returns those this run sent (or tried to: a failed e-mail is
    tried again by a later run; the notification is there). `now` fixes the clock, for tests."""
    with daily.logged_run("send_reminders", today) as counts:
        duty_snapshots.prune(today)
        sent = _send(today, now)
        counts.update(tally(sent))
    return sent


def send_reminders_batch(partnerships, today, *, now=None):
    """One batch of the job spread over the workers (`operations.fanout`): what `send_reminders`
    does, for the reminders of these partnerships (pks). Returns its counts."""
    return tally(_send(today, now, partnerships))


def partnerships_to_send_again(now):
    """The partnerships with a claim whose e-mail a run at `now` would send again."""
    return sorted(set(SentReminder.objects.to_send_again(now).values_list("partnership_id", flat=True)))


def tally(sent):
    again = sum(1 for item in sent if item.reminder)
    return {"claimed": len(sent) - again, "sent_again": again}


def _send(today, now, partnerships=None):
    clock = (lambda: now) if now else timezone.now
    sent = []
    items = plan(today, clock(), partnerships)
    titles = _titles(items, today, partnerships)
    for item in items:
        reminder = _take(item, today, clock(), titles)
        if reminder is None:
            continue  # another run was first
        _email(reminder, item.duty.actors, clock)
        sent.append(item)
    return sent


def _titles(items, today, partnerships=None):
    """{(language, duty key): the duty's title in that language}, for the recipients' languages
    other than the active one: the duties are collected again in each (their keys are the same in
    every language), so that nothing is collected again when every recipient reads French."""
    found = {}
    for language in {language_of(item.user) for item in items} - {translation.get_language()}:
        with translation.override(language):
            found.update(((language, duty.key), str(duty.title)) for duty in _duties(today, partnerships))
    return found


def _take(item, today, now, titles):
    """The claim whose e-mail this run sends now: a new one, or the earlier one taken again; None
    when another run claimed or took it first."""
    if item.reminder is None:
        return _claim(item, today, now, titles)
    return item.reminder if item.reminder.take_for_sending(now) else None


def _claim(item, today, now, titles):
    """Record the reminder and its notification (its title and sentence in the recipient's
    language, `titles`), the first attempt at its e-mail under way, or None when another run
    already did."""
    duty = item.duty
    try:
        with transaction.atomic():
            reminder = SentReminder.objects.create(
                duty_key=duty.key,
                occasion=item.occasion,
                user=item.user,
                partnership_id=duty.partnership_id,
                due_date=duty.due_date,
                run_for=today,
                claimed_at=now,
                attempts=1,
                sending_since=now,
            )
            language = language_of(item.user)
            with translation.override(language):
                body = lead_sentence(duty, item.occasion, today)
            Notification.objects.create(
                user=item.user,
                reminder=reminder,
                title=titles.get((language, duty.key), duty.title),
                body=body,
                url=duty.url,
                clause=duty.clause,
                due_date=duty.due_date,
                created_at=now,
            )
    except IntegrityError:
        return None
    return reminder


def lead_sentence(duty, occasion, today):
    """The notification's sentence, in the active language (the recipient's: see `_claim`)."""
    due = french_date(duty.due_date)
    days = abs((duty.due_date - today).days)
    if occasion == ON_DUE_DATE:
        return _("Échéance aujourd'hui, %(date)s (clause %(clause)s).") % {"date": due, "clause": duty.clause}
    if occasion.startswith("retard"):
        return ngettext(
            "En retard de %(days)d jour : l'échéance était le %(date)s (clause %(clause)s).",
            "En retard de %(days)d jours : l'échéance était le %(date)s (clause %(clause)s).",
            days,
        ) % {"days": days, "date": due, "clause": duty.clause}
    return ngettext(
        "Échéance dans %(days)d jour, le %(date)s (clause %(clause)s).",
        "Échéance dans %(days)d jours, le %(date)s (clause %(clause)s).",
        days,
    ) % {"days": days, "date": due, "clause": duty.clause}


def reminder_email(reminder, actors):
    """The e-mail (text and HTML) of a claimed reminder, in its recipient's language, the same on every attempt: made
    from what the claim recorded (its notification's title, sentence and link, its occasion),
    under the reminder's own Message-ID. `actors` are the roles the duty's rule names, which
    the footer lists."""
    notification = reminder.notification
    base = settings.SITE_URL.rstrip("/")
    with in_language_of(reminder.user):
        context = {
            "user": reminder.user,
            "title": notification.title,
            "actors": actors,
            "occasion": reminder.occasion,
            "late": reminder.occasion.startswith("retard"),
            "sentence": notification.body,
            # Only a page the recipient may open (an action in the admin panel is not everyone's).
            "duty_url": f"{base}{notification.url}" if may_open(reminder.user, notification.url) else "",
            "calendar_url": f"{base}{reverse('calendar')}",
            "notifications_url": f"{base}{reverse('notifications')}",
        }
        subject = " ".join(render_to_string("reminders/email/reminder_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject,
            render_to_string("reminders/email/reminder.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [reminder.user.email],
            headers={"Message-ID": reminder.message_id},
        )
        message.attach_alternative(render_to_string("reminders/email/reminder.html", context), "text/html")
    return message


def send_again(reminder, now):
    """Send again, at a platform administrator's request, the e-mail of a claim that failed, even
    past ``REMINDER_EMAIL_ATTEMPTS``: one more attempt, under the same Message-ID, taken with a
    conditional update (of two requests at once, one sends). The footer names the recipient's
    own roles. Returns whether it was delivered, None when another attempt holds it."""
    taken = (
        SentReminder.objects.failed()
        .filter(pk=reminder.pk, attempts=reminder.attempts)
        .update(attempts=F("attempts") + 1, sending_since=now)
    )
    if taken != 1:
        return None
    reminder.attempts += 1
    reminder.sending_since = now
    _email(reminder, sorted(roles_of(reminder.user)), lambda: now)
    return reminder.emailed_at is not None


def _email(reminder, actors, clock):
    """Send the e-mail of a claim taken for sending, then mark it sent; a failure is kept on the
    claim for a later run to try again."""
    try:
        reminder_email(reminder, actors).send()
    except Exception as error:  # noqa: BLE001 (a mail server failure must not stop the other reminders)
        # No address or name in the log: the reminder's id is enough to find it.
        limit = settings.REMINDER_EMAIL_ATTEMPTS
        logger.warning(
            "Reminder %s could not be e-mailed (attempt %s of %s): %s",
            reminder.pk,
            reminder.attempts,
            limit,
            type(error).__name__,
        )
        reminder.mark_failed(error)
        if reminder.attempts >= limit:
            logger.error("Reminder %s not e-mailed after %s attempts: no more will be made.", reminder.pk, limit)
        return
    reminder.mark_emailed(clock())
