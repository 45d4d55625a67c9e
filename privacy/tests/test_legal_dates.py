import datetime

import pytest

from privacy.legal_dates import rights_request_answer_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due", "extended_due"),
    [
        (D(2026, 3, 3), D(2026, 4, 3), D(2026, 6, 3)),
        (D(2026, 1, 31), D(2026, 2, 28), D(2026, 4, 30)),  # clamped to the month's end
        (D(2028, 1, 31), D(2028, 2, 29), D(2028, 4, 30)),  # leap year
        (D(2026, 11, 30), D(2026, 12, 30), D(2027, 2, 28)),
        (D(2026, 12, 31), D(2027, 1, 31), D(2027, 3, 31)),
    ],
)
def test_a_rights_request_is_answered_within_a_month_or_three_when_extended(received, due, extended_due):
    # clause O16: one month from receipt, extendable by two months
    assert rights_request_answer_deadline(received).date == due
    assert rights_request_answer_deadline(received, extended=True).date == extended_due
    assert rights_request_answer_deadline(received).clause == "O16"
