"""How the apps' ``personal_data`` hooks erase rows (clause C9): in bulk, the versions
django-simple-history keeps of them included, in a number of queries that does not grow with
the rows nor with the conventions erased together.

A hook finds the rows tied to each convention of a batch as {convention pk: {name: [ids]}},
each row tied to one convention only: the first of the batch that claims it, since the batch
is erased as if its conventions went one after the other (the first erases the row, the next
finds it gone). `inventory` counts them (`counted`), `erase` erases them all at once (`every`)
and returns the same counts."""

from django.db.models import Q
from django.utils.translation import gettext as _


def history(model):
    """The model's history manager, or None when it keeps none."""
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def delete_ids(model, ids, using="default"):
    """Delete the rows of `model` whose pk is in `ids` and all their versions; returns how many
    rows went.

    No "deleted" version is written for each row, as django-simple-history's signal would:
    it would hold the very data erased, and cost a query per row. So the rows are deleted
    without signals, and the caller erases first whatever refers to them (the database checks
    it at commit)."""
    if ids:
        versions = history(model)
        if versions is not None:
            versions.filter(id__in=ids).order_by()._raw_delete(using)
        model._base_manager.filter(pk__in=ids).order_by()._raw_delete(using)
    return len(ids)


def blank_ids(model, ids, **values):
    """Overwrite fields of the rows of `model` whose pk is in `ids` and of all their versions with
    `values` (an anonymised text); returns how many rows changed."""
    if ids:
        versions = history(model)
        if versions is not None:
            versions.filter(id__in=ids).update(**values)
        model._base_manager.filter(pk__in=ids).update(**values)
    return len(ids)


def erased_with(plans):
    """{person pk: pk of the first convention of `plans` that erases them}: the convention their
    own rows (participations, absences, requests…) are tied to."""
    found = {}
    for pk, plan in plans.items():
        for person_id in plan.people:
            found.setdefault(person_id, pk)
    return found


def every(tied, name):
    """The ids of `name` tied to any convention of `tied` ({convention pk: {name: [ids]}})."""
    return [pk for found in tied.values() for pk in found[name]]


def counted(tied, labels):
    """{convention pk: [(label, count)]}: how many rows of each name `tied` gives each convention,
    named by `labels` ({name: French msgid}) in `tied`'s order of names."""
    return {pk: [(_(labels[name]), len(ids)) for name, ids in found.items()] for pk, found in tied.items()}


def spans(conventions, prefix="", date="date"):
    """The rows of the conventions' partnerships dated (``{prefix}{date}``) from the earliest start
    to the latest end of each partnership's conventions: those that may be tied to one of them when
    nothing else ties them to a convention (a meeting, a committee without one). One condition by
    partnership however many of its conventions are read together (cheaper to build and to plan
    than one by convention), which the caller narrows to each term with `within_term`."""
    bounds = {}
    for convention in conventions:
        if convention.starts_on is None:
            continue
        start, end = bounds.get(convention.partnership_id, (convention.starts_on, convention.ends_on))
        later = None if end is None or convention.ends_on is None else max(end, convention.ends_on)
        bounds[convention.partnership_id] = (min(start, convention.starts_on), later)
    query = Q(pk__in=[])
    for partnership_id, (start, end) in bounds.items():
        span = Q(**{f"{prefix}partnership_id": partnership_id, f"{prefix}{date}__gte": start})
        query |= span & Q(**{f"{prefix}{date}__lte": end}) if end else span
    return query


def within_term(convention, partnership_id, day):
    """Whether a row already read (its partnership and its date) is within the convention's term."""
    return (
        partnership_id == convention.partnership_id
        and convention.starts_on is not None
        and convention.starts_on <= day
        and (convention.ends_on is None or day <= convention.ends_on)
    )
