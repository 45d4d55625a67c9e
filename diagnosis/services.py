"""Operations on the quarterly figures that span several rows or models: checking a whole
upload, and saving a quarter as a new version that keeps the previous one."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from diagnosis import checks, parsing, tables
from diagnosis.models import COUNT_FIELDS, QuarterlyFigures
from diagnosis.permissions import can_submit_figures
from diagnosis.quarters import Quarter, c3_figures_early, c3_refusals
from partnership import duty_snapshots
from partnership.models import Partnership


class ReplacementNotConfirmed(Exception):
    pass


class EarlyNotConfirmed(Exception):
    """Figures for a quarter ended less than the usual delay ago, not confirmed (clause C3)."""


class ConcurrentSubmission(Exception):
    pass


def submittable_partnerships(user):
    """The partnerships `user` may submit figures for (Correspondant, or an agent on their behalf)."""
    if not can_submit_figures(user):
        return Partnership.objects.none()
    return Partnership.objects.visible_to(user)


@dataclass(frozen=True)
class Change:
    """A value a new version changes: its column, the value received before and the new one."""

    label: str
    old: object
    new: object
    is_date: bool = False


def changes(replaced, figures_date, values):
    """[Change] of every column whose value `values` (and `figures_date`, the quarter's end when
    empty) change from the version `replaced`, in the columns' order; [] when nothing changes."""
    found = []
    new_date = figures_date or replaced.period.end
    if replaced.figures_date != new_date:
        found.append(Change(str(_("Date des chiffres")), replaced.figures_date, new_date, is_date=True))
    for name in COUNT_FIELDS:
        old, new = getattr(replaced, name), values.get(name)
        if old != new:
            found.append(Change(str(checks.FIELD_LABELS[name]), old, new))
    return found


@dataclass
class PlannedQuarter:
    row: int
    partnership: Partnership
    quarter: Quarter
    figures_date: object
    values: dict
    warnings: list = field(default_factory=list)
    replaces: QuarterlyFigures | None = None
    early_due: object = None  # the C3 due date when the quarter ended less than the usual delay ago

    @property
    def capi_share(self):
        capi = self.values["capi_abc"]
        return 100 * self.values["seekers_abc"] / capi if capi else None

    @property
    def changes(self):
        """What replacing the current version changes (clause C3: the earlier one is archived)."""
        return changes(self.replaces, self.figures_date, self.values) if self.replaces else []


@dataclass
class Plan:
    quarters: list
    problems: list

    @property
    def ok(self):
        return not self.problems and bool(self.quarters)

    @property
    def replacements(self):
        return [q for q in self.quarters if q.replaces]

    @property
    def warnings(self):
        return [(q, w) for q in self.quarters for w in q.warnings]

    @property
    def early(self):
        """The quarters ended less than the usual delay ago (clause C3), to be confirmed."""
        return [q for q in self.quarters if q.early_due]


def current_values(partnership_ids):
    """{(partnership_id, quarter index): QuarterlyFigures} of the current versions, one query."""
    rows = QuarterlyFigures.objects.current().filter(partnership_id__in=partnership_ids)
    return {(row.partnership_id, Quarter(row.year, row.quarter).index): row for row in rows}


def plan_upload(user, name, data, today=None):
    """Read and check an uploaded file as a whole; nothing is saved here.

    Returns a Plan: the quarters that would be saved (with the version each one replaces and
    its warnings), or the problems that refuse the whole file."""
    try:
        headers, rows = tables.read_table(name, data)
    except parsing.UploadError as error:
        return Plan([], [parsing.Problem(error.row, error.column, error.value, str(error))])
    return plan_table(user, headers, rows, today)


