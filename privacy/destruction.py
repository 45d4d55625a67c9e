"""Clause C9: destroy the personal data tied to a cooperation convention two months after it ends.

"Sauf obligation légale ou réglementaire particulière, chaque partie s'engage à détruire les
données personnelles et leurs copies dès qu'elles ne sont plus nécessaires […]. En l'absence
de contentieux, cette destruction intervient au plus tard dans un délai de deux mois à compter
de l'échéance de la convention."

The job runs on the deadline day at the latest ("au plus tard"): from that day on, the
cooperation conventions without a `DestructionRecord` are erased in batches of `BATCH_SIZE`
(`destroy_batch`), each batch in one transaction that writes one record per convention (unique:
the record is written first, so that two workers never erase a convention twice) and calls every
app's ``personal_data.erase(plans)`` hook once for the whole batch, in a number of queries that
does not grow with the conventions. A batch that fails is erased again one convention at a time,
so that a convention that fails holds back no other. What the law still requires stays: each
app's hook keeps the deliberation, the signed documents and the aggregated figures.

The people go with the convention unless another convention not yet destroyed still names them,
or a public act kept does (a representative named in a signed convention): a `Plan` computed
just before the erasure says which, and why each one kept is kept. A batch is erased as if its
conventions went one after the other, in their order: two conventions due together that name the
same person, the first keeps them for the second, which erases them.
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
    """With their terms and their `DestructionRecord` if any (joined: the page reads it of each)."""
    return Convention.objects.filter(kind=Convention.Kind.COOPERATION).select_related("destruction_record").with_terms()


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


def _naming(person_ids):
    """({person pk: [(convention pk, why, public act or not)]}, {convention pk: Convention}): the
    conventions each app's ``naming`` hook says name the people, in a fixed number of queries."""
    naming = defaultdict(list)
    for module in app_modules("personal_data") if person_ids else ():
        for person_id, convention_id, why, public in getattr(module, "naming", lambda ids: ())(person_ids):
            naming[person_id].append((convention_id, why, public))
    named_by = (
        Convention.objects.select_related("destruction_record")
        .order_by()
        .in_bulk({c for found in naming.values() for c, _why, _public in found})
    )
    return naming, named_by


def still_named(person):
    """[(convention, why)]: the conventions not yet destroyed, and the public acts kept, that still
    need `person` (what keeps their record from being erased on their request, article 17 3. b and
    e of the RGPD: the execution of a convention in force, the record of a public act)."""
    naming, named_by = _naming({person.pk})
    return list(
        dict.fromkeys(
            (named_by[c], why)
            for c, why, public in naming[person.pk]
            if public or not hasattr(named_by[c], "destruction_record")
        )
    )


def plans(conventions, in_turn=False):
    """{convention pk: Plan} in a number of queries that does not grow with the conventions or
    the people. Each app's hook names who its rows tie to a convention (``people``) and which
    conventions name a given person (``naming``: person, convention, why, public act or not).

    Each plan is that of its convention alone, as if it were erased now; `in_turn` (a batch of the
    job) plans them as erased one after the other, in their order: each counts those before it as
    destroyed (whatever their records say) and not those after it, and a person is erased with the
    first that erases them."""
    conventions = list(conventions)
    tied = {c.pk: set() for c in conventions}
    modules = list(app_modules("personal_data"))
    for module in modules:
        for pk, ids in getattr(module, "people", lambda conventions: {})(conventions).items():
            tied[pk] |= ids
    everyone = set().union(*tied.values())
    naming, named_by = _naming(everyone)
    destroyed = {pk for pk, convention in named_by.items() if hasattr(convention, "destruction_record")}
    if in_turn:
        destroyed -= set(tied)
    people = Person.objects.select_related("organisation").order_by().in_bulk(everyone)  # sorted below
    found, erased = {}, set()
    for convention in conventions:
        plan = found[convention.pk] = Plan(convention)
        for person_id in sorted(tied[convention.pk] - erased, key=lambda pk: (str(people[pk]), pk)):
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
        if in_turn:
            destroyed.add(convention.pk)
            erased.update(plan.people)
    return found


def inventories(conventions):
    """What the hooks would erase now: {convention pk: [{"app", "label", "count"}]}, in a number of
    queries that does not grow with the conventions."""
    return {pk: rows for pk, (rows, _plan) in dry_run(conventions).items()}


