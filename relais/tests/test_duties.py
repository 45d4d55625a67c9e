import datetime
import zoneinfo

from partnership import obligations
from relais import duties
from relais.tests.factories import ActionFactory, EventFactory, MeetingFactory

D = datetime.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _at(day):
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=PARIS)


def test_next_meeting_is_a_duty_two_months_after_the_last_held(cast):
    # clause C6
    MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 4, 7)), held=True)
    MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 8, 31)), held=True)
    found = [d for d in duties.duties([cast.partnership.pk], D(2026, 10, 15)) if d.key.endswith("next:c6")]
    assert len(found) == 1
    assert found[0].due_date == D(2026, 10, 31)
    assert found[0].clause == "C6"
    assert not found[0].done


def test_next_meeting_reaches_the_calendar_of_obligations_as_late(cast):
    # clause C6: the calendar shows it late once the two months have passed
    MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 4, 7)), held=True)
    collected = {d.key: d for d in obligations.collect([cast.partnership.pk], D(2026, 6, 20))}
    duty = next(d for key, d in collected.items() if key.endswith("next:c6"))
    assert duty.due_date == D(2026, 6, 7)
    if duty.state:  # the state is filled by the calendar of obligations when it knows states
        assert duty.state == obligations.State.LATE


def test_before_any_meeting_the_first_is_due_two_months_after_the_convention_took_effect(cast):
    # clause C6
    found = [d for d in duties.duties([cast.partnership.pk], D(2024, 2, 1)) if d.key.endswith("next:c6")]
    assert found[0].due_date == D(2024, 3, 1)


def test_no_meeting_duty_once_the_convention_has_ended(cast):
    MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 11, 3)), held=True)
    assert not [d for d in duties.duties([cast.partnership.pk], D(2027, 3, 1)) if d.key.endswith("next:c6")]


def test_planned_meetings_and_open_actions_are_duties_until_done(cast):
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 12, 3)))
    action = ActionFactory(meeting=meeting, due_on=D(2026, 12, 18))
    found = {d.key: d for d in duties.duties([cast.partnership.pk], D(2026, 11, 30))}
    # clause C6: the meeting planned next and the bimonthly duty it fulfils are one item
    [c6] = [d for d in found.values() if d.kind == "c6"]
    assert f"referent-meeting:{meeting.pk}:meeting" not in found
    assert "prévue le 3 décembre 2026" in c6.title and c6.url == meeting.get_absolute_url()
    assert c6.starts_at == meeting.starts_at
    later = MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2027, 2, 3)))
    found = {d.key: d for d in duties.duties([cast.partnership.pk], D(2026, 11, 30))}
    assert found[f"referent-meeting:{later.pk}:meeting"].due_date == D(2027, 2, 3)  # a further one stands apart
    assert not found[f"followup-action:{action.pk}:action"].done
    action.done_on = D(2026, 12, 10)
    action.save()
    found = {d.key: d for d in duties.duties([cast.partnership.pk], D(2026, 12, 11))}
    assert found[f"followup-action:{action.pk}:action"].done


def test_duties_of_other_partnerships_are_not_listed(cast, other_cast):
    MeetingFactory(partnership=other_cast.partnership, starts_at=_at(D(2026, 5, 5)), held=True)
    assert all(d.partnership_id == cast.partnership.pk for d in duties.duties([cast.partnership.pk], D(2026, 6, 1)))


def test_marking_held_then_undoing_it_moves_the_next_meeting_and_back(cast):
    # clause C6: the next meeting is due two months after the last one held, whatever the path.
    from partnership import duty_snapshots
    from partnership.models import Partnership
    from partnership.permissions import Role
    from relais import services

    MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 8, 25)), held=True)
    october = MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 10, 6)))
    scope, agent, today = Partnership.objects.all(), cast[Role.AGENT], D(2026, 10, 6)

    def next_c6():
        (duty,) = [d for d in duty_snapshots.collect([cast.partnership.pk], today) if d.kind == "c6"]
        return duty.due_date

    assert next_c6() == D(2026, 10, 25)  # a snapshot is taken
    services.mark_held(october.pk, scope, agent, _at(today) + datetime.timedelta(hours=2))
    assert next_c6() == D(2026, 12, 6)
    services.undo_held(october.pk, scope, agent, _at(today) + datetime.timedelta(hours=5))
    assert next_c6() == D(2026, 10, 25)


