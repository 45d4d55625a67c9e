"""Demo data (hook `demo`): on the 2024 OPUS convention of Saint-Quentin-Fallavier, the approved
RGC and two active accounts, so that the cap of annex 2 (two accounts besides the RGC) is full,
and a third person whose account is requested and cannot be activated (the RGC before him, who
left in January 2024, and her O7 letter are demo.documents'). Names are fictitious,
addresses at example.org. Idempotent: rows are looked up by their natural keys and created only when missing."""

import datetime

from opus_accounts.models import OpusAccount, RgcDesignation
from partnership.models import Convention, Person

D = datetime.date


def _person(commune, first_name, last_name, function, email):
    person, _ = Person.objects.get_or_create(
        organisation=commune,
        first_name=first_name,
        last_name=last_name,
        defaults={"function": function, "email": email},
    )
    return person


def load(context):
    partnership = context["partnership"]
    commune = partnership.commune
    convention = Convention.objects.get(partnership=partnership, kind=Convention.Kind.OPUS, signed_on__year=2024)
    rgc = _person(commune, "Thomas", "GARNIER", "Responsable du Relais Emploi municipal", "rgc@example.org")
    first = _person(commune, "Camille", "DURAND", "Agente d'accueil du Relais Emploi", "agent@example.org")
    second = _person(commune, "Yanis", "ROUX", "Conseiller emploi du Relais Emploi", "agent2@example.org")
    third = _person(commune, "Inès", "LAMBERT", "Chargée de mission insertion", "ines.lambert@example.org")
    RgcDesignation.objects.get_or_create(
        convention=convention,
        person=rgc,
        defaults={
            "status": RgcDesignation.Status.APPROVED,
            "proposed_on": D(2024, 1, 16),
            "decided_on": D(2024, 1, 30),
            "decision_reference": "Accord écrit du directeur territorial n° DT38-2024-017 (démonstration)",
            "convention_copy_handed_on": D(2024, 2, 1),
        },
    )
    for person in (first, second):
        OpusAccount.objects.get_or_create(
            convention=convention,
            person=person,
            defaults={
                "state": OpusAccount.State.ACTIVE,
                "requested_on": D(2024, 2, 1),
                "informed_on": D(2024, 2, 5),
                "activated_on": D(2024, 2, 5),
            },
        )
    OpusAccount.objects.get_or_create(
        convention=convention,
        person=third,
        defaults={"state": OpusAccount.State.REQUESTED, "requested_on": D(2026, 10, 5), "informed_on": D(2026, 10, 6)},
    )
