"""The rules of a referent meeting's state (clause C6)."""

import datetime

import pytest
from django.utils import timezone

from partnership.permissions import Role
from partnership.tests.factories import UserFactory
from relais.models import MeetingStateError, ReferentMeeting
from relais.tests.factories import PARIS, MeetingFactory

pytestmark = pytest.mark.django_db
STARTS = datetime.datetime(2026, 12, 3, 10, tzinfo=PARIS)


def test_a_meeting_that_has_not_begun_cannot_be_marked_held(cast):
    # clause C6: only meetings held count; one still ahead has not been.
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=STARTS)
    before = STARTS - datetime.timedelta(minutes=1)
    assert meeting.refusal_to_mark_held(before) == (
        "La réunion n'a pas encore commencé : elle pourra être marquée comme tenue à partir du 3 décembre 2026 à 10h00."
    )
    with pytest.raises(MeetingStateError):
        meeting.mark_held(cast[Role.AGENT], before)
    assert (meeting.status, meeting.held_by, meeting.held_at) == (ReferentMeeting.Status.PLANNED, None, None)
    meeting.mark_held(cast[Role.AGENT], STARTS)  # from its start on
    assert (meeting.status, meeting.held_by, meeting.held_at) == ("tenue", cast[Role.AGENT], STARTS)
    assert meeting.refusal_to_mark_held(STARTS) == "La réunion est déjà marquée comme tenue."


def test_a_cancelled_meeting_cannot_be_marked_held(cast):
    meeting = MeetingFactory(partnership=cast.partnership, status=ReferentMeeting.Status.CANCELLED)
    assert meeting.refusal_to_mark_held(timezone.now()) == "Une réunion annulée ne peut pas être marquée comme tenue."


def test_marking_held_is_undone_by_its_author_on_the_same_day_only(cast):
    # clause C6
    agent, other = cast[Role.AGENT], UserFactory(role=Role.AGENT, organisation=cast.partnership.commune)
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=STARTS)
    held_at = STARTS + datetime.timedelta(hours=2)
    meeting.mark_held(agent, held_at)
    late_that_day = datetime.datetime(2026, 12, 3, 23, 59, tzinfo=PARIS)
    assert meeting.held_mark_undoable_by(agent, late_that_day)
    assert not meeting.held_mark_undoable_by(other, held_at)
    assert not meeting.held_mark_undoable_by(cast[Role.RGC], held_at)
    assert not meeting.held_mark_undoable_by(agent, late_that_day + datetime.timedelta(minutes=1))
    with pytest.raises(MeetingStateError):
        meeting.undo_held(other, held_at)
    meeting.undo_held(agent, late_that_day)
    assert (meeting.status, meeting.held_by, meeting.held_at) == (ReferentMeeting.Status.PLANNED, None, None)


def test_a_meeting_marked_held_before_anyone_was_recorded_cannot_be_undone(cast):
    meeting = MeetingFactory(partnership=cast.partnership, held=True)
    assert not meeting.held_mark_undoable_by(cast[Role.AGENT], timezone.now())


def test_minutes_are_written_once_any_part_or_decision_is(cast):
    meeting = MeetingFactory(partnership=cast.partnership, held=True, minutes_other="  ")
    assert not meeting.has_minutes
    meeting.decisions = "Organiser le forum."
    assert meeting.has_minutes


def test_the_agenda_has_the_three_subjects_of_c6_opus_if_set_and_each_other_point(cast):
    # clauses C6 and O17
    meeting = MeetingFactory(partnership=cast.partnership, free_items="Forum\n\n Bilan ")
    assert meeting.agenda() == [
        "Les évolutions de chacune des structures",
        "Les projets en cours de part et d'autre",
        "La situation économique et de l'emploi",
        "Le suivi de l'activité de placement réalisée par OPUS (O17)",
        "Forum",
        "Bilan",
    ]
    meeting.opus_placement = False
    assert len(meeting.agenda()) == 5
