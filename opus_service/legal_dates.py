"""Dates with a legal meaning for the OPUS service Pôle emploi owes (clause O10, article 6 of the
OPUS application convention).

Delays "en jours ouvrés de 8h30 à 18h00" are counted in working time: Monday to Friday except
French public holidays (Easter Monday, Ascension and Whit Monday included), from 8:30 to 18:00,
so a working day is nine and a half hours. A request registered outside those hours starts
counting at the next opening: registered on Friday at 19:00, its two working days run on Monday
and Tuesday and end on Tuesday at 18:00; registered on Monday at 10:00, they end on Wednesday at
10:00.
"""

import datetime
import functools
import zoneinfo

from partnership.legal_dates import LegalDate, french_public_holidays

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
OPENS = datetime.time(8, 30)
CLOSES = datetime.time(18, 0)
WORKING_DAY = datetime.datetime.combine(datetime.date.min, CLOSES) - datetime.datetime.combine(datetime.date.min, OPENS)
ACKNOWLEDGEMENT_WORKING_DAYS = 15
ANSWER_WORKING_DAYS = 2
CHANGE_NOTICE_DAYS = 5
GUARANTEED_AVAILABILITY = 0.98


@functools.lru_cache(maxsize=64)
def _public_holidays(year):
    return frozenset(french_public_holidays([year]))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, except the French public holidays (fixed ones and Easter-based ones)."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def _next_opening(moment: datetime.datetime) -> datetime.datetime:
    """`moment` itself during opening hours, else the next opening of a working day."""
    day = moment.date()
    if is_working_day(day) and OPENS <= moment.time() < CLOSES:
        return moment
    if not (is_working_day(day) and moment.time() < OPENS):
        day += datetime.timedelta(days=1)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, OPENS, tzinfo=PARIS)


def add_working_time(start: datetime.datetime, working_days: int) -> datetime.datetime:
    """The moment `working_days` working days of opening hours after `start` (Paris time)."""
    moment = _next_opening(start.astimezone(PARIS))
    remaining = WORKING_DAY * working_days
    while True:
        left_today = datetime.datetime.combine(moment.date(), CLOSES, tzinfo=PARIS) - moment
        if remaining <= left_today:
            return moment + remaining
        remaining -= left_today
        moment = _next_opening(datetime.datetime.combine(moment.date(), CLOSES, tzinfo=PARIS))


def acknowledgement_due_o10(registered_at: datetime.datetime) -> LegalDate:
    """Clause O10: "Toute demande (question, dysfonctionnement constaté) formulée dans la rubrique
    « contact » du Portail Partenaires fait l'objet d'un accusé de réception dans les 15 jours ouvrés
    de 8h30 à 18h00." The result's `date` is the moment (Paris time) the delay ends."""
    return LegalDate(
        add_working_time(registered_at, ACKNOWLEDGEMENT_WORKING_DAYS),
        "O10",
        "enregistrement + 15 jours ouvrés de 8 h 30 à 18 h",
    )


def answer_due_o10(registered_at: datetime.datetime) -> LegalDate:
    """Clause O10: "Pôle emploi s'engage à apporter une réponse dans les 2 jours ouvrés à partir de
    l'enregistrement de la demande." The result's `date` is the moment (Paris time) the delay ends."""
    return LegalDate(
        add_working_time(registered_at, ANSWER_WORKING_DAYS),
        "O10",
        "enregistrement + 2 jours ouvrés de 8 h 30 à 18 h",
    )


def change_announcement_due_o10(goes_live_on: datetime.date) -> LegalDate:
    """Clause O10: "Toute modification d'Opus fait l'objet d'une communication sur le Portail
    Partenaires 5 jours avant sa mise en ligne." The last day the change may be announced."""
    return LegalDate(goes_live_on - datetime.timedelta(days=CHANGE_NOTICE_DAYS), "O10", "mise en ligne − 5 jours")


def allowed_downtime_o10(year: int, month: int) -> datetime.timedelta:
    """Clause O10: "un taux de fonctionnement garanti à hauteur de 98% soit environ 14 heures
    maximum d'indisponibilité par mois": 2 % of the month's hours (14 h 24 in a 30-day month,
    14 h 52 48 s in a 31-day month, 13 h 26 24 s in February)."""
    return month_length(year, month) * (1 - GUARANTEED_AVAILABILITY)


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the month and of the next one, Paris time."""
    start = datetime.datetime(year, month, 1, tzinfo=PARIS)
    following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
    return start, following


def month_length(year: int, month: int) -> datetime.timedelta:
    start, following = month_bounds(year, month)
    # Aware datetimes of one zone subtract as wall time: convert to UTC for the real length
    # (a month with a change of clock has one hour more or less).
    return following.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)
