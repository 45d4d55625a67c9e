"""The calendar of obligations (échéancier): every dated duty, gathered from each app.

Each installed app may expose a module ``duties`` with a function
``duties(partnership_ids, today)`` that returns an iterable of `Duty`. This module
imports none of their models: it only asks the function. Keys are stable, so that a
duty can be remembered (a reminder sent, a notification read) across days.
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


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


def providers():
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "duties"):
            yield import_module(f"{config.name}.duties").duties


def collect(partnership_ids, today):
    """Every duty of the given partnerships, earliest first."""
    ids = list(partnership_ids)
    found = [duty for provider in providers() for duty in provider(ids, today)]
    return sorted(found, key=lambda d: (d.due_date, d.title))
