"""A renewal through its pages, step by step: each step done, dated, undone before the next, and
proved by its documents; the last one creates the new conventions."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import Document
from documents.tests import files
from opus_accounts.models import RgcDesignation
from partnership.models import Commitment, Convention, CouncilSession, Deliberation, OpusAnnex, OpusService, Person
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory
from renewals import services
from renewals.models import Renewal, RenewalCommitment, RenewalDocument

pytestmark = pytest.mark.django_db
D = datetime.date
Step = Renewal.Step


@pytest.fixture
def ending(cast):
    """The cast's 2024–2026 conventions with commitments, annexes and an RGC in office."""
    agency, commune = cast.partnership.agency, cast.partnership.commune
    CommitmentFactory(convention=cast.cooperation, party=agency, clause="C5", text="Fournir l'accès à OPUS.")
    CommitmentFactory(convention=cast.cooperation, party=agency, clause="C5", text="Accueillir en immersion.")
    CommitmentFactory(convention=cast.cooperation, party=commune, clause="C7", text="Faire bénéficier d'OPUS.")
    OpusAnnex.objects.create(
        convention=cast.opus, partner_safir_code="39089", agency_safir_code="38171",
        rgc_function="Responsable du Relais Emploi", correspondent_email="rgc-pe@example.org", active_accounts_cap=2,
    )  # fmt: skip
    OpusService.objects.create(convention=cast.opus, name="Consultation des offres", description="Toutes", access=True)
    rgc = Person.objects.create(organisation=commune, first_name="Benoît", last_name="TESSIER",
                                function="Responsable du Relais Emploi", email="rgc@example.org")  # fmt: skip
    RgcDesignation.objects.create(convention=cast.opus, person=rgc, status=RgcDesignation.Status.APPROVED,
                                  proposed_on=D(2024, 1, 20), decided_on=D(2024, 2, 1))  # fmt: skip
    return cast


def text(response):
    return html.unescape(response.content.decode())


def start(client, cast):
    client.force_login(cast[Role.AGENT])
    response = client.post(reverse("renewals:start", args=[cast.cooperation.pk]))
    assert response.status_code == 302
    renewal = Renewal.objects.get()
    renewal.steps.update(done_on=D(2026, 6, 1))  # started in June, as the calendar asks
    return renewal


def step(client, renewal, name, **data):
    return client.post(reverse("renewals:step", args=[renewal.pk, name]), data)


def council_data(**overrides):
    return {
        "done_on": "2026-09-14", "convened_by": "le Maire", "president": "Michel BARRAUD, Maire",
        "members_in_office": 29, "secretary": "Henri HUBERT", "number": "2026.09.14.3",
        "rapporteur": "Emilie JOUBERT", "rapporteur_delegation": "l'Emploi et l'Insertion",
        "outcome": Deliberation.Outcome.UNANIMOUS, "votes_against": 0, "abstentions": 0, **overrides,
    }  # fmt: skip


def actes_identifier(cast, day="20260914"):
    commune = cast.partnership.commune
    return f"{commune.departement}-{commune.siren}-{day}-DE2026_31-DE-1-1"


def test_the_draft_carries_forward_parties_commitments_annexes_and_conclusions(client, ending):
    # clauses C2, C10, O20, O21, O22
    from partnership.models import SteeringCommittee

    SteeringCommittee.objects.create(
        partnership=ending.partnership, convention=ending.cooperation, year=2025, date=D(2026, 2, 10),
        status=SteeringCommittee.Status.HELD, decisions="Reconduire le job dating.\nPréparer le renouvellement.",
    )  # fmt: skip
    renewal = start(client, ending)
    assert renewal.effective_from == D(2027, 1, 1)  # clause C2: the day after 31 December 2026
    assert renewal.duration_months == 36
    assert renewal.natural_end().date == D(2029, 12, 31)
    assert renewal.title == "Convention de coopération 2027-2029"
    assert renewal.opus_convention == ending.opus
    assert (renewal.partner_safir_code, renewal.agency_safir_code, renewal.active_accounts_cap) == ("39089", "38171", 2)
    assert (renewal.rgc_name, renewal.rgc_email) == ("Benoît TESSIER", "rgc@example.org")
    assert renewal.services == [{"name": "Consultation des offres", "description": "Toutes", "access": True}]
    assert renewal.committee_conclusions == "Reconduire le job dating.\nPréparer le renouvellement."
    assert [c.decision for c in renewal.commitments.all()] == [RenewalCommitment.Decision.KEPT] * 3
    assert renewal.current_step() == Step.DRAFT
    assert renewal.steps.get().done_by == ending[Role.AGENT]
    page = client.get(renewal.get_absolute_url())
    assert page.status_code == 200
    assert "Reconduire le job dating." in text(page)


