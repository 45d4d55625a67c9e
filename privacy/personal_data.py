"""Clause C9 for this app's own records: the rights requests of the people erased with a
convention lose what names them (the person, the name given, the texts); the record that a request
was received and answered in time stays, as the proof the RGPD asks for."""

from django.utils.translation import gettext_noop  # msgids, translated when counted or named

from partnership import erasure
from privacy.models import RightsRequest

LABEL = gettext_noop("Demandes d'exercice de droits (demandeur et textes)")
LABELS = {"requests": LABEL}
ANONYMOUS = {"person": None, "requester": "", "details": "", "answer": "", "extension_reason": ""}


def _tied(plans):
    """{convention pk: {"requests": [ids]}}: the requests of the people erased with each, in one query."""
    tied = {pk: {"requests": []} for pk in plans}
    erased_with = erasure.erased_with(plans)
    for pk, person_id in RightsRequest.objects.filter(person__in=erased_with).values_list("pk", "person_id").order_by():
        tied[erased_with[person_id]]["requests"].append(pk)
    return tied


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    erasure.blank_ids(RightsRequest, erasure.every(tied, "requests"), **ANONYMOUS)
    return erasure.counted(tied, LABELS)
