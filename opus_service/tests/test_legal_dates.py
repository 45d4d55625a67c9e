"""Working days of clause O10: Monday to Friday from 8:30 to 18:00, French public holidays off."""

import datetime

import pytest

from opus_service import legal_dates
from opus_service.legal_dates import PARIS, acknowledgement_due_o10, add_working_time, answer_due_o10


def at(y, m, d, hh=0, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("registered", "due"),
    [
        # clause O10: two working days from a Monday morning end on Wednesday at the same time
        (at(2026, 3, 2, 10), at(2026, 3, 4, 10)),
        # clause O10: over a weekend, Thursday 15:00 → Monday 15:00
        (at(2026, 3, 5, 15), at(2026, 3, 9, 15)),
        # clause O10: after closing time, counting starts at the next opening (Friday 19:00 → Tuesday 18:00)
        (at(2026, 3, 6, 19), at(2026, 3, 10, 18)),
        # clause O10: before opening, counting starts at 8:30 the same day
        (at(2026, 3, 2, 7), at(2026, 3, 3, 18)),
        # clause O10: exactly at closing time is outside the hours
        (at(2026, 3, 2, 18), at(2026, 3, 4, 18)),
        # clause O10: registered on a Sunday
        (at(2026, 3, 8, 11), at(2026, 3, 10, 18)),
        # clause O10: Easter Monday (6 April 2026) is a public holiday
        (at(2026, 4, 3, 12), at(2026, 4, 8, 12)),
        # clause O10: Ascension (14 May 2026) and the bridge Friday, a working day
        (at(2026, 5, 13, 9), at(2026, 5, 18, 9)),
        # clause O10: Whit Monday (25 May 2026)
        (at(2026, 5, 22, 17), at(2026, 5, 27, 17)),
        # clause O10: year end, Christmas (Friday 25 December 2026) and New Year's Day (Friday 1 January 2027)
        (at(2026, 12, 24, 17), at(2026, 12, 29, 17)),
        (at(2026, 12, 31, 16), at(2027, 1, 5, 16)),
        # clause O10: 14 July and 15 August 2025
        (at(2025, 7, 11, 12), at(2025, 7, 16, 12)),
        (at(2025, 8, 14, 17, 30), at(2025, 8, 19, 17, 30)),
    ],
)
def test_answer_is_due_two_working_days_after_registration(registered, due):
    # clause O10
    result = answer_due_o10(registered)
    assert result.date == due
    assert result.clause == "O10"


def test_acknowledgement_is_due_fifteen_working_days_after_registration_across_the_year_end():
    # clause O10: from Monday 14 December 2026 at 10:00, the 15 working days are 15-18, 21-24,
    # 28-31 December and 4-6 January (weekends, Christmas and New Year's Day off): 6 January, 10:00.
    result = acknowledgement_due_o10(at(2026, 12, 14, 10))
    assert result.date == at(2027, 1, 6, 10)
    assert result.clause == "O10"


def test_half_a_working_day_carries_over_to_the_next_morning():
    # clause O10: 9.5 hours a day; from 16:00, one working day ends at 16:00 the next working day
    assert add_working_time(at(2026, 3, 2, 16), 1) == at(2026, 3, 3, 16)
    assert legal_dates.WORKING_DAY == datetime.timedelta(hours=9, minutes=30)


def test_a_utc_moment_is_read_in_paris_time():
    # clause O10: 17:30 UTC on a winter Monday is 18:30 in Paris, after closing
    registered = datetime.datetime(2026, 1, 12, 17, 30, tzinfo=datetime.UTC)
    assert answer_due_o10(registered).date == at(2026, 1, 14, 18)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (datetime.date(2026, 1, 1), False),  # Jour de l'an
        (datetime.date(2026, 4, 6), False),  # lundi de Pâques
        (datetime.date(2026, 5, 1), False),
        (datetime.date(2026, 5, 8), False),
        (datetime.date(2026, 5, 14), False),  # Ascension
        (datetime.date(2026, 5, 25), False),  # lundi de Pentecôte
        (datetime.date(2026, 7, 14), False),
        (datetime.date(2026, 11, 11), False),
        (datetime.date(2027, 3, 29), False),  # lundi de Pâques 2027
        (datetime.date(2026, 5, 15), True),
        (datetime.date(2026, 12, 5), False),  # a Saturday
    ],
)
def test_working_days_leave_out_weekends_and_french_public_holidays(day, working):
    # clause O10
    assert legal_dates.is_working_day(day) is working


def test_changes_are_announced_five_days_before_going_live():
    # clause O10
    result = legal_dates.change_announcement_due_o10(datetime.date(2026, 3, 3))
    assert result.date == datetime.date(2026, 2, 26)
    assert result.clause == "O10"


@pytest.mark.parametrize(
    ("year", "month", "allowed"),
    [
        (2026, 4, datetime.timedelta(hours=14, minutes=24)),  # 30 days: "environ 14 heures"
        (2026, 1, datetime.timedelta(hours=14, minutes=52, seconds=48)),
        (2026, 2, datetime.timedelta(hours=13, minutes=26, seconds=24)),
        # the month of the clock change to summer time has 743 hours
        (2026, 3, datetime.timedelta(hours=743) * 0.02),
    ],
)
def test_downtime_allowed_is_two_percent_of_the_month(year, month, allowed):
    # clause O10
    assert legal_dates.allowed_downtime_o10(year, month) == pytest.approx(allowed, abs=datetime.timedelta(seconds=1))
