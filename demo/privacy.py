"""Demo personal data (clauses C9 and O16): each party's DPO contacts for both partnerships, and
an access request from one of the Relais Emploi's agents (fictitious; example.org addresses), its
answer due in the calendar. Idempotent."""

import datetime

from partnership.models import Person
from privacy.models import DpoContact, RightsRequest


def load(context):
    for partnership in (context["partnership"], context["fictive_partnership"]):
        for party, name, email in (
            (DpoContact.Party.COMMUNE, "Délégué à la protection des données de la commune", "dpo-commune@example.org"),
            (DpoContact.Party.AGENCY, "Délégué à la protection des données de Pôle emploi", "dpo-agence@example.org"),
        ):
            DpoContact.objects.get_or_create(
                partnership=partnership, party=party, defaults={"name": name, "email": email}
            )
    partnership = context["partnership"]
    person = Person.objects.filter(organisation=partnership.commune, email="agent@example.org").first()
    RightsRequest.objects.get_or_create(
        partnership=partnership,
        kind=RightsRequest.Kind.ACCESS,
        received_on=datetime.date(2026, 11, 20),
        defaults={
            "person": person,
            "requester": str(person) if person else "Camille DURAND",
            "channel": RightsRequest.Channel.EMAIL,
            "details": "Copie de toutes les données la concernant.",
        },
    )