def plan_table(user, headers, rows, today=None):
    """`plan_upload` for a table already read: its headers and rows of cells (the API sends them)."""
    Problem = parsing.Problem
    today = today or timezone.localdate()
    try:
        columns = parsing.map_columns(headers)
    except parsing.UploadError as error:
        return Plan([], [Problem(error.row, error.column, error.value, str(error))])
    by_insee, cooperation_end = defaultdict(list), {}
    for partnership in (
        submittable_partnerships(user).select_related("commune").prefetch_related("conventions__terminations")
    ):
        by_insee[partnership.commune.insee_code].append(partnership)
        cooperation_end[partnership.pk] = partnership.cooperation_end()
    parsed, problems = [], []
    for offset, cells in enumerate(rows):
        if parsing.is_blank(cells):
            continue
        row, row_problems = parsing.parse_row(offset + 2, cells, columns, headers)
        problems.extend(row_problems)
        parsed.append((row, not row_problems))
    if not parsed:
        return Plan([], [Problem(0, "", "", _("Le fichier ne contient aucune ligne de chiffres."))])
    insee_header = str(headers[columns["insee"]])
    year_header = str(headers[columns["year"]])
    quarter_header = str(headers[columns["quarter"]])
    resolved, seen = [], {}
    for row, clean in parsed:
        matches = by_insee.get(row.insee, [])
        if len(matches) != 1:
            if row.insee and re_is_insee(row.insee):
                message = (
                    _("Vous ne pouvez pas déposer de chiffres pour la commune %(insee)s.")
                    if not matches
                    else _("Plusieurs partenariats pour la commune %(insee)s : déposez depuis la page du partenariat.")
                ) % {"insee": row.insee}
                problems.append(Problem(row.row, insee_header, row.insee, message))
            continue
        if not clean:
            continue
        key = (matches[0].pk, row.quarter.index)
        if key in seen:
            problems.append(
                Problem(
                    row.row,
                    quarter_header,
                    row.quarter.short,
                    _("Ce trimestre de cette commune figure déjà à la ligne %(row)s.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = row.row
        refusals = c3_refusals(row.quarter, today, cooperation_end[matches[0].pk])
        for kind, message in refusals:
            if kind == "year":
                problems.append(Problem(row.row, year_header, str(row.quarter.year), message))
            else:
                problems.append(Problem(row.row, quarter_header, row.quarter.short, message))
        if not refusals:
            resolved.append((row, matches[0]))
    existing = current_values({p.pk for _row, p in resolved})
    in_file = {(p.pk, row.quarter.index): row.values for row, p in resolved}
    planned = []
    for row, partnership in resolved:
        key = (partnership.pk, row.quarter.index)
        previous_key = (partnership.pk, row.quarter.index - 1)
        previous = in_file.get(previous_key) or (existing[previous_key].values() if previous_key in existing else None)
        errors, warnings = checks.check_values(row.values, previous)
        for finding in errors:
            index = columns.get(finding.field)
            header = str(headers[index]) if index is not None else str(checks.FIELD_LABELS[finding.field])
            problems.append(Problem(row.row, header, _display(row.values.get(finding.field)), finding.message))
        planned.append(
            PlannedQuarter(
                row.row,
                partnership,
                row.quarter,
                row.figures_date,
                row.values,
                warnings,
                existing.get(key),
                c3_figures_early(row.quarter, today),
            )
        )
    problems.sort(key=lambda p: (p.row, p.column))
    return Plan(planned, problems)


def re_is_insee(text):
    return len(text) == 5


def _display(value):
    return "" if value is None else str(value)


def save_plan(plan, user, *, source, confirm_replace=False, confirm_early=False, demo=False):
    """Save every quarter of a checked plan at once, each as a new version; the versions they
    replace are kept, marked superseded. All or nothing.

    Replacing a quarter already received needs `confirm_replace`; a quarter ended less than the
    usual delay ago (clause C3) needs `confirm_early`."""
    if not plan.ok:
        raise ValueError("a plan with problems cannot be saved")
    if plan.replacements and not confirm_replace:
        raise ReplacementNotConfirmed
    if plan.early and not confirm_early:
        raise EarlyNotConfirmed
    now = timezone.now()
    partnership_ids = {q.partnership.pk for q in plan.quarters}
    keys = {(q.partnership.pk, q.quarter.year, q.quarter.number) for q in plan.quarters}
    try:
        with transaction.atomic():
            versions = (
                QuarterlyFigures.objects.filter(partnership_id__in=partnership_ids)
                .values("partnership_id", "year", "quarter")
                .annotate(last=Max("version"))
            )
            last_version = {(v["partnership_id"], v["year"], v["quarter"]): v["last"] for v in versions}
            replaced = [
                pk
                for pk, p, y, q in QuarterlyFigures.objects.current()
                .filter(partnership_id__in=partnership_ids)
                .select_for_update()
                .values_list("pk", "partnership_id", "year", "quarter")
                if (p, y, q) in keys
            ]
            expected = {q.replaces.pk for q in plan.quarters if q.replaces}
            if set(replaced) != expected:
                raise ConcurrentSubmission
            if replaced:
                QuarterlyFigures.objects.filter(pk__in=replaced).update(superseded_at=now)
            rows = [
                QuarterlyFigures(
                    partnership=q.partnership,
                    year=q.quarter.year,
                    quarter=q.quarter.number,
                    figures_date=q.figures_date or q.quarter.end,
                    version=last_version.get((q.partnership.pk, q.quarter.year, q.quarter.number), 0) + 1,
                    source=source,
                    demo=demo,
                    submitted_by=user,
                    submitted_at=now,
                    **{name: q.values.get(name) for name in COUNT_FIELDS},
                )
                for q in plan.quarters
            ]
            saved = QuarterlyFigures.objects.bulk_create(rows, batch_size=1000)
            duty_snapshots.changed(partnership_ids)  # bulk_create sends no signal
            return saved
    except IntegrityError as error:
        raise ConcurrentSubmission from error


def plan_single(partnership, quarter, figures_date, values, today=None):
    """A plan for one quarter entered in the form (its checks are done by the form)."""
    today = today or timezone.localdate()
    existing = current_values([partnership.pk])
    previous = existing.get((partnership.pk, quarter.index - 1))
    _errors, warnings = checks.check_values(values, previous.values() if previous else None)
    planned = PlannedQuarter(
        0,
        partnership,
        quarter,
        figures_date,
        values,
        warnings,
        existing.get((partnership.pk, quarter.index)),
        c3_figures_early(quarter, today),
    )
    return Plan([planned], [])
