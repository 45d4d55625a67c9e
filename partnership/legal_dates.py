"""Dates with a legal meaning, one function per rule, each naming its clause.

Month arithmetic clamps to the end of the month: three months after
30 November is the last day of February (28 or 29).
"""

import datetime
from dataclasses import dataclass

import holidays
from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class LegalDate:
    """A computed date and the clause it comes from."""

    date: datetime.date
    clause: str
    basis: str  # how it is reckoned, as the clause says it

    def __str__(self):
        return self.date.isoformat()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the month's last day."""
    return day + relativedelta(months=months)


def french_public_holidays(years):
    return holidays.France(years=years)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself, or the first following day that is neither a weekend nor a public holiday."""
    closed = french_public_holidays(range(day.year, day.year + 2))
    while day.weekday() >= 5 or day in closed:
        day += datetime.timedelta(days=1)
    return day


def convention_end(effective_from: datetime.date, duration_months: int) -> LegalDate:
    """Clause C2: "prend effet au 1er janvier 2021 pour une durée de 3 ans" ends on 31 December 2023."""
    return LegalDate(
        add_months(effective_from, duration_months) - datetime.timedelta(days=1),
        "C2",
        "date d'effet + durée − 1 jour",
    )


def appeal_deadline(published_on: datetime.date) -> LegalDate:
    """Clause D4: two months from publication to appeal before the tribunal administratif.

    Administrative courts count the delay as a "délai franc": neither the day of
    publication nor the day the delay falls on counts, so the last day to file is the
    day after the same date two months later (published 16 April, last day 17 June);
    a last day that is a Saturday, a Sunday or a public holiday moves to the next
    working day.
    """
    last = add_months(published_on, 2) + datetime.timedelta(days=1)
    return LegalDate(next_working_day(last), "D4", "publication + 2 mois, délai franc, prorogé au jour ouvré")


def appeal_deadline_after_recours_gracieux(filed_on: datetime.date, answered_on: datetime.date | None) -> LegalDate:
    """Clause D4: a recours gracieux filed in time holds the contentious delay.

    The delay runs again in full from the answer; silence kept for two months is an
    implicit rejection (code des relations entre le public et l'administration, L231-4).
    """
    rejection = answered_on or add_months(filed_on, 2)
    return LegalDate(
        appeal_deadline(rejection).date, "D4", "réponse au recours gracieux (ou rejet implicite à 2 mois) + 2 mois"
    )


def termination_effective_after_notice(letter_sent_on: datetime.date, clause: str) -> LegalDate:
    """Clauses C12 and O18: effective one month after the registered letter is sent."""
    return LegalDate(add_months(letter_sent_on, 1), clause, "envoi de la lettre recommandée + 1 mois")


def termination_effective_for_breach(
    reasons_sent_on: datetime.date, answer_received_on: datetime.date | None
) -> LegalDate:
    """Clause O18: for a breach, the partner has one month to answer the reasons; the
    termination takes effect one month after the answer (or after the month to answer
    has run out without one)."""
    answer = answer_received_on or add_months(reasons_sent_on, 1)
    return LegalDate(add_months(answer, 1), "O18", "réponse du partenaire (ou fin du délai d'un mois) + 1 mois")


def breach_observations_deadline(reasons_received_on: datetime.date) -> LegalDate:
    """Clause O18: « Il peut faire valoir ses observations, dans le délai d'un mois suivant cette
    information » — one month from the day the partner received the reasons."""
    return LegalDate(add_months(reasons_received_on, 1), "O18", "réception des motifs + 1 mois")


def personal_data_destruction_deadline(convention_end_date: datetime.date) -> LegalDate:
    """Clause C9: personal data destroyed at the latest two months after the convention ends."""
    return LegalDate(add_months(convention_end_date, 2), "C9", "échéance de la convention + 2 mois")