def dry_run(conventions, in_turn=False):
    """{convention pk: (rows as `inventories` gives them, Plan)}: what would go, and who stays
    (`in_turn`: as the job would erase them together, see `plans`)."""
    found_plans = plans(conventions, in_turn=in_turn)
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
    whose deadline is within `days` back, by deadline. No query of its own (`conventions` must come
    with their terms and records, as `cooperation_conventions` gives them)."""
    ahead = today + datetime.timedelta(days=days)
    back = today - datetime.timedelta(days=days)
    found = []
    for convention in conventions:
        deadline = convention.personal_data_destruction_deadline()
        if deadline is None:
            continue
        record = getattr(convention, "destruction_record", None)
        if (record is None and deadline.date <= ahead) or (record is not None and back <= deadline.date <= ahead):
            found.append((convention, deadline, record))
    return sorted(found, key=lambda item: (item[1].date, item[0].pk))


def entries_of(items):
    """The `Entry` of each (convention, deadline, record): the inventory hooks are read only for
    these (one page), and only for those not destroyed."""
    found = inventories([c for c, _deadline, record in items if record is None])
    return [Entry(c, deadline, record, found.get(c.pk, [])) for c, deadline, record in items]


def _deadline(convention, today):
    """The convention's C9 deadline if it is today or past, else None."""
    deadline = convention.personal_data_destruction_deadline()
    return deadline if deadline and deadline.date <= today else None


def due(today):
    """Cooperation conventions whose C9 deadline is today or past and not yet destroyed."""
    for convention in cooperation_conventions().filter(destruction_record__isnull=True):
        deadline = _deadline(convention, today)
        if deadline:
            yield convention, deadline


# How many conventions one transaction erases: the job's queries grow with the batches only.
BATCH_SIZE = 100


def batches(today, size=None):
    """The conventions `due` on `today`, in lists of `size` (`BATCH_SIZE`), in their order."""
    conventions = [convention for convention, _deadline in due(today)]
    size = size or BATCH_SIZE
    return [conventions[start : start + size] for start in range(0, len(conventions), size)]


def destroy_personal_data(today):
    """The daily job. Returns the records it wrote."""
    with daily.logged_run("destroy_personal_data", today) as counts:
        done = [record for batch in batches(today) for record in destroy_batch(batch, today)]
        counts.update(conventions=len(done), rows=sum(row["count"] for record in done for row in record.summary))
    return done


def destroy_batch(conventions, today):
    """Clause C9 for those of `conventions` (from `cooperation_conventions`, with their terms)
    that are due on `today` and that no worker has destroyed yet: erased together in one
    transaction, in a number of queries that does not grow with them. If that fails, one at a
    time: a convention that fails is rolled back whole and logged (without personal data), so
    that the next run tries again, and the others go on. Returns the records written."""
    conventions = [convention for convention in conventions if _deadline(convention, today)]
    if not conventions:
        return []
    try:
        return _erase_together(conventions, today)
    except Exception:
        if len(conventions) == 1:
            logger.exception("Personal-data destruction failed for convention %s", conventions[0].pk)
            return []
        logger.warning("Personal-data destruction of %s conventions together failed: one at a time", len(conventions))
    return [record for convention in conventions for record in destroy_batch([convention], today)]


def _erase_together(conventions, today):
    # What the hooks erase may concern many partnerships: one change recorded for all.
    with transaction.atomic(), duty_snapshots.one_change_for_all():
        records = _claim(conventions, today)
        if not records:
            return []
        found = plans([record.convention for record in records], in_turn=True)
        summaries = {pk: [] for pk in found}
        for module in erasers():
            for pk, rows in module.erase(found).items():
                summaries[pk] += _rows(rows, _app_label(module))
        for record in records:
            record.summary = summaries[record.convention_id]
        DestructionRecord.objects.bulk_update(records, ["summary"])
    return records


def _claim(conventions, today):
    """The records of those of `conventions` this worker erases, written before it erases
    anything: one per convention (unique), so that a second worker at the same moment waits for
    the first one's commit, then finds them taken and leaves them."""

    def record(convention):
        deadline = _deadline(convention, today).date
        return DestructionRecord(convention=convention, performed_on=today, deadline=deadline, summary=[])

    try:
        with transaction.atomic():
            return DestructionRecord.objects.bulk_create([record(convention) for convention in conventions])
    except IntegrityError:  # another worker took some: this one takes the others
        claimed = []
        for convention in conventions:
            try:
                with transaction.atomic():
                    claimed.append(DestructionRecord.objects.bulk_create([record(convention)])[0])
            except IntegrityError:
                continue
        return claimed
