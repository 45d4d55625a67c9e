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


def term(convention, prefix="", date="date"):
    """The rows of the convention's partnership dated (``{prefix}{date}``) within its term: those
    tied to it when nothing else ties them to a convention (a meeting, a committee without one)."""
    if convention.starts_on is None:
        return Q(pk__in=[])
    query = Q(**{f"{prefix}partnership_id": convention.partnership_id, f"{prefix}{date}__gte": convention.starts_on})
    return query & Q(**{f"{prefix}{date}__lte": convention.ends_on}) if convention.ends_on else query


def within_term(convention, partnership_id, day):
    """`term` for a row already read: its partnership and its date."""
    return (
        partnership_id == convention.partnership_id
        and convention.starts_on is not None
        and convention.starts_on <= day
        and (convention.ends_on is None or day <= convention.ends_on)
    )
