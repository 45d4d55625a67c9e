"""Duties that come from the conventions and the deliberation themselves.

The personal-data destruction duty (clause C9) is provided by `privacy.duties`, beside the
record of the destruction that makes it done (partnership does not import privacy).
"""

from django.utils.translation import gettext as _

from partnership import obligations
from partnership.committees import committee_duties
from partnership.models import (
    Amendment,
    Convention,
    CouncilSession,
    Deliberation,
    Partnership,
    SteeringCommittee,
    Termination,
)
from partnership.obligations import Duty, skips
from partnership.permissions import Role

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {
    Partnership: "pk",
    Convention: "partnership_id",
    Termination: "convention__partnership_id",
    Amendment: "convention__partnership_id",
    Deliberation: "partnership_id",
    SteeringCommittee: "partnership_id",
    CouncilSession: None,  # a session's deliberations may be several partnerships'
}


def duties(partnership_ids, today, since=None):
    for siblings in obligations.conventions_by_partnership(partnership_ids).values():
        for convention in siblings:
            yield from _convention_duties(convention, siblings, today, since)
    for deliberation in Deliberation.objects.filter(partnership_id__in=partnership_ids).select_related("session"):
        deadline = deliberation.appeal_deadline()
        if deadline and not skips(today > deadline.date, deadline.date, since):
            yield Duty(
                key=f"deliberation:{deliberation.pk}:appeal",
                title=_("Fin du délai de recours contre la délibération %(number)s") % {"number": deliberation.number},
                due_date=deadline.date,
                clause=deadline.clause,
                partnership_id=deliberation.partnership_id,
                actors=(Role.AGENT, Role.ELU),
                url=deliberation.get_absolute_url(),
                done=today > deadline.date,
                kind="appeal",
            )
    # Clause C10: the yearly steering committee.
    yield from (d for d in committee_duties(partnership_ids, today) if not skips(d.done, d.due_date, since))


def _convention_duties(convention, siblings, today, since=None):
    end = convention.end_date()
    url = convention.get_absolute_url()
    common = {"partnership_id": convention.partnership_id, "convention_id": convention.pk, "url": url}
    if end and convention.kind == Convention.Kind.COOPERATION:
        renewed = any(
            other.kind == convention.kind
            and other.effective_from
            and convention.effective_from
            and other.effective_from > convention.effective_from
            for other in siblings
        )
        done = renewed or today > end.date
        if not skips(done, end.date, since):
            yield Duty(
                key=f"convention:{convention.pk}:renewal",
                title=_("Préparer le renouvellement : « %(title)s » prend fin le %(date)s")
                % {"title": convention.title, "date": end.date.strftime("%d/%m/%Y")},
                due_date=end.date,
                clause="C10",
                actors=(Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT),
                done=done,
                kind="renewal",
                **common,
            )
    # Clauses C12, O18: the termination that takes effect first; the convention is in force to the
    # end of the notice's last day, which the duty is due on (done the next day).
    termination = convention.ending_termination()
    last_day = termination.last_day_in_force() if termination else None
    if last_day and not skips(today > last_day.date, last_day.date, since):
        yield Duty(
            key=f"convention:{convention.pk}:termination",
            title=_("Dernier jour en vigueur de « %(title)s » : la résiliation prend effet le lendemain")
            % {"title": convention.title},
            due_date=last_day.date,
            clause=last_day.clause,
            actors=(Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT),
            done=today > last_day.date,
            kind="termination",
            **common,
        )
