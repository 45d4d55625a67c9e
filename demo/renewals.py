"""Demo renewal: the 2024–2026 cooperation convention of Saint-Quentin-Fallavier being renewed
for 2027, at the draft step, started by the agent a fortnight before the demo's day, with its
commitments carried forward (one changed, one dropped, one added) and the conclusions of the
steering committee of 10 February 2026. Idempotent."""

import datetime

from partnership.models import Convention
from renewals import services
from renewals.models import Renewal, RenewalCommitment

D = datetime.date


def load(context):
    partnership = context["partnership"]
    convention = Convention.objects.get(
        partnership=partnership, kind=Convention.Kind.COOPERATION, effective_from=D(2024, 1, 1)
    )
    if Renewal.objects.filter(convention=convention).exists():
        return
    agent = next(user for user, _role in context["users"] if user.username == "agent")
    renewal = services.start(convention, agent, today=D(2026, 11, 16))
    renewal.demo = True
    renewal.save(update_fields=["demo"])
    commitments = {c.text[:40]: c for c in renewal.commitments.select_related("source")}
    immersion = next(c for key, c in commitments.items() if key.startswith("Accueillir en immersion"))
    services.change_commitment(
        renewal, immersion, decision=RenewalCommitment.Decision.KEPT,
        text="Accueillir chaque année en immersion un salarié du Relais Emploi à l'agence, selon un programme "
        "défini ensemble au comité de pilotage.",
    )  # fmt: skip
    posters = next(c for key, c in commitments.items() if key.startswith("Mettre à disposition des affiches"))
    services.change_commitment(renewal, posters, decision=RenewalCommitment.Decision.DROPPED, text=posters.text)
    services.add_commitment(
        renewal, party=partnership.commune, clause="C7",
        text="Organiser chaque trimestre un atelier numérique ouvert aux demandeurs d'emploi de la commune.",
    )  # fmt: skip
