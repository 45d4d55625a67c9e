"""Clause C9: destroy the personal data tied to a cooperation convention two months after it ends.

"Sauf obligation légale ou réglementaire particulière, chaque partie s'engage à détruire les
données personnelles et leurs copies dès qu'elles ne sont plus nécessaires […]. En l'absence
de contentieux, cette destruction intervient au plus tard dans un délai de deux mois à compter
de l'échéance de la convention."

The job runs on the deadline day at the latest ("au plus tard"): from that day on, each
cooperation convention without a `DestructionRecord` has every app's
``personal_data.erase(convention)`` hook called, and the record is written in the same
transaction, once (one record per convention, unique). What the law still requires stays:
each app's hook keeps the deliberation, the signed documents and the aggregated figures.

The people go with the convention unless another convention not yet destroyed still names them,
or a public act kept does (a representative named in a signed convention): a `Plan` computed
just before the erasure says which, and why each one kept is kept. Two conventions due together
that name the same person: the first keeps them for the second, which erases them.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from partnership import daily, duty_snapshots
from partnership.hooks import app_modules
from partnership.models import Convention, Person
from privacy.models import DestructionRecord

logger = logging.getLogger(__name__)


def cooperation_conventions():
    return Convention.objects.filter(kind=Convention.Kind.COOPERATION).prefetch_related(*Convention.TERMS_PREFETCH)


def _rows(results, app_label):
    return [{"app": app_label, "label": str(label), "count": int(count)} for label, count in results]


def _app_label(module):
    return module.__name__.rsplit(".", 1)[0]


def erasers():
    """The apps' ``personal_data`` hooks in the order they erase: a hook naming an ``ERASE_ORDER``
    lower than the others' (50) goes first (the documents, before what they are attached to)."""
    return sorted(app_modules("personal_data"), key=lambda module: getattr(module, "ERASE_ORDER", 50))


@dataclass
class Plan:
    """The people of one convention: those erased with it and those kept, each with its reasons
    [(convention, why)]. What the hooks erase by person (participations, absences…) is of
    `people` only."""

    convention: Convention
    people: dict = field(default_factory=dict)  # pk → Person
    kept: list = field(default_factory=list)  # [(Person, [(Convention, why)])]

    @property
    def names(self):
        """How the erased people are written in texts (a notification's title)."""
        return [str(person) for person in self.people.values()]


def plans(conventions):
    """{convention pk: Plan} in a number of queries that does not grow with the conventions or
    the people. Each app's hook names who its rows tie to a convention (``people``) and which
    conventions name a given person (``naming``: person, convention, why, public act or not)."""
    conventions = list(conventions)
    tied = {c.pk: set() for c in conventions}
    modules = list(app_modules("personal_data"))
    for module in modules:
        for pk, ids in getattr(module, "people", lambda conventions: {})(conventions).items():
            tied[pk] |= ids
    everyone = set().union(*tied.values())
    naming = defaultdict(list)
    for module in modules if everyone else ():
        for person_id, convention_id, why, public in getattr(module, "naming", lambda ids: ())(everyone):
            naming[person_id].append((convention_id, why, public))
    named_by = Convention.objects.select_related("destruction_record").in_bulk(
        {c for found in naming.values() for c, _why, _public in found}
    )
    destroyed = {pk for pk, convention in named_by.items() if hasattr(convention, "destruction_record")}
    people = Person.objects.in_bulk(everyone)
    found = {}
    for convention in conventions:
        plan = found[convention.pk] = Plan(convention)
        for person_id in sorted(tied[convention.pk], key=lambda pk: (str(people[pk]), pk)):
            reasons = list(  # once each: a representative of a convention and of its OPUS convention
                dict.fromkeys(
                    (named_by[c], why)
                    for c, why, public in naming[person_id]
                    if public or (c != convention.pk and c not in destroyed)
                )
            )
            if reasons:
                plan.kept.append((people[person_id], reasons))
            else:
                plan.people[person_id] = people[person_id]
    return found


