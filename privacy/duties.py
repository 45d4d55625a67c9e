"""Clause C9 on the calendar: destroy the personal data tied to an ended cooperation convention.

Provided here rather than in `partnership.duties` because the duty is done once the
destruction is recorded (`privacy.models.DestructionRecord`), and `partnership` does not
import this app.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from partnership import obligations
from partnership.models import Convention
from partnership.obligations import Duty, skips
from partnership.permissions import Role
from privacy.models import DestructionRecord

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {DestructionRecord: "convention__partnership_id"}


def duties(partnership_ids, today, since=None):
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
