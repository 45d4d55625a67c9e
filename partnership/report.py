"""The sections of a steering committee's record (clause C10), as each app's ``indicators`` hook
returns them: titles, labels and values already written in French (dates « 12 avril 2021 »,
« oui »/« non », « 4,6 % »), so that the record reads the same on the page and in the PDF,
however the apps change later, and no template keeps a table of another app's keys.

A section is a JSON-serialisable dict: ``{"title", "facts": [[label, value]], "tables":
[{"title", "columns": [...], "rows": [[...]]}]}``; in a table, the first cell of a row is its
heading and the other cells are figures."""

from django.utils.translation import gettext as _

from partnership import french

NONE = "—"


def section(title, facts=(), tables=()):
    return {"title": str(title), "facts": [[str(label), str(value)] for label, value in facts], "tables": list(tables)}


def table(title, columns, rows):
    return {"title": str(title), "columns": [str(c) for c in columns], "rows": [[str(c) for c in row] for row in rows]}


def day(value):
    """« 12 avril 2021 »."""
    return french.french_date(value) if value else NONE


def count(value):
    """« 1 234 »; « — » when unknown."""
    return french.number(value) if value is not None else NONE


def percent(value, digits=1):
    """« 4,6 % » (`french.percent`); « — » when unknown."""
    return french.percent(value, digits) if value is not None else NONE


def yes_no(value):
    return _("oui") if value else _("non")


def text(value):
    return str(value) if value not in (None, "") else NONE
