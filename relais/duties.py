"""The Relais Emploi's duties in the calendar of obligations (see `partnership.hooks`):
the next referent meeting (clause C6), the meetings planned, and the follow-up actions
decided at them, until done; Pôle emploi informed ahead of each event (clause C7)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership import obligations
from partnership.committees import current_cooperation
from partnership.french import french_date
from partnership.models import Convention
from partnership.obligations import Duty, skips
from partnership.permissions import Role
from relais.legal_dates import referent_meeting_due_c6
from relais.models import Event, FollowUpAction, ReferentMeeting

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {ReferentMeeting: "partnership_id", FollowUpAction: "meeting__partnership_id", Event: "partnership_id"}

MEETING_ACTORS = (Role.AGENT, Role.RGC, Role.CORRESPONDENT)


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def duties(partnership_ids, today, since=None):
    meetings = ReferentMeeting.objects.filter(partnership_id__in=partnership_ids).exclude(
        status=ReferentMeeting.Status.CANCELLED
    )
    # The last meeting held of each partnership moves the next one on (clause C6), however old.
    last_held = {}
    for pk, partnership_id, starts_at in meetings.filter(status=ReferentMeeting.Status.HELD).values_list(
        "pk", "partnership_id", "starts_at"
    ):
        current = last_held.get(partnership_id)
        if current is None or starts_at > current[1]:
            last_held[partnership_id] = (pk, starts_at)
    if since is not None:
        # Meetings held before `since` are done and old: not read at all.
        meetings = meetings.exclude(status=ReferentMeeting.Status.HELD, starts_at__lt=_start_of(since))
    meetings = list(meetings)
    # The first meeting planned after the last held is the one the bimonthly duty waits for: one item.
    planned = {}
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        held = last_held.get(meeting.partnership_id)
        if meeting.status == ReferentMeeting.Status.PLANNED and (held is None or meeting.starts_at > held[1]):
            planned.setdefault(meeting.partnership_id, meeting)
    folded = {meeting.pk for meeting in planned.values()}
    for meeting in meetings:
        done = meeting.status == ReferentMeeting.Status.HELD
        if meeting.pk in folded or skips(done, meeting.date, since):
            continue
        yield Duty(
            key=f"referent-meeting:{meeting.pk}:meeting",
            title=_("Réunion avec le conseiller référent — %(place)s") % {"place": meeting.place},
            due_date=meeting.date,
            clause="C6",
            partnership_id=meeting.partnership_id,
            actors=MEETING_ACTORS,
            url=reverse("relais:meeting_detail", args=[meeting.pk]),
            done=done,
            kind="meeting",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
        )
    yield from _next_meetings(
        partnership_ids,
        {pid: (pk, timezone.localtime(starts_at).date()) for pid, (pk, starts_at) in last_held.items()},
        today,
        planned,
    )
    actions = FollowUpAction.objects.filter(meeting__partnership_id__in=partnership_ids).select_related("meeting")
    if since is not None:
        actions = actions.filter(Q(done_on__isnull=True) | Q(due_on__gte=since))
    for action in actions:
        yield Duty(
            key=f"followup-action:{action.pk}:action",
            title=_("Action de suivi : %(text)s — %(owner)s") % {"text": action.text, "owner": action.owner},
            due_date=action.due_on,
            clause="C6",
            partnership_id=action.meeting.partnership_id,
            actors=MEETING_ACTORS,
            url=reverse("relais:meeting_detail", args=[action.meeting_id]),
            done=action.done_on is not None,
            kind="action",
        )
    yield from _event_information(partnership_ids, since)


def _event_information(partnership_ids, since):
    """Clause C7: before each event the Relais Emploi organises, Pôle emploi is informed; the
    duty is done once the information is recorded as sent."""
    events = Event.objects.filter(partnership_id__in=partnership_ids)
    if since is not None:
        events = events.filter(Q(pole_emploi_informed_on__isnull=True) | Q(date__gt=since))
    for event in events:
        due = event.information_due
        done = event.pole_emploi_informed
        if skips(done, due.date, since):
            continue
        yield Duty(
            key=f"event:{event.pk}:c7",
            title=_("Informer Pôle emploi de l'événement : %(title)s (%(date)s)")
            % {"title": event.title, "date": french_date(event.date)},
            due_date=due.date,
            clause=due.clause,
            partnership_id=event.partnership_id,
            actors=Role.RELAIS_STAFF,
            url=reverse("relais:event_edit", args=[event.pk]),
            done=done,
            kind="c7",
        )


def _next_meetings(partnership_ids, last_held, today, planned):
    """Clause C6: the next meeting, due two months after the last held, while a cooperation
    convention is in force and no later than its last day. A meeting held moves it on (its key
    names the last meeting held).
    `last_held` is {partnership_id: (meeting pk, local date)}; `planned` {partnership_id: the
    meeting planned next}, which the duty then names, links to and times (so that the calendar
    shows one item, not the duty and the meeting); its due date stays the clause's."""
    list_url = reverse("relais:meeting_list")
    cooperations = obligations.conventions_by_partnership(partnership_ids, Convention.Kind.COOPERATION)
    for partnership_id, items in cooperations.items():
        convention = current_cooperation(items, today)
        if convention is None or not convention.in_force_on(today):
            continue
        last_pk, last_date = last_held.get(partnership_id, (None, None))
        # Before any meeting is held, the two months run from the convention's effect.
        due = referent_meeting_due_c6(last_date if last_pk else convention.effective_from)
        end = convention.end_date()
        if end and due.date > end.date:
            continue  # the convention ends first (its term, a termination, an amendment): no meeting due after
        meeting = planned.get(partnership_id)
        title = _("Tenir la réunion bimestrielle avec le conseiller référent")
        if meeting is not None:
            title = _("%(duty)s : prévue le %(date)s — %(place)s") % {
                "duty": title, "date": french_date(timezone.localtime(meeting.starts_at), "j F Y à H\\hi"),
                "place": meeting.place,
            }  # fmt: skip
        yield Duty(
            key=f"referent-meeting:{last_pk if last_pk else 'start'}-{partnership_id}-next:c6",
            title=title,
            due_date=due.date,
            clause=due.clause,
            partnership_id=partnership_id,
            actors=MEETING_ACTORS,
            url=reverse("relais:meeting_detail", args=[meeting.pk]) if meeting else list_url,
            convention_id=convention.pk,
            done=False,
            kind="c6",
            starts_at=meeting.starts_at if meeting else None,
            ends_at=meeting.ends_at if meeting else None,
        )
