import datetime

from diagnosis import duties
from diagnosis.models import QuarterNote
from diagnosis.tests.factories import QuarterlyFiguresFactory
from partnership.obligations import collect
from partnership.permissions import Role

D = datetime.date


def by_key(cast, today):
    return {d.key: d for d in duties.duties([cast.partnership.pk], today)}


def key(cast, year, quarter, what="figures"):
    return f"diagnosis:{cast.partnership.pk}:{year}T{quarter}:{what}"


def test_each_covered_quarter_is_awaited_received_or_late(cast, settings):
    # clause C3: the cast's cooperation convention runs from 1 January 2024
    settings.DIAGNOSIS_FIGURES_DUE_DAYS = 45
    QuarterlyFiguresFactory(partnership=cast.partnership, year=2024, quarter=1)
    today = D(2024, 8, 1)
    found = by_key(cast, today)
    q1, q2, q3 = (found[key(cast, 2024, n)] for n in (1, 2, 3))
    assert q1.done and "(reçus)" in q1.title
    assert q2.due_date == D(2024, 8, 14) and not q2.done and "(attendus)" in q2.title
    assert q3.due_date == D(2024, 11, 14) and not q3.done
    assert key(cast, 2023, 4) not in found  # before the convention
    assert key(cast, 2024, 4) not in found  # not begun yet
    late = by_key(cast, D(2024, 8, 15))[key(cast, 2024, 2)]
    assert not late.done and "(en retard)" in late.title and late.due_date < D(2024, 8, 15)
    assert q2.actors == (Role.CORRESPONDENT, Role.AGENT)
    assert q2.clause == "C3"


def test_stops_with_the_convention(cast):
    found = by_key(cast, D(2027, 6, 1))
    assert key(cast, 2026, 4) in found
    assert key(cast, 2027, 1) not in found


def test_movements_report_is_a_duty_of_the_agents(cast, settings):
    # clause C3
    settings.DIAGNOSIS_MOVEMENTS_DUE_DAYS = 15
    duty = by_key(cast, D(2024, 5, 1))[key(cast, 2024, 1, "movements")]
    assert (duty.due_date, duty.done, duty.actors) == (D(2024, 4, 15), False, (Role.AGENT,))
    QuarterNote.objects.create(partnership=cast.partnership, year=2024, quarter=1, movements_reported_on=D(2024, 4, 10))
    assert by_key(cast, D(2024, 5, 1))[key(cast, 2024, 1, "movements")].done


def test_gathered_by_the_calendar_of_obligations(cast, other_cast):
    keys = {d.key for d in collect([cast.partnership.pk], D(2024, 8, 1))}
    assert key(cast, 2024, 2) in keys
    assert not any(k.startswith(f"diagnosis:{other_cast.partnership.pk}:") for k in keys)


def test_duties_query_count_is_constant(cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        list(duties.duties([cast.partnership.pk], D(2026, 11, 30)))
