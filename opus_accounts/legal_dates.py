"""Dates with a legal meaning for the OPUS accounts, one function per rule (clauses O6, O7).

The three months of an absence are counted "de quantième à quantième" with
`partnership.legal_dates.add_months`, which clamps to the month's last day:

- the three months of an absence that starts on day S end on ``add_months(S, 3)``
  (1 January → 1 April; 30 November → 28 February, or 29 February in a leap year);
- the absence is "de plus de trois mois" (O6, O7) when the holder is still absent the
  day after: 2 April, or 1 March for an absence from 30 November (29 November 2023
  → 29 February 2024 → 1 March 2024; 29 November 2026 → 28 February 2027 → 1 March 2027).
"""

import datetime

from partnership.legal_dates import LegalDate, add_months

ONE_DAY = datetime.timedelta(days=1)


def absence_exceeds_three_months_on(start: datetime.date) -> LegalDate:
    """Clause O6: the RGC "doit en particulier supprimer l'autorisation d'accès de toute personne
    […] qui ferait l'objet d'une absence prolongée (absence de plus de trois mois)".

    The first day on which an absence that began on `start` has lasted more than three months.
    """
    return LegalDate(add_months(start, 3) + ONE_DAY, "O6", "début de l'absence + 3 mois, puis le lendemain")


def rgc_absence_exceeds_three_months_on(start: datetime.date) -> LegalDate:
    """Clause O7: "En cas de départ ou d'absence prolongée (absence de plus de trois mois) du RGC"."""
    return LegalDate(
        absence_exceeds_three_months_on(start).date, "O7", "début de l'absence du RGC + 3 mois, le lendemain"
    )


def rgc_departure_notice_deadline(event_on: datetime.date) -> LegalDate:
    """Clause O7: "le partenaire doit en informer le directeur régional de Pôle emploi par écrit,
    sous huitaine."

    `event_on` is the day of the departure, the day the RGC's absence exceeds three months, or the
    day the withdrawal of the RGC was notified. "Sous huitaine" is read as eight calendar days
    after that day (the day itself not counted): departure on 2 March, letter sent by 10 March.
    """
    return LegalDate(event_on + datetime.timedelta(days=8), "O7", "événement + 8 jours (sous huitaine)")


def quarter_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the calendar quarter of `today` (the quarterly access review, O6)."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = datetime.date(today.year, first_month, 1)
    return start, add_months(start, 3) - ONE_DAY
