"""The renewal's steps in the calendar of obligations (hook `duties`, see partnership.hooks): each
step of a renewal under way is due ahead of the end of the convention it renews
(`renewals.legal_dates`), and done when it is recorded."""

from django.utils.translation import gettext as _

from partnership.models import Convention
from partnership.obligations import Duty, skips
from partnership.permissions import Role
from renewals.models import Renewal, RenewalStep
from renewals.steps import DUE, due_date

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {Renewal: "partnership_id", RenewalStep: "renewal__partnership_id"}

ACTORS = {
    Renewal.Step.COUNCIL: (Role.AGENT, Role.RGC, Role.ELU),
    Renewal.Step.SIGNED: (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT),
}


def duties(partnership_ids, today, since=None):
    renewals = (
        Renewal.objects.filter(partnership_id__in=partnership_ids)
        .select_related("convention")
        .prefetch_related("steps", *Convention.terms_prefetch("convention__"))
    )
    for renewal in renewals:
        done = renewal.steps_done()
        for step in DUE:
            due = due_date(renewal, step)
            if due is None or skips(step in done, due.date, since):
                continue
            yield Duty(
                key=f"renewal:{renewal.pk}:{step.value}",
                title=_("Renouvellement « %(title)s » : %(step)s") % {"title": renewal.title, "step": step.label},
                due_date=due.date,
                clause=due.clause,
                partnership_id=renewal.partnership_id,
                actors=ACTORS.get(step, (Role.AGENT, Role.RGC)),
                url=renewal.get_absolute_url(),
                convention_id=renewal.convention_id,
                done=step in done,
                kind="renewal_step",
            )