def test_a_commitment_is_kept_changed_or_dropped_and_one_is_added(client, ending):
    # clauses C5, C7
    renewal = start(client, ending)
    immersion, opus, _commune = renewal.commitments.order_by("id")
    url = reverse("renewals:commitment", args=[renewal.pk, immersion.pk])
    prefix = f"c{immersion.pk}"
    client.post(url, {f"{prefix}-decision": "reconduit", f"{prefix}-text": "Accueillir en immersion deux fois l'an."})
    immersion.refresh_from_db()
    assert (immersion.decision, immersion.text) == ("modifie", "Accueillir en immersion deux fois l'an.")
    prefix = f"c{opus.pk}"
    client.post(reverse("renewals:commitment", args=[renewal.pk, opus.pk]),
                {f"{prefix}-decision": "abandonne", f"{prefix}-text": opus.text})  # fmt: skip
    opus.refresh_from_db()
    assert opus.decision == "abandonne"
    new = {"new-party": ending.partnership.commune_id, "new-clause": "C7", "new-text": "Un atelier numérique."}
    client.post(reverse("renewals:commitment_add", args=[renewal.pk]), new)
    added = renewal.commitments.get(text="Un atelier numérique.")
    assert added.decision == "nouveau"
    assert len(Renewal.objects.get().kept_commitments()) == 3


def test_an_empty_commitment_or_a_stranger_party_is_refused_in_french(client, ending, other_cast):
    renewal = start(client, ending)
    commitment = renewal.commitments.first()
    prefix = f"c{commitment.pk}"
    response = client.post(reverse("renewals:commitment", args=[renewal.pk, commitment.pk]),
                           {f"{prefix}-decision": "reconduit", f"{prefix}-text": "   "})  # fmt: skip
    assert response.status_code == 422
    commitment.refresh_from_db()
    assert commitment.text.strip()
    new = {"new-party": other_cast.partnership.commune_id, "new-clause": "C7", "new-text": "X"}
    response = client.post(reverse("renewals:commitment_add", args=[renewal.pk]), new)
    assert response.status_code == 422
    assert "Sélectionnez un choix valide" in text(response)
    assert renewal.commitments.count() == 3


def test_each_step_in_order_dated_then_the_new_conventions_in_force(client, ending):
    # clauses C1, C2, D1, D2, D3, O20
    renewal = start(client, ending)
    assert step(client, renewal, "conseil", **council_data()).status_code == 404  # not the next step
    assert step(client, renewal, "envoi", done_on="2026-06-20").status_code == 302
    assert renewal.steps.get(step=Step.SENT).done_on == D(2026, 6, 20)

    # D1, D2: the session and the deliberation, its text generated from the draft
    assert step(client, renewal, "conseil", **council_data()).status_code == 302
    renewal.refresh_from_db()
    deliberation = renewal.deliberation
    assert deliberation.session.date == D(2026, 9, 14)
    assert deliberation.session.commune == ending.partnership.commune
    assert deliberation.object == "Renouvellement du partenariat avec Pôle emploi - convention triennale"
    assert deliberation.rapporteur == "Emilie JOUBERT"
    assert "Emilie JOUBERT, au titre de sa délégation à l'Emploi et l'Insertion" in deliberation.summary
    assert [d.verb for d in deliberation.decisions.all()] == ["APPROUVE", "AUTORISE"]

    # D3: the @ctes identifier, checked against the commune and the act's date
    wrong = actes_identifier(ending, day="20260915")
    response = step(client, renewal, "actes", actes_identifier=wrong, done_on="2026-09-18")
    assert response.status_code == 422
    assert "n'est pas celle de l'acte" in text(response)
    assert not renewal.steps.filter(step=Step.ACTES).exists()
    identifier = actes_identifier(ending)
    assert step(client, renewal, "actes", actes_identifier=identifier, done_on="2026-09-18").status_code == 302
    deliberation.refresh_from_db()
    assert (deliberation.actes_identifier, deliberation.transmitted_on) == (identifier, D(2026, 9, 18))
    assert deliberation.published_on == D(2026, 9, 18)

    # C1: both parties sign; the step is dated by the later signature
    response = step(client, renewal, "signatures", partner_signed_on="2026-11-02", pole_emploi_signed_on="2026-11-09")
    assert response.status_code == 302
    assert renewal.steps.get(step=Step.SIGNED).done_on == D(2026, 11, 9)

    # C2, O20: in force, the new conventions created
    assert step(client, renewal, "vigueur", done_on="2026-11-10").status_code == 302
    renewal.refresh_from_db()
    cooperation, opus = renewal.new_convention, renewal.new_opus_convention
    assert (cooperation.effective_from, cooperation.end_date().date) == (D(2027, 1, 1), D(2029, 12, 31))
    assert cooperation.deliberation == deliberation
    assert cooperation.status(D(2026, 12, 1)) == Convention.Status.UPCOMING
    assert cooperation.status(D(2027, 1, 1)) == Convention.Status.IN_FORCE
    assert list(cooperation.parties.values_list("organisation", flat=True)) == list(
        ending.cooperation.parties.values_list("organisation", flat=True)
    )
    assert sorted(cooperation.commitments.values_list("text", flat=True)) == sorted(
        ending.cooperation.commitments.values_list("text", flat=True)
    )
    assert opus.parent == cooperation
    assert opus.effective_date().date == D(2027, 1, 1)  # O20: never before the cooperation convention
    assert opus.opus_annex.active_accounts_cap == 2
    assert list(opus.opus_services.values_list("name", flat=True)) == ["Consultation des offres"]
    assert renewal.current_step() == Step.IN_FORCE
    # The old convention's own renewal duty is done: a later one exists.
    assert Convention.objects.filter(partnership=ending.partnership, kind="cooperation").count() == 2


