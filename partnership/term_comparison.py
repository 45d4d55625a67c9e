"""Clause C10: the current convention's indicators against the previous term's.

A renewal is a new convention of the same partnership and kind that takes effect after the
previous one ended. Both terms are compared over comparable periods: the same number of whole
months elapsed since each took effect while the current term runs, the whole terms once it has
ended. Each app gives its figures for a list of periods through the optional ``term_figures``
function of its ``indicators`` hook (see `partnership.hooks`), in queries that do not grow with
the data.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnership import french, report
from partnership.hooks import app_modules
from partnership.legal_dates import add_months
from partnership.models import Convention

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date

    def __contains__(self, day):
        return self.first <= day <= self.last


@dataclass
class Comparison:
    current: Convention
    previous: Convention
    periods: tuple  # (the previous term's Period, the current term's Period)
    months: int | None  # the elapsed months compared, None for whole terms
    rows: list  # [(label, previous value, current value)]

    @property
    def basis(self):
        if self.months is None:
            return _("Mandats entiers : du %(p1)s au %(p2)s, et du %(c1)s au %(c2)s.") % self._dates()
        return ngettext(
            "Premier mois de chaque mandat : du %(p1)s au %(p2)s, et du %(c1)s au %(c2)s.",
            "%(months)s premiers mois de chaque mandat : du %(p1)s au %(p2)s, et du %(c1)s au %(c2)s.",
            self.months,
        ) % {"months": self.months, **self._dates()}

    def _dates(self):
        (p, c) = self.periods
        return {
            "p1": report.day(p.first),
            "p2": report.day(p.last),
            "c1": report.day(c.first),
            "c2": report.day(c.last),
        }

    def section(self):
        """The comparison as a section of the steering committee's record (`partnership.report`)."""
        return report.section(
            _("Comparaison avec le mandat précédent (clause C10)"),
            facts=[
                (_("Mandat précédent"), self.previous.title),
                (_("Mandat en cours"), self.current.title),
                (_("Périodes comparées"), self.basis),
            ],
            tables=[
                report.table(
                    _("Indicateurs des deux mandats"),
                    [_("Indicateur"), _("Mandat précédent"), _("Mandat en cours"), _("Évolution")],
                    [
                        [label, report.count(before), report.count(now), change_text(before, now)]
                        for label, before, now in self.rows
                    ],
                )
            ],
        )


def change_text(before, now):
    """« +12 (+8,5 %) », « −3 (−30,0 %) », « +4 » from zero, « = »; « — » when a figure is unknown."""
    if before is None or now is None:
        return report.NONE
    delta = now - before
    if delta == 0:
        return "="
    text = ("+" if delta > 0 else "−") + french.number(abs(delta))
    if before:
        percent = 100 * delta / before
        # Non-breaking spaces: the change stays on one line in a narrow column.
        text += f"\u00a0({'+' if percent > 0 else '−'}{french.number(abs(percent), 1)}\u00a0%)"
    return text


def previous_term(convention, conventions):
    """The convention `convention` renews: of the same partnership and kind, the latest one
    whose term ended before it took effect (None for a first convention)."""
    if convention.starts_on is None:
        return None
    earlier = [
        c
        for c in conventions
        if c.partnership_id == convention.partnership_id
        and c.kind == convention.kind
        and c.starts_on
        and c.ends_on
        and c.ends_on < convention.starts_on
    ]
    return max(earlier, key=lambda c: c.ends_on, default=None)


def elapsed_months(first, day):
    """The whole months from `first` to `day` included (0 before the first month is over)."""
    months = (day.year - first.year) * 12 + day.month - first.month + 1
    while months > 0 and add_months(first, months) - ONE_DAY > day:
        months -= 1
    return months


def comparable_periods(current, previous, today):
    """(previous Period, current Period, months) over which the two terms compare on `today`:
    whole terms once the current one has ended (months None), else the same whole months of
    each since it took effect; None while not one month of the current term is over."""
    if current.ends_on and current.ends_on < today:
        return Period(previous.starts_on, previous.ends_on), Period(current.starts_on, current.ends_on), None
    months = elapsed_months(current.starts_on, today)
    if not months:
        return None
    previous_last = min(add_months(previous.starts_on, months) - ONE_DAY, previous.ends_on)
    current_last = add_months(current.starts_on, months) - ONE_DAY
    return Period(previous.starts_on, previous_last), Period(current.starts_on, current_last), months


def compare(convention, conventions, today):
    """The `Comparison` of `convention` with the term before it, or None when there is none
    (or not one month of it is over). `conventions`: the partnership's, already loaded."""
    previous = previous_term(convention, conventions)
    if previous is None:
        return None
    found = comparable_periods(convention, previous, today)
    if found is None:
        return None
    *periods, months = found
    rows = [
        (label, before, now)
        for module in app_modules("indicators")
        if hasattr(module, "term_figures")
        for label, (before, now) in module.term_figures(convention.partnership_id, periods)
    ]
    return Comparison(current=convention, previous=previous, periods=tuple(periods), months=months, rows=rows)
