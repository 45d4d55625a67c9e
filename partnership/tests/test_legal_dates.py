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


def test_termination_notice_runs_to_the_end_of_the_day_the_month_expires():
    # clause C12: « à l'expiration d'un délai d'un mois suivant l'envoi »: sent 15 March, the month
    # expires at the end of 15 April, the last day in force (not 14 April)
    assert legal_dates.termination_last_day_after_notice(D(2022, 3, 15), "C12").date == D(2022, 4, 15)
    # a month from 31 January expires on the last day of February, 29 in a leap year
    assert legal_dates.termination_last_day_after_notice(D(2022, 1, 31), "C12").date == D(2022, 2, 28)
    assert legal_dates.termination_last_day_after_notice(D(2024, 1, 31), "C12").date == D(2024, 2, 29)
    # clause O18: the partner's notice, the same month; from 29 February to 29 March
    assert legal_dates.termination_last_day_after_notice(D(2024, 2, 29), "O18").date == D(2024, 3, 29)
    assert legal_dates.termination_last_day_after_notice(D(2023, 12, 31), "O18").date == D(2024, 1, 31)


def test_termination_for_breach_counts_from_the_decision_notified():
    # clause O18: « celle-ci intervient dans un délai d'un mois à compter de la réponse, notifiée par
    # courrier recommandé »: from the notification of the decision maintained
    assert legal_dates.termination_last_day_for_breach(D(2022, 4, 20)).date == D(2022, 5, 20)
    assert legal_dates.termination_last_day_for_breach(D(2024, 1, 30)).date == D(2024, 2, 29)
    assert legal_dates.termination_last_day_for_breach(D(2023, 1, 31)).date == D(2023, 2, 28)


def test_breach_observations_deadline():
    # clause O18: observations « dans le délai d'un mois suivant cette information »
    assert legal_dates.breach_observations_deadline(D(2024, 1, 31)).date == D(2024, 2, 29)


def test_personal_data_destruction_deadline():
    # clause C9: two months after the end, 31 Dec 2023 -> 29 Feb 2024 (leap year)
    assert legal_dates.personal_data_destruction_deadline(D(2023, 12, 31)).date == D(2024, 2, 29)
