"""Operations of the Relais Emploi that span several rows."""

from django.db import transaction

from partnership import duty_snapshots
from partnership import invitations as shared_invitations
from relais import invitations
from relais.models import FollowUpAction, MonthlyActivity, ReferentMeeting

# Changes that calendars must hear about (RFC 5545: SEQUENCE grows on significant changes).
SCHEDULE_FIELDS = ("starts_at", "duration_minutes", "place")


@transaction.atomic
def save_meeting(form):
    """Save the meeting form; a change of date, time or place raises the iCalendar SEQUENCE
    so that the next invitation sent updates the same event."""
    meeting = form.save(commit=False)
    shared_invitations.reschedule(meeting, form.changed_data, SCHEDULE_FIELDS)
    meeting.save()
    form.save_m2m()
    meeting.refresh_from_db()
    return meeting


HELD_FIELDS = ["status", "held_by", "held_at"]


@transaction.atomic
def mark_held(meeting_pk, scope, user, now):
    """Mark a planned meeting that has begun as held by `user` (clause C6: the next one is then
    due two months later). Raises MeetingStateError, changing nothing, when it may not be."""
    meeting = ReferentMeeting.objects.select_for_update().get(pk=meeting_pk, partnership__in=scope)
    meeting.mark_held(user, now)
    meeting.save(update_fields=HELD_FIELDS)  # the calendar of obligations hears of it (duty_snapshots)
    return meeting


@transaction.atomic
def undo_held(meeting_pk, scope, user, now):
    """Put a meeting marked held back to planned, by the user who marked it, the same day; the
    next C6 meeting is due again from the last meeting still held."""
    meeting = ReferentMeeting.objects.select_for_update().get(pk=meeting_pk, partnership__in=scope)
    meeting.undo_held(user, now)
    meeting.save(update_fields=HELD_FIELDS)
    return meeting


@transaction.atomic
def cancel(meeting_pk, scope):
    """Cancel a planned meeting; participants already invited receive METHOD:CANCEL."""
    meeting = ReferentMeeting.objects.select_for_update().get(pk=meeting_pk, partnership__in=scope)
    if meeting.status != ReferentMeeting.Status.PLANNED:
        return meeting, 0
    shared_invitations.cancel_sequence(meeting, ReferentMeeting.Status.CANCELLED)
    return meeting, invitations.send_cancellation(meeting)


@transaction.atomic
def complete_action(action_pk, scope, day):
    actions = FollowUpAction.objects.filter(pk=action_pk, meeting__partnership__in=scope, done_on__isnull=True)
    partnership_ids = list(actions.values_list("meeting__partnership_id", flat=True))
    if actions.update(done_on=day) != 1:
        return False
    duty_snapshots.changed(partnership_ids)  # update() sends no signal
    return True


def save_activity(form):
    """Create or update the one row of a partnership and month (unique constraint)."""
    data = form.cleaned_data
    with transaction.atomic():
        row, _created = MonthlyActivity.objects.select_for_update().get_or_create(
            partnership=data["partnership"], year=data["year"], month=data["month"]
        )
        for name in MonthlyActivity.COUNT_FIELDS:
            setattr(row, name, data[name])
        row.save()
    return row
