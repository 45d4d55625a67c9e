"""Clause C9 for this app's own records: the rights requests of the people erased with a
convention lose what names them (the person, the name given, the texts); the record that a request
was received and answered in time stays, as the proof the RGPD asks for."""

from django.utils.translation import gettext as _

from partnership import erasure
from privacy.models import RightsRequest

LABEL = "Demandes d'exercice de droits (demandeur et textes)"
ANONYMOUS = {"person": None, "requester": "", "details": "", "answer": "", "extension_reason": ""}


def inventory(plans):
    erased_with = {person: pk for pk, plan in plans.items() for person in plan.people}
    found = dict.fromkeys(plans, 0)
    for person_id in RightsRequest.objects.filter(person__in=erased_with).values_list("person_id", flat=True):
        found[erased_with[person_id]] += 1
    return {pk: [(_(LABEL), count)] for pk, count in found.items()}


def erase(plan):
    return [(_(LABEL), erasure.blank(RightsRequest.objects.filter(person__in=plan.people), **ANONYMOUS))]