def inventories(conventions):
    """What the hooks would erase now: {convention pk: [{"app", "label", "count"}]}, in a number of
    queries that does not grow with the conventions."""
    return {pk: rows for pk, (rows, _plan) in dry_run(conventions).items()}


def dry_run(conventions):
    """{convention pk: (rows as `inventories` gives them, Plan)}: what would go, and who stays."""
    found_plans = plans(conventions)
    found = {pk: [] for pk in found_plans}
    for module in erasers():
        for pk, rows in module.inventory(found_plans).items():
            found[pk] += _rows(rows, _app_label(module))
    return {pk: (rows, found_plans[pk]) for pk, rows in found.items()}


@dataclass
class Entry:
    convention: Convention
    deadline: object  # LegalDate
    record: DestructionRecord | None
    inventory: list

    @property
    def total(self):
        return sum(row["count"] for row in (self.record.summary if self.record else self.inventory))


# The page shows the conventions whose deadline comes within this many days (or has passed
# without the destruction recorded), and the destructions recorded with a deadline that recent.
PAGE_HORIZON_DAYS = 90


def relevant(conventions, today, days=PAGE_HORIZON_DAYS):
    """For the page, without reading any app's inventory: [(convention, deadline, record)] of the
    conventions not yet destroyed whose deadline is past or within `days`, and of those destroyed
    whose deadline is within `days` back, by deadline. Two queries however many conventions ended
    (`conventions` must prefetch their terminations)."""
    conventions = list(conventions)
    records = {r.convention_id: r for r in DestructionRecord.objects.filter(convention__in=conventions)}
    ahead = today + datetime.timedelta(days=days)
    back = today - datetime.timedelta(days=days)
    found = []
    for convention in conventions:
        deadline = convention.personal_data_destruction_deadline()
        if deadline is None:
            continue
        record = records.get(convention.pk)
        if (record is None and deadline.date <= ahead) or (record is not None and back <= deadline.date <= ahead):
            found.append((convention, deadline, record))
    return sorted(found, key=lambda item: (item[1].date, item[0].pk))


def entries_of(items):
    """The `Entry` of each (convention, deadline, record): the inventory hooks are read only for
    these (one page), and only for those not destroyed."""
    found = inventories([c for c, _deadline, record in items if record is None])
    return [Entry(c, deadline, record, found.get(c.pk, [])) for c, deadline, record in items]


def due(today):
    """Cooperation conventions whose C9 deadline is today or past and not yet destroyed."""
    for convention in cooperation_conventions().filter(destruction_record__isnull=True):
        deadline = convention.personal_data_destruction_deadline()
        if deadline and deadline.date <= today:
            yield convention, deadline


def destroy_personal_data(today):
    """The daily job. Returns the records it wrote."""
    with daily.logged_run("destroy_personal_data", today) as counts:
        done = _destroy(today)
        counts.update(conventions=len(done), rows=sum(row["count"] for record in done for row in record.summary))
    return done


def _destroy(today):
    done = []
    for convention, deadline in list(due(today)):
        try:
            # What the hooks erase may concern many partnerships: one change recorded for all.
            with transaction.atomic(), duty_snapshots.one_change_for_all():
                try:
                    with transaction.atomic():
                        record = DestructionRecord.objects.create(
                            convention=convention, performed_on=today, deadline=deadline.date, summary=[]
                        )
                except IntegrityError:
                    continue  # another worker did it
                plan = plans([convention])[convention.pk]
                record.summary = [row for module in erasers() for row in _rows(module.erase(plan), _app_label(module))]
                record.save(update_fields=["summary"])
        except Exception:
            # Rolled back whole, so tomorrow's run tries again; the other conventions go on.
            logger.exception("Personal-data destruction failed for convention %s", convention.pk)
            continue
        done.append(record)
    return done
