import datetime

import pytest

from opus_accounts import legal_dates

D = datetime.date


@pytest.mark.parametrize(
    "start, exceeds_on",
    [
        (D(2026, 1, 1), D(2026, 4, 2)),  # three months end on 1 April; more than three months from 2 April
        (D(2026, 11, 30), D(2027, 3, 1)),  # clamped to 28 February 2027, exceeded after the end of February
        (D(2023, 11, 30), D(2024, 3, 1)),  # leap year: 29 February 2024, exceeded on 1 March
        (D(2023, 11, 29), D(2024, 3, 1)),  # 29 November + 3 months = 29 February 2024 (leap)
        (D(2026, 11, 29), D(2027, 3, 1)),  # 29 November + 3 months clamps to 28 February 2027
        (D(2026, 12, 31), D(2027, 4, 1)),  # 31 December → 31 March, exceeded on 1 April
        (D(2027, 5, 31), D(2027, 9, 1)),  # 31 May → 31 August
        (D(2026, 11, 28), D(2027, 3, 1)),  # 28 November → 28 February → 1 March
    ],
)
def test_absence_exceeds_three_months_on_month_ends_and_leap_years(start, exceeds_on):
    # clause O6: "absence de plus de trois mois"
    result = legal_dates.absence_exceeds_three_months_on(start)
    assert result.date == exceeds_on
    assert result.clause == "O6"


def test_rgc_departure_notice_deadline_is_eight_days():
    # clause O7: the regional director is informed in writing "sous huitaine"
    deadline = legal_dates.rgc_departure_notice_deadline(D(2026, 3, 2))
    assert deadline.date == D(2026, 3, 10)
    assert deadline.clause == "O7"
    assert legal_dates.rgc_departure_notice_deadline(D(2026, 12, 28)).date == D(2027, 1, 5)


def test_rgc_absence_uses_the_same_three_months():
    # clause O7: absence of the RGC over three months
    assert legal_dates.rgc_absence_exceeds_three_months_on(D(2023, 11, 30)).date == D(2024, 3, 1)


@pytest.mark.parametrize(
    "today, bounds",
    [
        (D(2026, 1, 1), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 5, 15), (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 9, 30), (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 12, 31), (D(2026, 10, 1), D(2026, 12, 31))),
    ],
)
def test_quarter_bounds(today, bounds):
    # clause O6: the quarterly access review
    assert legal_dates.quarter_bounds(today) == bounds
