import datetime

import pytest

from partnership import obligations
from partnership.obligations import Duty, State
from partnership.permissions import Role

D = datetime.date


def duty(due, done=False, kind="renewal", actors=(Role.AGENT,), convention_id=1):
    return Duty(
        key=f"x:{due}:{kind}",
        title="t",
        due_date=due,
        clause="C2",
        partnership_id=1,
        actors=actors,
        convention_id=convention_id,
        done=done,
        kind=kind,
    )


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (D(2026, 11, 29), False, State.LATE),
        (D(2026, 11, 30), False, State.DUE_SOON),  # the due date itself
        (D(2026, 12, 30), False, State.DUE_SOON),  # default horizon: 30 days
        (D(2026, 12, 31), False, State.UPCOMING),
        (D(2026, 11, 1), True, State.DONE),
    ],
)
def test_state_from_due_date_and_today(settings, due, done, expected):
    settings.DUTY_DUE_SOON_DAYS = {"default": 30}
    assert obligations.state_of(duty(due, done, kind="other"), D(2026, 11, 30)) == expected


def test_due_soon_horizon_is_set_per_kind(settings):
    settings.DUTY_DUE_SOON_DAYS = {"default": 30, "renewal": 180}
    today = D(2026, 7, 5)  # 179 days ahead
    assert obligations.state_of(duty(D(2026, 12, 31), kind="renewal"), today) == State.DUE_SOON
    assert obligations.state_of(duty(D(2026, 12, 31), kind="appeal"), today) == State.UPCOMING


def test_filter_by_convention_state_and_role():
    today = D(2026, 11, 30)
    duties = [
        obligations.replace(d, state=obligations.state_of(d, today))
        for d in [
            duty(D(2026, 11, 1), convention_id=1, actors=(Role.AGENT,)),
            duty(D(2027, 11, 1), convention_id=2, actors=(Role.RGC,)),
            duty(D(2026, 11, 2), convention_id=2, actors=(Role.AGENT, Role.RGC), done=True),
        ]
    ]
    assert len(obligations.filter_duties(duties)) == 3
    assert [d.convention_id for d in obligations.filter_duties(duties, convention_id=2)] == [2, 2]
    assert [d.due_date for d in obligations.filter_duties(duties, state=State.LATE)] == [D(2026, 11, 1)]
    assert len(obligations.filter_duties(duties, role=Role.RGC)) == 2
    assert obligations.filter_duties(duties, convention_id=2, role=Role.AGENT, state=State.DONE) == [duties[2]]


def test_late_and_next_30_days(settings):
    settings.DUTY_DUE_SOON_DAYS = {"default": 30}
    today = D(2026, 11, 30)
    duties = [
        obligations.replace(d, state=obligations.state_of(d, today))
        for d in [duty(D(2026, 11, 1)), duty(D(2026, 12, 30)), duty(D(2026, 12, 31)), duty(D(2026, 12, 1), True)]
    ]
    late, upcoming = obligations.late_and_next(duties, today, days=30)
    assert [d.due_date for d in late] == [D(2026, 11, 1)]
    assert [d.due_date for d in upcoming] == [D(2026, 12, 30)]


class _Provider:
    """A fake app's `duties` module, which skips nothing itself."""

    def __init__(self, found):
        self.found, self.calls = found, []

    def duties(self, partnership_ids, today, since=None):
        self.calls.append(since)
        return list(self.found)


def test_collect_since_drops_only_old_done_duties(monkeypatch):
    today = D(2026, 12, 10)
    old_done, old_undone, recent_done = D(2020, 1, 1), D(2019, 3, 31), D(2026, 11, 1)
    first = _Provider([duty(old_done, done=True, kind="a"), duty(old_undone, kind="b")])
    second = _Provider([duty(old_done, done=True, kind="c"), duty(recent_done, done=True, kind="d")])
    monkeypatch.setattr(obligations, "app_modules", lambda hook: iter([first, second]))
    since = obligations.default_since(today)
    kept = obligations.collect([1], today, since=since)
    # An undone duty is never dropped, however old; what a provider did not skip, collect drops.
    assert [(d.due_date, d.state) for d in kept] == [(old_undone, State.LATE), (recent_done, State.DONE)]
    assert first.calls == [since] and second.calls == [since]
    assert len(obligations.collect([1], today)) == 4  # without since: everything


def test_providers_skip_nothing_undone():
    since = D(2026, 9, 11)
    assert obligations.skips(True, D(2026, 9, 10), since)
    assert not obligations.skips(True, since, since)
    assert not obligations.skips(False, D(2000, 1, 1), since)
    assert not obligations.skips(True, D(2000, 1, 1), None)


def test_home_lists_most_recent_late_first():
    late = [duty(D(2026, 1, n)) for n in range(1, 20)]
    assert [d.due_date.day for d in obligations.most_recent_late(late, 3)] == [19, 18, 17]
