"""Demo DPO contacts (clause C9): each party's, for both partnerships; fictitious addresses
(example.org). Idempotent."""

from privacy.models import DpoContact


def load(context):
    for partnership in (context["partnership"], context["fictive_partnership"]):
        for party, name, email in (
            (DpoContact.Party.COMMUNE, "Délégué à la protection des données de la commune", "dpo-commune@example.org"),
            (DpoContact.Party.AGENCY, "Délégué à la protection des données de Pôle emploi", "dpo-agence@example.org"),
        ):
            DpoContact.objects.update_or_create(
                partnership=partnership, party=party, defaults={"name": name, "email": email}
            )
