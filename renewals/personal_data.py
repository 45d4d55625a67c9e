"""Personal data of a renewal tied to the ended cooperation convention it renewed (hook
`personal_data`, clause C9): the RGC named in the draft's annex 2 (name and e-mail), with the
renewal's history, which holds the same. The new conventions' own annex and register keep theirs."""

from django.utils.translation import gettext_noop  # a msgid, translated when counted

from partnership import erasure
from renewals.models import Renewal

LABEL = gettext_noop("RGC nommé dans le projet de renouvellement")
LABELS = {"renewals": LABEL}


def _tied(plans):
    """{convention pk: {"renewals": [ids]}}: the renewals of each convention that name an RGC, in one query."""
    tied = {pk: {"renewals": []} for pk in plans}
    for pk, convention_id in (
        Renewal.objects.filter(convention_id__in=tied).exclude(rgc_name="", rgc_email="")
        .values_list("pk", "convention_id").order_by()
    ):  # fmt: skip
        tied[convention_id]["renewals"].append(pk)
    return tied


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    erasure.blank_ids(Renewal, erasure.every(tied, "renewals"), rgc_name="", rgc_email="")
    return erasure.counted(tied, LABELS)
