"""The calendar of obligations (échéancier): every dated duty, gathered from each app.

Each installed app may expose a module ``duties`` (see `partnership.hooks`). This
module imports none of their models: it only asks the function. Keys are stable, so that a
duty can be remembered (a reminder sent, a notification read) across days.
"""

import datetime
from dataclasses import dataclass, field

from partnership.hooks import app_modules


@dataclass(frozen=True)
class Duty:
    key: str
    title: str
    due_date: datetime.date
    clause: str
    partnership_id: int
    actors: tuple = field(default_factory=tuple)
    url: str = ""
    convention_id: int | None = None
    done: bool = False


def collect(partnership_ids, today):
    """Every duty of the given partnerships, earliest first."""
    ids = list(partnership_ids)
    found = [duty for module in app_modules("duties") for duty in module.duties(ids, today)]
    return sorted(found, key=lambda d: (d.due_date, d.title))