def steps_data(cast):
    return {
        "envoi": {"done_on": "2026-06-20"},
        "conseil": council_data(),
        "actes": {"actes_identifier": actes_identifier(cast), "done_on": "2026-09-18"},
        "signatures": {"partner_signed_on": "2026-11-02", "pole_emploi_signed_on": "2026-11-09"},
        "vigueur": {"done_on": "2026-11-10"},
    }


def walk_to(client, renewal, cast, last):
    for name, values in steps_data(cast).items():
        assert step(client, renewal, name, **values).status_code == 302, name
        if name == last:
            return


@pytest.mark.parametrize("last", ["envoi", "conseil", "actes", "signatures", "vigueur"])
def test_the_last_step_is_undone_and_what_it_made_goes_with_it(client, ending, last):
    renewal = start(client, ending)
    walk_to(client, renewal, ending, last)
    index = Renewal.STEPS.index(Step(last))
    if index > 1:  # an earlier step cannot be undone while a later one is done
        earlier = Renewal.STEPS[index - 1]
        assert client.post(reverse("renewals:step_undo", args=[renewal.pk, earlier])).status_code == 422
    response = client.post(reverse("renewals:step_undo", args=[renewal.pk, last]))
    assert response.status_code == 302
    renewal = Renewal.objects.get()
    assert renewal.current_step() == Renewal.STEPS[index - 1]
    if last == "conseil":
        assert (Deliberation.objects.count(), CouncilSession.objects.count()) == (0, 0)
    if last == "actes":
        assert renewal.deliberation.actes_identifier == ""
    if last == "signatures":
        assert renewal.partner_signed_on is None
    if last == "vigueur":
        assert renewal.new_convention is None
        assert Convention.objects.filter(partnership=ending.partnership).count() == 2
        assert Commitment.objects.filter(convention__partnership=ending.partnership).count() == 3
    # and done again
    assert step(client, renewal, last, **steps_data(ending)[last]).status_code == 302
    assert Renewal.objects.get().current_step() == last


def test_the_draft_cannot_be_undone_and_is_frozen_once_sent(client, ending):
    renewal = start(client, ending)
    assert client.post(reverse("renewals:step_undo", args=[renewal.pk, "projet"])).status_code == 422
    walk_to(client, renewal, ending, "envoi")
    assert client.get(reverse("renewals:edit", args=[renewal.pk])).status_code == 404
    commitment = renewal.commitments.first()
    prefix = f"c{commitment.pk}"
    response = client.post(reverse("renewals:commitment", args=[renewal.pk, commitment.pk]),
                           {f"{prefix}-decision": "abandonne", f"{prefix}-text": commitment.text})  # fmt: skip
    assert response.status_code == 422
    assert RenewalCommitment.objects.get(pk=commitment.pk).decision == "reconduit"


