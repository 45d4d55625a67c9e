"""The calendar of obligations (échéancier): every dated duty, gathered from each app.

Each installed app may expose a module ``duties`` (see `partnership.hooks`). This
module imports none of their models: it only asks the function. Keys are stable, so that a
duty can be remembered (a reminder sent, a notification read) across days.

A duty's state follows from its due date, ``today`` and the "due soon" horizon of its kind
(setting ``DUTY_DUE_SOON_DAYS``, days per kind, ``"default"`` for the others):

- done: the duty says so (the action is recorded, or the date has no action left);
- late: not done and its due date is past;
- due soon: not done and due within the horizon (the due date itself included);
- upcoming: anything further ahead.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _l

from partnership.hooks import app_modules


class State:
    UPCOMING = "a_venir"
    DUE_SOON = "bientot"
    LATE = "en_retard"
    DONE = "fait"

    CHOICES = (
        (UPCOMING, _l("À venir")),
        (DUE_SOON, _l("Échéance proche")),
        (LATE, _l("En retard")),
        (DONE, _l("Fait")),
    )
    LABELS = dict(CHOICES)


@dataclass(frozen=True)
class Duty:
    """One dated duty. ``key`` is stable across days (``<object>:<pk>:<kind>``); ``kind`` names
    the rule (renewal, termination, c9, appeal…) that reminders and horizons are set by; ``state``
    is filled in by `collect` for the day asked."""

    key: str
    title: str
    due_date: datetime.date
    clause: str
    partnership_id: int
    actors: tuple = field(default_factory=tuple)
    url: str = ""
    convention_id: int | None = None
    done: bool = False
    kind: str = ""
    state: str = ""

    @property
    def rule(self):
        """The duty's kind, or the last part of its key when the provider gave none."""
        return self.kind or self.key.rsplit(":", 1)[-1]

    @property
    def state_label(self):
        return State.LABELS.get(self.state, "")

    @property
    def is_late(self):
        return self.state == State.LATE


def setting_for_kind(name, kind, fallback):
    """The value of a per-kind setting (a dict with a ``"default"`` entry)."""
    values = getattr(settings, name, None) or {}
    return values.get(kind, values.get("default", fallback))


def due_soon_days(kind):
    return int(setting_for_kind("DUTY_DUE_SOON_DAYS", kind, 30))


def state_of(duty, today):
    if duty.done:
        return State.DONE
    if duty.due_date < today:
        return State.LATE
    if (duty.due_date - today).days <= due_soon_days(duty.rule):
        return State.DUE_SOON
    return State.UPCOMING


def collect(partnership_ids, today):
    """Every duty of the given partnerships, earliest first, each with its state on `today`."""
    ids = list(partnership_ids)
    found = [
        replace(duty, state=state_of(duty, today))
        for module in app_modules("duties")
        for duty in module.duties(ids, today)
    ]
    return sorted(found, key=lambda d: (d.due_date, d.title))


def filter_duties(duties, *, convention_id=None, state=None, role=None):
    """Narrow a calendar to one convention, one state and one role (as an actor); None keeps all."""
    return [
        duty
        for duty in duties
        if (convention_id is None or duty.convention_id == convention_id)
        and (not state or duty.state == state)
        and (not role or role in duty.actors)
    ]


def late_and_next(duties, today, days=30):
    """The home page's two lists: what is late, and what is due from today to `days` ahead."""
    horizon = today + datetime.timedelta(days=days)
    late = [d for d in duties if d.state == State.LATE]
    upcoming = [d for d in duties if d.state != State.DONE and today <= d.due_date <= horizon]
    return late, upcoming