def test_pole_emploi_is_to_be_informed_the_day_before_each_event(cast):
    # clause C7: "Informer Pôle Emploi au sujet des actions et événements Emploi-Formation"
    event = EventFactory(partnership=cast.partnership, date=D(2026, 12, 10), pole_emploi_informed_on=None)
    found = {d.key: d for d in duties.duties([cast.partnership.pk], D(2026, 12, 1))}
    duty = found[f"event:{event.pk}:c7"]
    assert (duty.due_date, duty.clause, duty.done) == (D(2026, 12, 9), "C7", False)
    assert duty.kind == "c7"


def test_the_information_duty_is_done_once_recorded_as_sent(cast):
    # clause C7
    event = EventFactory(partnership=cast.partnership, date=D(2026, 12, 10), pole_emploi_informed_on=D(2026, 11, 20))
    found = {d.key: d for d in duties.duties([cast.partnership.pk], D(2026, 12, 1))}
    assert found[f"event:{event.pk}:c7"].done
    assert event.informed_ahead
    # done and before `since`: left out
    assert f"event:{event.pk}:c7" not in {
        d.key for d in duties.duties([cast.partnership.pk], D(2026, 12, 1), since=D(2026, 12, 20))
    }


def test_information_given_on_the_day_of_the_event_is_not_ahead(cast):
    # clause C7
    event = EventFactory(partnership=cast.partnership, date=D(2026, 12, 10), pole_emploi_informed_on=D(2026, 12, 10))
    assert event.pole_emploi_informed and not event.informed_ahead


def test_an_event_not_yet_announced_reaches_the_calendar_as_late(cast):
    # clause C7
    event = EventFactory(partnership=cast.partnership, date=D(2026, 12, 3), pole_emploi_informed_on=None)
    collected = {d.key: d for d in obligations.collect([cast.partnership.pk], D(2026, 12, 5))}
    assert collected[f"event:{event.pk}:c7"].state == obligations.State.LATE


def test_an_early_end_stops_the_duties_after_the_last_day(cast):
    # clauses C12, C6, C10, C3, C9: the cooperation convention terminated by a letter sent on
    # 31 March 2026 is in force to the end of 30 April; no meeting, committee or quarter is due
    # after that, and the personal data go two months after the real end.
    from partnership.models import Termination

    MeetingFactory(partnership=cast.partnership, starts_at=_at(D(2026, 3, 10)), held=True)
    keys = {d.kind: d for d in obligations.collect([cast.partnership.pk], D(2026, 3, 20))}
    assert keys["c6"].due_date == D(2026, 5, 10)
    Termination.objects.create(
        convention=cast.cooperation, ground=Termination.Ground.REQUEST, requested_by=cast.partnership.commune,
        reasons="Motifs", letter_sent_on=D(2026, 3, 31),
    )  # fmt: skip
    found = list(obligations.collect([cast.partnership.pk], D(2026, 4, 20)))
    assert not [d for d in found if d.kind == "c6"]  # due 10 May, after the last day
    assert not [d for d in found if d.kind == "c10" and not d.done and d.due_date > D(2026, 4, 30)]
    later = obligations.collect([cast.partnership.pk], D(2026, 10, 20))
    quarters = {d.key.split(":")[2] for d in later if d.kind == "figures"}
    assert "2026T2" in quarters and "2026T3" not in quarters  # the quarter of the last day, none after
    [c9] = [d for d in found if d.kind == "c9" and d.convention_id == cast.cooperation.pk]
    assert c9.due_date == D(2026, 6, 30)
