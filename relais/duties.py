"""The Relais Emploi's duties in the calendar of obligations (see `partnership.hooks`):
the next referent meeting (clause C6), the meetings planned, and the follow-up actions
decided at them, until done."""

from django.urls import reverse
from django.utils.translation import gettext as _

from partnership.committees import current_cooperation
from partnership.models import Convention
from partnership.obligations import Duty
from partnership.permissions import Role
from relais.models import FollowUpAction, ReferentMeeting
from relais.rules import referent_meeting_due_c6

MEETING_ACTORS = (Role.AGENT, Role.RGC, Role.CORRESPONDENT)


def duties(partnership_ids, today):
    meetings = list(
        ReferentMeeting.objects.filter(partnership_id__in=partnership_ids).exclude(
            status=ReferentMeeting.Status.CANCELLED
        )
    )
    last_held = {}
    for meeting in meetings:
        if meeting.status == ReferentMeeting.Status.HELD:
            current = last_held.get(meeting.partnership_id)
            if current is None or meeting.starts_at > current.starts_at:
                last_held[meeting.partnership_id] = meeting
        yield Duty(
            key=f"referent-meeting:{meeting.pk}:meeting",
            title=_("Réunion avec le conseiller référent (%(place)s)") % {"place": meeting.place},
            due_date=meeting.date,
            clause="C6",
            partnership_id=meeting.partnership_id,
            actors=MEETING_ACTORS,
            url=meeting.get_absolute_url(),
            done=meeting.status == ReferentMeeting.Status.HELD,
        )
    yield from _next_meetings(partnership_ids, last_held, today)
    actions = FollowUpAction.objects.filter(meeting__partnership_id__in=partnership_ids).select_related("meeting")
    for action in actions:
        yield Duty(
            key=f"followup-action:{action.pk}:action",
            title=_("Action de suivi : %(text)s (%(owner)s)") % {"text": action.text, "owner": action.owner},
            due_date=action.due_on,
            clause="C6",
            partnership_id=action.meeting.partnership_id,
            actors=MEETING_ACTORS,
            url=action.meeting.get_absolute_url(),
            done=action.done_on is not None,
        )


def _next_meetings(partnership_ids, last_held, today):
    """Clause C6: the next meeting, due two months after the last held, while a cooperation
    convention is in force. A meeting held moves it on (its key names the last meeting held)."""
    conventions = {}
    for convention in Convention.objects.filter(
        partnership_id__in=partnership_ids, kind=Convention.Kind.COOPERATION
    ).prefetch_related("terminations"):
        conventions.setdefault(convention.partnership_id, []).append(convention)
    for partnership_id, items in conventions.items():
        convention = current_cooperation(items, today)
        if convention is None or convention.status(today) not in (
            Convention.Status.IN_FORCE,
            Convention.Status.TERMINATING,
        ):
            continue
        last = last_held.get(partnership_id)
        # Before any meeting is held, the two months run from the convention's effect.
        due = referent_meeting_due_c6(last.date if last else convention.effective_from)
        yield Duty(
            key=f"referent-meeting:{last.pk if last else 'start'}-{partnership_id}-next:c6",
            title=_("Tenir la réunion bimestrielle avec le conseiller référent"),
            due_date=due.date,
            clause=due.clause,
            partnership_id=partnership_id,
            actors=MEETING_ACTORS,
            url=reverse("relais:meeting_list"),
            convention_id=convention.pk,
            done=False,
        )