def test_a_step_cannot_be_dated_before_the_previous_one(client, ending):
    renewal = start(client, ending)
    walk_to(client, renewal, ending, "envoi")
    response = step(client, renewal, "conseil", **council_data(done_on="2026-06-01"))
    assert response.status_code == 422
    assert "ne peut précéder la précédente" in text(response)
    assert Deliberation.objects.count() == 0


def test_the_mayor_signs_only_after_the_deliberation(client, ending):
    # clause D2: « AUTORISE le Maire à signer »
    renewal = start(client, ending)
    walk_to(client, renewal, ending, "actes")
    response = step(client, renewal, "signatures", partner_signed_on="2026-09-01", pole_emploi_signed_on="2026-11-09")
    assert response.status_code == 422
    assert Renewal.objects.get().partner_signed_on is None


def test_a_rejected_deliberation_does_not_move_the_renewal(client, ending):
    renewal = start(client, ending)
    walk_to(client, renewal, ending, "envoi")
    response = step(client, renewal, "conseil", **council_data(outcome=Deliberation.Outcome.REJECTED))
    assert response.status_code == 422
    assert Deliberation.objects.count() == 0


def test_each_step_is_proved_by_its_documents_and_then_cannot_be_undone(client, ending):
    renewal = start(client, ending)
    walk_to(client, renewal, ending, "conseil")
    response = client.post(
        reverse("renewals:document", args=[renewal.pk]),
        {"step": "conseil", "kind": "deliberation", "title": "Délibération 2026.09.14.3", "date": "2026-09-14",
         "file": files.upload("deliberation.pdf", files.pdf())},
    )  # fmt: skip
    assert response.status_code == 302
    document = RenewalDocument.objects.get().document
    assert document.deliberation == Renewal.objects.get().deliberation  # filed with what it proves
    assert document.partnership == ending.partnership
    assert "Délibération 2026.09.14.3" in text(client.get(renewal.get_absolute_url()))
    assert client.post(reverse("renewals:step_undo", args=[renewal.pk, "conseil"])).status_code == 422
    # A step not done yet has no proof.
    response = client.post(
        reverse("renewals:document", args=[renewal.pk]),
        {"step": "actes", "kind": "accuse_actes", "title": "AR", "date": "2026-09-18",
         "file": files.upload("ar.pdf", files.pdf())},
    )  # fmt: skip
    assert response.status_code == 422
    assert Document.objects.count() == 1


def test_a_bad_file_is_refused_and_nothing_is_saved(client, ending):
    renewal = start(client, ending)
    response = client.post(
        reverse("renewals:document", args=[renewal.pk]),
        {"step": "projet", "kind": "autre", "title": "Projet", "date": "2026-06-01",
         "file": files.upload("projet.pdf", b"%PDF-1.4 broken")},
    )  # fmt: skip
    assert response.status_code == 422
    assert (Document.objects.count(), RenewalDocument.objects.count()) == (0, 0)


def test_a_convention_is_renewed_once(client, ending):
    start(client, ending)
    response = client.post(reverse("renewals:start", args=[ending.cooperation.pk]))
    assert response.status_code == 422
    assert Renewal.objects.count() == 1


def test_an_opus_convention_is_not_renewed_on_its_own(ending):
    # clause O20: the OPUS convention follows its cooperation convention
    with pytest.raises(ValidationError, match="Seule une convention de coopération"):
        services.start(ending.opus, ending[Role.AGENT])


def test_conventions_in_force_are_not_undone(client, ending):
    # clause C2: once the new term has begun, the renewal stands (a termination or an amendment follows)
    renewal = start(client, ending)
    walk_to(client, renewal, ending, "vigueur")
    Renewal.objects.filter(pk=renewal.pk).update(effective_from=D(2026, 1, 1))
    Convention.objects.filter(pk=Renewal.objects.get().new_convention_id).update(effective_from=D(2026, 1, 1))
    page = text(client.get(renewal.get_absolute_url()))
    assert "Annuler l'étape" not in page
    response = client.post(reverse("renewals:step_undo", args=[renewal.pk, "vigueur"]))
    assert response.status_code == 422
    assert Renewal.objects.get().new_convention is not None
