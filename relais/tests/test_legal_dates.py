import datetime

from relais.legal_dates import referent_meeting_due_c6

D = datetime.date


def test_next_meeting_two_months_after_the_last_held():
    # clause C6
    due = referent_meeting_due_c6(D(2026, 10, 6))
    assert due.date == D(2026, 12, 6)
    assert due.clause == "C6"


def test_month_ends_are_clamped():
    # clause C6: 31 December + 2 months is the last day of February
    assert referent_meeting_due_c6(D(2025, 12, 31)).date == D(2026, 2, 28)
    assert referent_meeting_due_c6(D(2027, 12, 31)).date == D(2028, 2, 29)
    assert referent_meeting_due_c6(D(2026, 8, 31)).date == D(2026, 10, 31)
    assert referent_meeting_due_c6(D(2026, 7, 31)).date == D(2026, 9, 30)
