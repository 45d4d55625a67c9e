import datetime

import pytest

from partnership import legal_dates

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2022, 11, 30), 3, D(2023, 2, 28)),
        (D(2021, 4, 16), 2, D(2021, 6, 16)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert legal_dates.add_months(start, months) == expected


def test_cooperation_convention_ends_31_december_2023():
    # clause C2: "prend effet au 1er janvier 2021 pour une durée de 3 ans"
    end = legal_dates.convention_end(D(2021, 1, 1), 36)
    assert end.date == D(2023, 12, 31)
    assert end.clause == "C2"


def test_appeal_deadline_of_the_deliberation_is_17_june_2021():
    # clause D4: published 16 April 2021, two months, délai franc
    deadline = legal_dates.appeal_deadline(D(2021, 4, 16))
    assert deadline.date == D(2021, 6, 17)
    assert deadline.clause == "D4"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        # clause D4: 31 Dec + 2 months clamps to 28 Feb, délai franc gives 1 March 2021 (a Monday)
        (D(2020, 12, 31), D(2021, 3, 1)),
        # leap year: 29 Feb 2024 + 1 day = 1 March 2024 (a Friday)
        (D(2023, 12, 31), D(2024, 3, 1)),
        # last day on a Saturday (18 June 2022) moves to Monday 20 June
        (D(2022, 4, 17), D(2022, 6, 20)),
        # last day on Bastille Day, Thursday 14 July 2022, moves to Friday 15 July
        (D(2022, 5, 13), D(2022, 7, 15)),
        # last day on Sunday 14 July 2024 (holiday and weekend) moves to Monday 15 July
        (D(2024, 5, 13), D(2024, 7, 15)),
    ],
)
def test_appeal_deadline_month_ends_weekends_and_holidays(published, expected):
    # clause D4
    assert legal_dates.appeal_deadline(published).date == expected


def test_recours_gracieux_restarts_the_delay_from_the_answer():
    # clause D4: a recours gracieux within the delay holds it; it runs again from the answer
    assert legal_dates.appeal_deadline_after_recours_gracieux(D(2021, 5, 10), D(2021, 6, 1)).date == D(2021, 8, 2)
    # silence for two months is an implicit rejection on 10 July 2021
    assert legal_dates.appeal_deadline_after_recours_gracieux(D(2021, 5, 10), None).date == D(2021, 9, 13)


def test_termination_after_notice_clamps():
    # clause C12: effective one month after the registered letter
    assert legal_dates.termination_effective_after_notice(D(2022, 1, 31), "C12").date == D(2022, 2, 28)


def test_termination_for_breach():
    # clause O18: one month to answer, then effective one month after the answer
    assert legal_dates.termination_effective_for_breach(D(2022, 3, 1), D(2022, 3, 20)).date == D(2022, 4, 20)
    assert legal_dates.termination_effective_for_breach(D(2022, 12, 31), None).date == D(2023, 2, 28)


def test_personal_data_destruction_deadline():
    # clause C9: two months after the end, 31 Dec 2023 -> 29 Feb 2024 (leap year)
    assert legal_dates.personal_data_destruction_deadline(D(2023, 12, 31)).date == D(2024, 2, 29)
