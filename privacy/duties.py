"""Clause C9 on the calendar: destroy the personal data tied to an ended cooperation convention;
clause O16: answer each request to exercise a right within its deadline.

Provided here rather than in `partnership.duties` because the duty is done once the
destruction is recorded (`privacy.models.DestructionRecord`), and `partnership` does not
import this app.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from partnership import obligations
from partnership.french import french_date
from partnership.models import Convention
from partnership.obligations import Duty, skips
from partnership.permissions import Role
from privacy.models import DestructionRecord, RightsRequest

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {DestructionRecord: "convention__partnership_id", RightsRequest: "partnership_id"}


def duties(partnership_ids, today, since=None):
    yield from _destructions(partnership_ids, since)
    yield from _rights_requests(partnership_ids, since)


def _rights_requests(partnership_ids, since):
    """Clause O16: the answer to each request, due a month after its receipt (three if extended).
    The title names the right and the day, never the person (the calendar is read by all roles)."""
    requests = RightsRequest.objects.filter(partnership_id__in=partnership_ids)
    if since is not None:
        requests = requests.filter(answered_on__isnull=True) | requests.filter(received_on__gte=since)
    for request in requests.order_by():
        deadline = request.answer_deadline()
        if skips(request.answered_on is not None, deadline.date, since):
            continue
        yield Duty(
            key=f"rights-request:{request.pk}:answer",
            title=_("Répondre à une demande d'exercice de droits : %(kind)s, reçue le %(date)s")
            % {"kind": request.get_kind_display(), "date": french_date(request.received_on)},
            due_date=deadline.date,
            clause=deadline.clause,
            partnership_id=request.partnership_id,
            actors=(Role.ADMINISTRATOR,),
            url=request.get_absolute_url(),
            done=request.answered_on is not None,
            kind="rights_request",
        )


def _destructions(partnership_ids, since):
    conventions = [c for c in obligations.conventions(partnership_ids) if c.kind == Convention.Kind.COOPERATION]
    destroyed = set(
        DestructionRecord.objects.filter(convention__in=conventions).values_list("convention_id", flat=True)
    )
    url = reverse("privacy:schedule")
    for convention in conventions:
        deadline = convention.personal_data_destruction_deadline()
        if deadline is None or skips(convention.pk in destroyed, deadline.date, since):
            continue
        yield Duty(
            key=f"convention:{convention.pk}:c9",
            title=_("Détruire les données personnelles liées à « %(title)s »") % {"title": convention.title},
            due_date=deadline.date,
            clause=deadline.clause,
            partnership_id=convention.partnership_id,
            actors=(Role.RGC, Role.ADMINISTRATOR),
            url=f"{url}#convention-{convention.pk}",
            convention_id=convention.pk,
            done=convention.pk in destroyed,
            kind="c9",
        )
