"""The series of a partnership's current quarterly figures, with its changes and flags."""

from dataclasses import dataclass, field

from diagnosis import checks
from diagnosis.models import QuarterlyFigures


def period_change(now, before):
    """{"delta", "percent"} from `before` to `now` (percent None from zero), or None if one is unknown."""
    if now is None or before is None:
        return None
    return {"delta": now - before, "percent": 100 * (now - before) / before if before else None}


@dataclass
class SeriesRow:
    figures: QuarterlyFigures
    previous: QuarterlyFigures | None = None
    year_before: QuarterlyFigures | None = None
    warnings: list = field(default_factory=list)

    @property
    def period(self):
        return self.figures.period

    @property
    def quarter_change(self):
        return period_change(self.figures.seekers_abc, self.previous.seekers_abc if self.previous else None)

    @property
    def year_change(self):
        return period_change(self.figures.seekers_abc, self.year_before.seekers_abc if self.year_before else None)

    @property
    def share_year_change(self):
        """Change of the commune's share of the intercommunality, in percentage points."""
        if not self.year_before or self.figures.capi_share is None or self.year_before.capi_share is None:
            return None
        return self.figures.capi_share - self.year_before.capi_share


def build(figures):
    """SeriesRows for `figures` (current versions of one partnership), oldest first."""
    by_index = {f.period.index: f for f in figures}
    rows = []
    for index in sorted(by_index):
        current = by_index[index]
        previous = by_index.get(index - 1)
        row = SeriesRow(current, previous, by_index.get(index - 4))
        if previous:
            row.warnings = checks.sharp_changes(current.values(), previous.values())
        rows.append(row)
    return rows


def for_partnership(partnership, first=None, last=None):
    queryset = QuarterlyFigures.objects.current().filter(partnership=partnership).order_by("year", "quarter")
    if first:
        queryset = queryset.filter(year__gte=first.year)
    if last:
        queryset = queryset.filter(year__lte=last.year)
    return build(list(queryset))
