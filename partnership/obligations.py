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

The calendar can be bounded with ``since``: duties done and due before that day are left
out (providers skip them before building their labels). A duty not done is never left out,
however old: late duties stay until they are done.
"""

import contextvars
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
    the kind of duty (renewal, termination, c9, appeal…) that the settings of reminders and
    horizons are keyed by; ``state`` is filled in by `collect` for the day asked. A duty that
    takes place at a time (a meeting) also gives its aware ``starts_at`` and ``ends_at``; the
    others have only their date."""

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
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None

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
    return state_of_row(duty.done, duty.due_date, duty.kind, today)


def state_of_row(done, due_date, kind, today):
    """The state on `today` of a duty done or not, due on `due_date`, of this kind."""
    if done:
        return State.DONE
    if due_date < today:
        return State.LATE
    if (due_date - today).days <= due_soon_days(kind):
        return State.DUE_SOON
    return State.UPCOMING


# The pages' default bound: done duties of the last 90 days (undone ones are always kept).
DONE_HORIZON_DAYS = 90


def default_since(today, days=DONE_HORIZON_DAYS):
    """The first day whose done duties the home page and the calendar still show."""
    return today - datetime.timedelta(days=days)


def is_kept(duty, since):
    """False only for a duty done and due before `since` (never for an undone duty)."""
    return since is None or not duty.done or duty.due_date >= since


def skips(done, due_date, since):
    """For providers, before building a duty: whether `collect` would leave it out."""
    return since is not None and done and due_date < since


_conventions_loaded = contextvars.ContextVar("obligations_conventions", default=None)


def conventions(partnership_ids):
    """The conventions of these partnerships with what their dates need (parent, terminations).

    Providers ask here rather than querying themselves: within one `collect` they are loaded
    once for all the providers."""
    from partnership.models import Convention

    key = frozenset(partnership_ids)
    cache = _conventions_loaded.get()
    if cache is not None and key in cache:
        return cache[key]
    found = list(Convention.objects.filter(partnership_id__in=key).select_related("parent").with_terms())
    if cache is not None:
        cache[key] = found
    return found


def conventions_by_partnership(partnership_ids, kind=None):
    """{partnership id: its conventions (of `kind` only, if given)}, from `conventions`."""
    grouped = {}
    for convention in conventions(partnership_ids):
        if kind is None or convention.kind == kind:
            grouped.setdefault(convention.partnership_id, []).append(convention)
    return grouped


def collect(partnership_ids, today, since=None):
    """Every duty of the given partnerships, earliest first, each with its state on `today`.

    With `since`, duties done and due before that day are left out; undone duties never are.
    (The pages read them through `partnership.duty_snapshots`; the daily jobs from here.)
    """
    return with_states(gather(partnership_ids, today, since), today)


def gather(partnership_ids, today, since=None):
    """The duties of `collect`, as the providers give them: in no order and without state."""
    ids = list(partnership_ids)
    token = _conventions_loaded.set({})
    try:
        return [
            duty
            for module in app_modules("duties")
            for duty in module.duties(ids, today, since=since)
            if is_kept(duty, since)
        ]
    finally:
        _conventions_loaded.reset(token)


def with_states(duties, today):
    """`duties` earliest first (then by title and key), each with its state on `today`."""
    return in_order([replace(duty, state=state_of(duty, today)) for duty in duties])


def in_order(duties):
    """`duties` earliest first, then by title and key."""
    return sorted(duties, key=lambda d: (d.due_date, d.title, d.key))


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


def split_by_actor(duties, user):
    """(the duties `user`'s roles must act on, the others), each in the order given. A
    platform superuser acts on none of them: it sees every duty as another's."""
    from partnership.permissions import roles_of

    roles = set() if user.is_superuser else roles_of(user)
    mine = [d for d in duties if roles & set(d.actors)]
    return mine, [d for d in duties if not roles & set(d.actors)]


def most_recent_late(late, limit):
    """The `limit` late duties due most recently (the home page shows these first)."""
    return sorted(late, key=lambda d: (d.due_date, d.title), reverse=True)[:limit]
