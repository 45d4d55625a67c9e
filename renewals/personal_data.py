"""Personal data of a renewal tied to the ended cooperation convention it renewed (hook
`personal_data`, clause C9): the RGC named in the draft's annex 2 (name and e-mail), with the
renewal's history, which holds the same. The new conventions' own annex and register keep theirs."""

from django.utils.translation import gettext as _

from partnership import erasure
from renewals.models import Renewal

LABEL = "RGC nommé dans le projet de renouvellement"


def _named(conventions):
    found = {c.pk: [] for c in conventions}
    for pk, convention_id in (
        Renewal.objects.filter(convention_id__in=found).exclude(rgc_name="", rgc_email="")
        .values_list("pk", "convention_id").order_by()
    ):  # fmt: skip
        found[convention_id].append(pk)
    return found


def inventory(plans):
    return {pk: [(_(LABEL), len(ids))] for pk, ids in _named([p.convention for p in plans.values()]).items()}


def erase(plan):
    ids = _named([plan.convention])[plan.convention.pk]
    return [(_(LABEL), erasure.blank(Renewal.objects.filter(pk__in=ids), rgc_name="", rgc_email=""))]
