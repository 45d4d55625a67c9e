"""The daily reminders job: which duties need a reminder on a given day, and sending each once.

Driven by state, not by remembered events. For each duty not done, the *current occasion* on
`today` is the one reminder that applies now:

- ``avant-N``: the smallest N of ``REMINDER_DAYS_BEFORE[kind]`` with the due date at most N days
  ahead (a job that missed the 30-days-ahead day but runs 20 days ahead still sends it; one
  that runs 6 days ahead sends ``avant-7`` only);
- ``echeance``: on the due date;
- ``retard-K``: while late, the day after the due date (``retard-0``), then every
  ``REMINDER_LATE_EVERY_DAYS[kind]`` days (``retard-1``…). A job that did not run for a week
  sends the late reminder it missed on its next run.

Each (duty, occasion, user) is claimed by inserting a `SentReminder` row under a unique
constraint before anything is sent, each in its own transaction: two workers running the job at
the same moment insert the same row, one of them fails on the constraint and sends nothing.

Recipients: active users with an e-mail address, a role among the duty's actors, and whose
organisation is a party to the duty's partnership (the commune or the agency). Users of a
parent body (intercommunality, regional direction) see the calendar but are not reminded.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnership import duty_snapshots, obligations
from partnership.models import Partnership, User
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
    duty: obligations.Duty
    occasion: str
    user: User


class _Recipients:
    """Users to remind per (partnership, actors), read once per job."""

    def __init__(self):
        self.parties = {p.pk: (p.commune_id, p.agency_id) for p in Partnership.objects.all()}
        self.cache = {}

    def __call__(self, duty):
        key = (duty.partnership_id, tuple(sorted(duty.actors)))
        if key not in self.cache:
            self.cache[key] = list(
                User.objects.filter(
                    is_active=True,
                    groups__name__in=duty.actors,
                    organisation_id__in=self.parties.get(duty.partnership_id, ()),
                )
                .exclude(email="")
                .distinct()
                .order_by("pk")
            )
        return self.cache[key]


def plan(today):
    """Every reminder due on `today` and not sent yet (what a dry run prints)."""
    duties = obligations.collect(Partnership.objects.values_list("pk", flat=True), today)
    due = [(duty, occasion) for duty in duties if (occasion := occasion_for(duty, today))]
    sent = set(
        SentReminder.objects.filter(duty_key__in={duty.key for duty, _ in due}).values_list(
            "duty_key", "occasion", "user_id"
        )
    )
    recipients = _Recipients()
    return [
        Planned(duty, occasion, user)
        for duty, occasion in due
        for user in recipients(duty)
        if (duty.key, occasion, user.pk) not in sent
    ]


def send_reminders(today, *, send_email=True):
    """The daily job: claim and send every reminder due on `today`. Returns those this run sent."""
    duty_snapshots.prune(today)
    sent = []
    for item in plan(today):
        reminder = _claim(item, today)
        if reminder is None:
            continue
        if send_email:
            _email(item, reminder)
        sent.append(item)
    return sent


def _claim(item, today):
    """Record the reminder and its notification, or None when another run already did."""
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
            )
            Notification.objects.create(
                user=item.user,
                reminder=reminder,
                title=duty.title,
                body=lead_sentence(duty, item.occasion, today),
                url=duty.url,
                clause=duty.clause,
                due_date=duty.due_date,
            )
    except IntegrityError:
        return None
    return reminder


def lead_sentence(duty, occasion, today):
    with translation.override(settings.LANGUAGE_CODE):
        due = date_format(duty.due_date, "j F Y")
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


def _email(item, reminder):
    """Send the French e-mail (text and HTML) of a claimed reminder; a failure is recorded, not retried."""
    duty = item.duty
    base = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": item.user,
            "duty": duty,
            "occasion": item.occasion,
            "late": item.occasion.startswith("retard"),
            "sentence": lead_sentence(duty, item.occasion, reminder.run_for),
            "duty_url": f"{base}{duty.url}" if duty.url else "",
            "calendar_url": f"{base}{reverse('calendar')}",
            "notifications_url": f"{base}{reverse('notifications')}",
        }
        subject = " ".join(render_to_string("reminders/email/reminder_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject,
            render_to_string("reminders/email/reminder.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [item.user.email],
        )
        message.attach_alternative(render_to_string("reminders/email/reminder.html", context), "text/html")
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 (a mail server failure must not stop the other reminders)
        # No address in the log: the reminder's id is enough to find it.
        logger.warning("Reminder %s could not be e-mailed: %s", reminder.pk, type(error).__name__)
        SentReminder.objects.filter(pk=reminder.pk).update(email_error=str(error)[:300])
        return
    SentReminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())
