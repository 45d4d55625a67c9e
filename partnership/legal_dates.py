"""Dates with a legal meaning, one function per rule, each naming its clause.

Month arithmetic clamps to the end of the month: three months after
30 November is the last day of February (28 or 29).
"""

import calendar
import datetime
from dataclasses import dataclass

import holidays


@dataclass(frozen=True)
class LegalDate:
    """A computed date and the clause it comes from."""

    date: datetime.date
    clause: str
    basis: str  # how it is reckoned, as the clause says it

    def __str__(self):
        return self.date.isoformat()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the month's last day (as ``relativedelta(months=…)``,
    computed directly: the lists reckon it for every convention they show)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


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


def notice_expires(notified_on: datetime.date, months: int = 1) -> datetime.date:
    """The last day of a notice of `months` running from `notified_on`: the day of the last month
    that bears the same number (or that month's last day when it has none), counted whole, to its
    end (code de procédure civile, articles 641 and 642): a month from 15 March runs to the end of
    15 April, a month from 31 January to the end of 28 (or 29) February. The termination takes
    effect the next day."""
    return add_months(notified_on, months)


def termination_last_day_after_notice(letter_sent_on: datetime.date, clause: str) -> LegalDate:
    """Clause C12: « effective de plein droit à l'expiration d'un délai d'un mois suivant l'envoi
    d'une lettre recommandée », the parties keeping their duties until then; clause O18 (the
    partner's notice of one month, Pôle emploi's of one month at most): the last day in force is
    the day the month from the letter's sending expires."""
    return LegalDate(notice_expires(letter_sent_on), clause, "envoi de la lettre recommandée + 1 mois, jour compris")


def termination_last_day_for_breach(decision_notified_on: datetime.date) -> LegalDate:
    """Clause O18: « Dans le cas où Pôle emploi maintient sa décision de résiliation, celle-ci
    intervient dans un délai d'un mois à compter de la réponse, notifiée par courrier
    recommandé » — counted from the day the partner is notified of the decision maintained: the
    convention is in force at the latest to the end of the day that month expires."""
    return LegalDate(
        notice_expires(decision_notified_on), "O18", "notification de la décision maintenue + 1 mois, jour compris"
    )


def breach_observations_deadline(reasons_received_on: datetime.date) -> LegalDate:
    """Clause O18: « Il peut faire valoir ses observations, dans le délai d'un mois suivant cette
    information » — one month from the day the partner received the reasons."""
    return LegalDate(add_months(reasons_received_on, 1), "O18", "réception des motifs + 1 mois")


def personal_data_destruction_deadline(convention_end_date: datetime.date) -> LegalDate:
    """Clause C9: personal data destroyed at the latest two months after the convention ends."""
    return LegalDate(add_months(convention_end_date, 2), "C9", "échéance de la convention + 2 mois")
