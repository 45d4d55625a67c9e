"""Calendar quarters and the due date of each quarter's figures (clause C3)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from partnership.french import french_date
from partnership.legal_dates import LegalDate, add_months


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number {self.number} is not 1 to 4")

    @classmethod
    def of(cls, day: datetime.date):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def latest_complete(cls, today: datetime.date):
        """The last quarter that ended before `today` (the current one is still running)."""
        return cls.of(today).previous()

    @property
    def start(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        return add_months(self.start, 3) - datetime.timedelta(days=1)

    @property
    def index(self):
        """A running number: consecutive quarters differ by one."""
        return self.year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index):
        return cls(index // 4, index % 4 + 1)

    def previous(self):
        return Quarter.from_index(self.index - 1)

    def next(self):
        return Quarter.from_index(self.index + 1)

    def year_before(self):
        return Quarter(self.year - 1, self.number)

    @property
    def short(self):
        """“T3 2020”"""
        return f"T{self.number} {self.year}"

    @property
    def label(self):
        """“3e trimestre 2020”"""
        ordinal = _("1er") if self.number == 1 else _("%(n)se") % {"n": self.number}
        return _("%(ordinal)s trimestre %(year)s") % {"ordinal": ordinal, "year": self.year}

    def __str__(self):
        return self.short


def quarters_between(first: Quarter, last: Quarter):
    return [Quarter.from_index(i) for i in range(first.index, last.index + 1)]


def c3_quarterly_figures_due(quarter: Quarter, days: int | None = None) -> LegalDate:
    """Clause C3: « Pôle Emploi s'engage à fournir trimestriellement des données relatives à
    l'emploi sur la commune » — the quarter's figures are due a set number of days
    (DIAGNOSIS_FIGURES_DUE_DAYS) after the quarter ends."""
    days = settings.DIAGNOSIS_FIGURES_DUE_DAYS if days is None else days
    return LegalDate(
        quarter.end + datetime.timedelta(days=days),
        "C3",
        _("fin du trimestre + %(days)s jours") % {"days": days},
    )


def c3_figures_early(quarter: Quarter, today: datetime.date, days: int | None = None) -> LegalDate | None:
    """The quarter's due date (clause C3) when `today` is before it, None otherwise.

    Figures sent for a quarter ended less than the usual delay ago (DIAGNOSIS_FIGURES_DUE_DAYS)
    may still be provisional: they are received only once the sender confirms them."""
    due = c3_quarterly_figures_due(quarter, days)
    return due if today < due.date else None


def c3_early_explanation(quarter: Quarter, due: LegalDate) -> str:
    """Why the figures of `quarter`, due on `due`, need a confirmation (clause C3), in French."""
    return _(
        "Le %(quarter)s s'est terminé le %(end)s : ses chiffres sont attendus pour le %(due)s, "
        "%(days)s jours après la fin du trimestre (clause C3). Envoyés avant cette date, ils peuvent être "
        "encore provisoires : confirmez qu'ils sont bien ceux à enregistrer."
    ) % {
        "quarter": quarter.label,
        "end": french_date(quarter.end),
        "due": french_date(due.date),
        "days": (due.date - quarter.end).days,
    }


def c3_refusals(quarter: Quarter, today: datetime.date, cooperation_end: datetime.date | None):
    """Why figures for `quarter` cannot be received: (field, message) pairs, none when they can.

    Clause C3: « Pôle Emploi s'engage à fournir trimestriellement des données relatives à
    l'emploi sur la commune » — the figures of a quarter that has ended, for the years of the
    partnership's cooperation convention (none beyond the year its last one ends)."""
    refusals = []
    if cooperation_end and quarter.year > cooperation_end.year:
        refusals.append(
            (
                "year",
                _("L'année %(year)s est postérieure à la convention de coopération, qui prend fin le %(end)s.")
                % {"year": quarter.year, "end": cooperation_end.strftime("%d/%m/%Y")},
            )
        )
    if quarter > Quarter.latest_complete(today):
        refusals.append(
            (
                "quarter",
                _("Le %(quarter)s n'est pas terminé : ses chiffres pourront être déposés à partir du %(day)s.")
                % {"quarter": quarter.label, "day": (quarter.end + datetime.timedelta(days=1)).strftime("%d/%m/%Y")},
            )
        )
    return refusals


def c3_business_movements_report_due(quarter: Quarter, days: int | None = None) -> LegalDate:
    """Clause C3: « la Mairie s'engage à informer Pôle Emploi des opportunités de créations
    d'emploi ou à contrario de fermeture d'établissements » — the commune's quarterly report of
    business movements, due a set number of days (DIAGNOSIS_MOVEMENTS_DUE_DAYS) after the quarter."""
    days = settings.DIAGNOSIS_MOVEMENTS_DUE_DAYS if days is None else days
    return LegalDate(
        quarter.end + datetime.timedelta(days=days),
        "C3",
        _("fin du trimestre + %(days)s jours") % {"days": days},
    )
