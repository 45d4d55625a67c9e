"""Demo renewals of Saint-Quentin-Fallavier:

- the seed's 2021–2023 cooperation convention renewed into the demo's 2024–2026 conventions, through
  every step (its council session of 9 October 2023, deliberation and @ctes identifier are
  fictitious, marked so in their numbers), so that the history reads as a renewal;
- the 2024–2026 convention being renewed for 2027, at the draft step, started by the agent a
  fortnight before the demo's day, with its commitments carried forward (one changed, one dropped,
  one added) and the conclusions of the steering committee of 10 February 2026.

Idempotent."""

import datetime

from partnership.models import Convention
from renewals import services
from renewals.models import Renewal, RenewalCommitment, RenewalStep

D = datetime.date
Step = Renewal.Step


def load(context):
    partnership = context["partnership"]
    agent = next(user for user, _role in context["users"] if user.username == "agent")
    cooperations = Convention.objects.filter(partnership=partnership, kind=Convention.Kind.COOPERATION)
    _renewed_in_2023(cooperations.get(effective_from=D(2021, 1, 1)), cooperations.get(effective_from=D(2024, 1, 1)),
                     agent)  # fmt: skip
    _renewing_for_2027(partnership, cooperations.get(effective_from=D(2024, 1, 1)), agent)


def _renewed_in_2023(convention, renewed, agent):
    if Renewal.objects.filter(convention=convention).exists():
        return
    renewal = services.draft(convention, agent, D(2023, 5, 15))
    renewal.title, renewal.demo = renewed.title, True
    renewal.save(update_fields=["title", "demo"])
    commune = convention.partnership.commune
    steps = [
        (Step.SENT, {"done_on": D(2023, 6, 12)}),
        (Step.COUNCIL, {
            "done_on": D(2023, 10, 9), "convened_by": "le Maire", "president": "Michel BARRAUD, Maire",
            "members_in_office": 29, "secretary": "Henri HUBERT", "number": "2023.10.09.5 (démonstration)",
            "rapporteur": "Emilie JOUBERT", "rapporteur_delegation": "l'Emploi et l'Insertion",
            "outcome": "unanimite",
        }),
        (Step.ACTES, {"actes_identifier": f"038-{commune.siren}-20231009-DEMO2023_5-DE-1-1",
                      "done_on": D(2023, 10, 13)}),
        (Step.SIGNED, {"partner_signed_on": D(2023, 12, 18), "pole_emploi_signed_on": D(2023, 12, 18)}),
    ]  # fmt: skip
    for step, data in steps:
        services.do_step(renewal, step, data, agent)
    # In force: the 2024–2026 conventions, entered before the renewal was recorded.
    renewal = Renewal.objects.get(pk=renewal.pk)
    opus = services.opus_of(renewed)
    Renewal.objects.filter(pk=renewal.pk).update(new_convention=renewed, new_opus_convention=opus)
    Convention.objects.filter(pk__in=[renewed.pk, opus.pk]).update(deliberation=renewal.deliberation)
    RenewalStep.objects.create(renewal=renewal, step=Step.IN_FORCE, done_on=D(2023, 12, 19), done_by=agent)


def _renewing_for_2027(partnership, convention, agent):
    if Renewal.objects.filter(convention=convention).exists():
        return
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
