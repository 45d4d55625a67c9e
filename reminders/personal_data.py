"""Clause C9 for the reminders: the notifications that name a person erased with the convention
(« Absence de Claire MARTIN, RGC… », the OPUS review's warnings), and the record of the reminders
they came with. The e-mails already delivered are beyond reach; the calendar's snapshots go with
`partnership`'s hook. The users' calendar tokens belong to their logins, not to a convention."""

from django.db.models import Q
from django.utils.translation import gettext as _

from partnership import erasure
from reminders.models import Notification, SentReminder

LABELS = {
    "notifications": "Notifications nommant les personnes effacées",
    "reminders": "Rappels envoyés nommant les personnes effacées",
}


def _naming(names):
    if not names:
        return Notification.objects.none()
    query = Q()
    for name in names:
        query |= Q(title__icontains=name) | Q(body__icontains=name)
    return Notification.objects.filter(query)


def inventory(plans):
    found = {pk: {name: 0 for name in LABELS} for pk in plans}
    names = {pk: [name.lower() for name in plan.names] for pk, plan in plans.items()}
    every_name = [name for plan in plans.values() for name in plan.names]
    for title, body, reminder in _naming(every_name).values_list("title", "body", "reminder_id").order_by():
        text = f"{title} {body}".lower()
        for pk in (pk for pk, written in names.items() if any(name in text for name in written)):
            found[pk]["notifications"] += 1
            found[pk]["reminders"] += reminder is not None
    return {pk: [(_(LABELS[name]), count) for name, count in counts.items()] for pk, counts in found.items()}


def erase(plan):
    found = list(_naming(plan.names).values_list("pk", "reminder_id").order_by())
    return [
        (_(LABELS["notifications"]), erasure.delete_ids(Notification, [pk for pk, _reminder in found])),
        (_(LABELS["reminders"]), erasure.delete_ids(SentReminder, [r for _pk, r in found if r is not None])),
    ]


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
