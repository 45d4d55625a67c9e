"""Clause C9 for the reminders: the notifications that name a person erased with the convention
(« Absence de Claire MARTIN, RGC… », the OPUS review's warnings), and the record of the reminders
they came with. The e-mails already delivered are beyond reach; the calendar's snapshots go with
`partnership`'s hook. The users' calendar tokens belong to their logins, not to a convention."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop  # msgids, translated when counted or named

from partnership import erasure
from reminders.models import Notification, SentReminder

LABELS = {
    "notifications": gettext_noop("Notifications nommant les personnes effacées"),
    "reminders": gettext_noop("Rappels envoyés nommant les personnes effacées"),
}


def _naming(names):
    if not names:
        return Notification.objects.none()
    query = Q()
    for name in names:
        query |= Q(title__icontains=name) | Q(body__icontains=name)
    return Notification.objects.filter(query)


def _tied(plans):
    """{convention pk: {name: [ids]}}: the notifications naming the people erased with each (the
    first convention of `plans` whose names a notification holds) and the reminders they came
    with, in one query."""
    tied = {pk: {name: [] for name in LABELS} for pk in plans}
    names = {pk: [name.lower() for name in plan.names] for pk, plan in plans.items()}
    every_name = [name for plan in plans.values() for name in plan.names]
    # The database matched it: a case the database folds and Python does not goes to the first.
    first = next((pk for pk, written in names.items() if written), None)
    reminders = set()
    for pk, title, body, reminder in _naming(every_name).values_list("pk", "title", "body", "reminder_id").order_by():
        text = f"{title} {body}".lower()
        convention = next((c for c, written in names.items() if any(name in text for name in written)), first)
        tied[convention]["notifications"].append(pk)
        if reminder is not None and reminder not in reminders:
            reminders.add(reminder)
            tied[convention]["reminders"].append(reminder)
    return tied


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    for name, model in (("notifications", Notification), ("reminders", SentReminder)):
        erasure.delete_ids(model, erasure.every(tied, name))
    return erasure.counted(tied, LABELS)


def held(person):
    """Article 15 (clause O16): the notifications that name `person`, for the access file."""
    return [
        {
            "title": _("Notifications et rappels qui nomment la personne"),
            "columns": [_("Envoyée le"), _("Titre"), _("Message")],
            "rows": [
                [f"{n.created_at:%d/%m/%Y}", n.title, n.body] for n in _naming([str(person)]).order_by("created_at")
            ],
        }
    ]
