"""Terminations in the app (clauses C12, O18), with the letters of the ledger: the commune starts
one by drafting its letter, or records the one Pôle emploi sent; each step of the procedure is a
letter (`documents.letters.apply` reads the dates the clauses count from)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _l

from documents import letters, services
from documents.models import Letter
from partnership.models import Termination

Kind = Letter.Kind
Ground = Termination.Ground

COMMUNE, POLE_EMPLOI = "commune", "pole_emploi"

# The letter that starts each route, by the side that takes the initiative.
FIRST_LETTER = {
    (COMMUNE, Ground.REQUEST): Kind.TERMINATION,
    (POLE_EMPLOI, Ground.REQUEST): Kind.PARTNER_TERMINATION,
    (COMMUNE, Ground.PARTNER_NOTICE): Kind.OPUS_TERMINATION,
    (POLE_EMPLOI, Ground.SERVICE_NEEDS): Kind.SERVICE_TERMINATION,
    (POLE_EMPLOI, Ground.BREACH): Kind.BREACH_REASONS,
}

ROUTE_LABELS = {
    (COMMUNE, Ground.REQUEST): _l("La commune demande la résiliation (article 8, clause C12)"),
    (POLE_EMPLOI, Ground.REQUEST): _l("Pôle emploi demande la résiliation (article 8, clause C12)"),
    (COMMUNE, Ground.PARTNER_NOTICE): _l("La commune résilie avec un préavis d'un mois (article 12, clause O18)"),
    (POLE_EMPLOI, Ground.SERVICE_NEEDS): _l(
        "Pôle emploi résilie pour nécessités de service, avec un préavis d'un mois au plus (clause O18)"
    ),
    (POLE_EMPLOI, Ground.BREACH): _l(
        "Pôle emploi engage une résiliation pour manquement : lettre des motifs reçue (clause O18)"
    ),
}


def routes(convention):
    """[(side, ground)] open on `convention`: C12 for the cooperation convention, either side;
    the three routes of O18 for the OPUS convention."""
    return [key for key in FIRST_LETTER if (key[1] in Termination.OPUS_GROUNDS) == convention.is_opus]


def side_of(termination):
    return POLE_EMPLOI if termination.by_pole_emploi else COMMUNE


def next_letters(termination, found):
    """The letters the procedure waits for now, given the letters `found` of the termination: the
    first one; for a breach, the commune's observations (within the month) and Pôle emploi's
    decision, maintained and notified."""
    kinds = {letter.kind for letter in found}
    first = FIRST_LETTER[(side_of(termination), termination.ground)]
    if termination.withdrawn:
        return []
    if first not in kinds:
        return [first]
    if termination.ground != Ground.BREACH:
        return []
    return [kind for kind in (Kind.BREACH_OBSERVATIONS, Kind.BREACH_DECISION) if kind not in kinds]


@transaction.atomic
def start(convention, *, side, ground, reasons, written_on, user):
    """A termination of `convention` and its first letter in the ledger: the commune's, drafted
    to be signed and sent, or Pôle emploi's, to record when it was sent and received."""
    kind = FIRST_LETTER[(side, ground)]
    requested_by = convention.partnership.commune
    if side == POLE_EMPLOI:
        requested_by = letters.pole_emploi_party(
            convention.partnership, regional=letters.SPECS[kind].to_regional_director
        )
    termination = Termination(convention=convention, ground=ground, requested_by=requested_by, reasons=reasons)
    termination.full_clean()
    termination.save()
    letter = services.draft_letter(
        convention.partnership, kind, written_on=written_on, user=user, termination=termination
    )
    return termination, letter


@transaction.atomic
def withdraw(termination):
    """The request is withdrawn, or Pôle emploi does not maintain its decision (clause O18)."""
    termination = Termination.objects.select_for_update().get(pk=termination.pk)
    termination.withdrawn = True
    termination.save()
    return termination
