"""The operations of a renewal: starting it from the convention that ends, doing and undoing
its steps in order, filing a step's documents. Each runs in one transaction with the renewal's
row locked, so that two users cannot do the same step twice nor undo it under each other."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import services as document_services
from partnership.legal_dates import convention_end
from partnership.models import (
    Convention,
    ConventionParty,
    CouncilSession,
    Deliberation,
    DeliberationDecision,
    OpusAnnex,
    OpusService,
)
from renewals import legal_dates, texts
from renewals.models import Renewal, RenewalCommitment, RenewalDocument, RenewalStep

Step = Renewal.Step


def opus_of(convention):
    """The OPUS application convention resting on `convention`, the latest signed first."""
    return convention.applications.order_by("-signed_on", "-id").first()


def committee_conclusions(convention):
    """Clause C10: the decisions of the steering committees held on this convention."""
    lines = []
    for committee in convention.steering_committees.held().order_by("date"):
        lines += committee.decision_items()
    return "\n".join(lines)


def current_rgc(opus):
    """The RGC in office on the OPUS convention (annex 2, clause O22), or None."""
    from opus_accounts.models import RgcDesignation

    if opus is None:
        return None
    designation = RgcDesignation.objects.filter(convention=opus).in_office().select_related("person").first()
    return designation.person if designation else None


def default_preamble(convention):
    commune, agency = convention.partnership.commune, convention.partnership.agency
    lines = []
    if commune.population:
        lines.append(
            _("La commune de %(commune)s compte %(population)s habitants.")
            % {"commune": commune.name, "population": f"{commune.population:,}".replace(",", "\u202f")}
        )
    lines.append(
        _("La lutte contre le chômage et pour l'insertion professionnelle constitue une priorité partagée par la "
          "commune de %(commune)s, son Relais Emploi et %(agency)s.") % {"commune": commune.name, "agency": agency.name}
    )  # fmt: skip
    lines.append(
        _("Cette convention renouvelle la « %(title)s » et poursuit la volonté de travail commun des deux partenaires.")
        % {"title": convention.title}
    )
    return "\n".join(lines)


def refusal(convention):
    """Why `convention` cannot be renewed now, in French, or None."""
    if convention.is_opus:
        return _("Seule une convention de coopération se renouvelle ; la convention OPUS la suit.")
    if Renewal.objects.filter(convention=convention).exists():
        return _("Le renouvellement de cette convention est déjà commencé.")
    later = Convention.objects.filter(
        partnership=convention.partnership_id, kind=Convention.Kind.COOPERATION,
        effective_from__gt=convention.effective_from,
    )  # fmt: skip
    if later.exists():
        return _("Une convention de coopération plus récente existe : c'est elle qui se renouvelle.")
    if convention.end_date() is None:
        return _("Cette convention n'a pas de fin : il n'y a rien à renouveler.")
    return None


@transaction.atomic
def start(convention, user, today=None):
    """Clauses C2, C10, O20: the draft renewing `convention`, carrying forward its commitments,
    its OPUS convention's annexes and the steering committee's conclusions."""
    refused = refusal(convention)
    if refused:
        raise ValidationError(refused)
    return draft(convention, user, today or timezone.localdate())


def draft(convention, user, today):
    """The draft itself, as `start` makes it (and the demo, for a renewal made before the app)."""
    end = convention.end_date()
    opus = opus_of(convention)
    annex = getattr(opus, "opus_annex", None) if opus else None
    rgc = current_rgc(opus)
    start_date = legal_dates.next_term_start(end.date).date
    duration = convention.duration_months or 36
    years = f"{start_date.year}-{convention_end(start_date, duration).date.year}"
    renewal = Renewal.objects.create(
        partnership=convention.partnership,
        convention=convention,
        opus_convention=opus,
        title=_("Convention de coopération %(years)s") % {"years": years},
        opus_title=_("Convention d'application portant mise à disposition d'Opus (%(years)s)") % {"years": years},
        effective_from=start_date,
        duration_months=duration,
        signed_at=convention.signed_at,
        preamble=default_preamble(convention),
        committee_conclusions=committee_conclusions(convention),
        legal_references=opus.legal_references if opus else "",
        partner_safir_code=annex.partner_safir_code if annex else convention.partnership.commune.safir_code,
        agency_safir_code=annex.agency_safir_code if annex else convention.partnership.agency.safir_code,
        rgc_name=str(rgc) if rgc else "",
        rgc_function=(annex.rgc_function if annex else "") or (rgc.function if rgc else ""),
        rgc_email=rgc.email if rgc else "",
        correspondent_email=annex.correspondent_email if annex else "",
        active_accounts_cap=annex.active_accounts_cap if annex else None,
        services=[{"name": s.name, "description": s.description, "access": s.access} for s in opus.opus_services.all()]
        if opus
        else [],
        started_by=user,
    )
    RenewalCommitment.objects.bulk_create(
        RenewalCommitment(renewal=renewal, source=c, party_id=c.party_id, clause=c.clause, text=c.text, order=c.order)
        for c in convention.commitments.all()
    )
    RenewalStep.objects.create(renewal=renewal, step=Step.DRAFT, done_on=today, done_by=user)
    return renewal


def _locked(renewal):
    return (
        Renewal.objects.select_for_update(of=("self",))
        .select_related("partnership__commune", "partnership__agency", "convention", "session", "deliberation")
        .get(pk=renewal.pk)
    )


def _require_draft(renewal):
    if not renewal.is_draft:
        raise ValidationError(_("Le projet a été envoyé à Pôle emploi : annulez cette étape pour le modifier."))


@transaction.atomic
def change_commitment(renewal, commitment, *, decision, text):
    """Keep, change or drop a commitment of the draft; a kept one whose text changed is changed."""
    _require_draft(_locked(renewal))
    text = text.strip()
    if not text:
        raise ValidationError(_("Un engagement ne peut pas être vide."))
    D = RenewalCommitment.Decision
    if commitment.source_id is None:
        decision = D.DROPPED if decision == D.DROPPED else D.ADDED
    elif decision == D.KEPT and text != commitment.source.text:
        decision = D.CHANGED
    elif decision == D.CHANGED and text == commitment.source.text:
        decision = D.KEPT
    commitment.decision, commitment.text = decision, text
    commitment.save(update_fields=["decision", "text"])
    return commitment


@transaction.atomic
def add_commitment(renewal, *, party, clause, text):
    renewal = _locked(renewal)
    _require_draft(renewal)
    if party.pk not in (renewal.partnership.commune_id, renewal.partnership.agency_id):
        raise ValidationError(_("Un engagement est pris par l'une des deux parties."))
    order = renewal.commitments.filter(party=party).count()
    return RenewalCommitment.objects.create(
        renewal=renewal, party=party, clause=clause, text=text.strip(), order=order,
        decision=RenewalCommitment.Decision.ADDED,
    )  # fmt: skip


def _do_sent(renewal, data):
    return data["done_on"]


def _do_council(renewal, data):
    """Clauses D1, D2: the session and the deliberation, its text from the draft."""
    commune = renewal.partnership.commune
    session, _created = CouncilSession.objects.get_or_create(
        commune=commune,
        date=data["done_on"],
        defaults={
            "convened_on": data.get("convened_on"),
            "convened_by": data["convened_by"],
            "president": data["president"],
            "place": data.get("place", ""),
            "members_in_office": data["members_in_office"],
            "secretary": data["secretary"],
        },
    )
    draft = texts.deliberation_text(renewal)
    deliberation = Deliberation(
        partnership=renewal.partnership,
        session=session,
        number=data["number"],
        object=draft.object,
        rapporteur=data["rapporteur"],
        rapporteur_delegation=data.get("rapporteur_delegation", ""),
        outcome=data["outcome"],
        votes_against=data.get("votes_against") or 0,
        abstentions=data.get("abstentions") or 0,
        signed_by=data["president"],
        court=renewal.convention.deliberation.court if renewal.convention.deliberation else "",
    )
    deliberation.full_clean()
    if deliberation.outcome == Deliberation.Outcome.REJECTED:
        raise ValidationError(_("Le conseil a rejeté le projet : reprenez-le avec Pôle emploi avant de le soumettre."))
    deliberation.save()
    renewal.session, renewal.deliberation = session, deliberation
    renewal.save(update_fields=["session", "deliberation"])
    # The text as it is with the rapporteur known.
    deliberation.summary = "\n".join(texts.deliberation_text(renewal).recitals)
    deliberation.save(update_fields=["summary"])
    DeliberationDecision.objects.bulk_create(
        DeliberationDecision(deliberation=deliberation, order=order, verb=verb, text=text)
        for order, (verb, text) in enumerate(texts.deliberation_decisions(renewal))
    )
    return data["done_on"]


def _do_actes(renewal, data):
    """Clause D3: the @ctes identifier, checked against the commune, the act's date and nature."""
    deliberation = renewal.deliberation
    deliberation.actes_identifier = data["actes_identifier"].strip()
    deliberation.transmitted_on = data["done_on"]
    deliberation.published_on = data.get("published_on") or data["done_on"]
    deliberation.full_clean()
    deliberation.save(update_fields=["actes_identifier", "transmitted_on", "published_on"])
    return data["done_on"]


def _do_signed(renewal, data):
    """Clause C1: both parties sign; the step is done on the later signature."""
    if data["partner_signed_on"] < renewal.deliberation.session.date:
        raise ValidationError(_("Le Maire ne peut signer qu'après la délibération qui l'y autorise (clause D2)."))
    renewal.partner_signed_on, renewal.pole_emploi_signed_on = data["partner_signed_on"], data["pole_emploi_signed_on"]
    renewal.save(update_fields=["partner_signed_on", "pole_emploi_signed_on"])
    return max(renewal.partner_signed_on, renewal.pole_emploi_signed_on)


def _copy_parties(source, target):
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=target, organisation_id=party.organisation_id, designation=party.designation,
                        representative_id=party.representative_id, capacity=party.capacity,
                        signatory=party.signatory, order=party.order)
        for party in source.parties.all()
    )  # fmt: skip


def _do_in_force(renewal, data):
    """Clauses C2 and O20: the new conventions, with what the draft carried forward."""
    signed_on = max(renewal.partner_signed_on, renewal.pole_emploi_signed_on)
    cooperation = Convention(
        partnership=renewal.partnership, kind=Convention.Kind.COOPERATION, title=renewal.title,
        deliberation=renewal.deliberation, signed_on=signed_on, signed_at=renewal.signed_at,
        effective_from=renewal.effective_from, duration_months=renewal.duration_months,
    )  # fmt: skip
    cooperation.full_clean()
    cooperation.save()
    _copy_parties(renewal.convention, cooperation)
    for order, commitment in enumerate(renewal.kept_commitments()):
        cooperation.commitments.create(party=commitment.party, clause=commitment.clause, text=commitment.text,
                                       order=order)  # fmt: skip
    opus = None
    if renewal.opus_convention_id or renewal.active_accounts_cap is not None:
        # Clause O20: it takes effect at signature, never before the cooperation convention.
        opus = Convention(
            partnership=renewal.partnership, kind=Convention.Kind.OPUS, title=renewal.opus_title, parent=cooperation,
            deliberation=renewal.deliberation, legal_references=renewal.legal_references,
            signed_on=max(signed_on, renewal.effective_from), signed_at=renewal.signed_at,
        )  # fmt: skip
        opus.full_clean()
        opus.save()
        _copy_parties(renewal.opus_convention or renewal.convention, opus)
        OpusAnnex.objects.create(
            convention=opus, partner_safir_code=renewal.partner_safir_code,
            agency_safir_code=renewal.agency_safir_code, rgc_function=renewal.rgc_function,
            correspondent_email=renewal.correspondent_email, active_accounts_cap=renewal.active_accounts_cap or 0,
        )  # fmt: skip
        OpusService.objects.bulk_create(
            OpusService(convention=opus, name=s["name"], description=s["description"], access=s["access"])
            for s in renewal.services
        )
    renewal.new_convention, renewal.new_opus_convention = cooperation, opus
    renewal.save(update_fields=["new_convention", "new_opus_convention"])
    return data["done_on"]


DO = {Step.SENT: _do_sent, Step.COUNCIL: _do_council, Step.ACTES: _do_actes, Step.SIGNED: _do_signed,
      Step.IN_FORCE: _do_in_force}  # fmt: skip


@transaction.atomic
def do_step(renewal, step, data, user):
    """Do `step`, which must be the next one; `data` is its form's cleaned data (``done_on`` at least)."""
    renewal = _locked(renewal)
    if renewal.next_step() != step:
        raise ValidationError(_("Cette étape n'est pas la suivante : rechargez la page."))
    previous = renewal.steps_done()[renewal.current_step()]
    done_on = DO[step](renewal, data)
    if done_on < previous.done_on:
        raise ValidationError(
            _("Cette étape ne peut précéder la précédente (%(step)s, le %(date)s).")
            % {"step": previous.get_step_display(), "date": previous.done_on.strftime("%d/%m/%Y")}
        )
    return RenewalStep.objects.create(renewal=renewal, step=step, done_on=done_on, done_by=user)


def _undo_council(renewal):
    deliberation, session = renewal.deliberation, renewal.session
    renewal.session = renewal.deliberation = None
    renewal.save(update_fields=["session", "deliberation"])
    deliberation.decisions.all().delete()
    deliberation.delete()
    if not session.deliberations.exists() and not session.documents.exists():
        session.delete()


def _undo_actes(renewal):
    deliberation = renewal.deliberation
    deliberation.actes_identifier, deliberation.transmitted_on, deliberation.published_on = "", None, None
    deliberation.save(update_fields=["actes_identifier", "transmitted_on", "published_on"])


def _undo_signed(renewal):
    renewal.partner_signed_on = renewal.pole_emploi_signed_on = None
    renewal.save(update_fields=["partner_signed_on", "pole_emploi_signed_on"])


def _undo_in_force(renewal):
    cooperation, opus = renewal.new_convention, renewal.new_opus_convention
    renewal.new_convention = renewal.new_opus_convention = None
    renewal.save(update_fields=["new_convention", "new_opus_convention"])
    for convention in filter(None, [opus, cooperation]):
        convention.delete()


UNDO = {Step.SENT: lambda renewal: None, Step.COUNCIL: _undo_council, Step.ACTES: _undo_actes,
        Step.SIGNED: _undo_signed, Step.IN_FORCE: _undo_in_force}  # fmt: skip


@transaction.atomic
def undo_step(renewal, step):
    """Undo `step`, which must be the last one done (not the draft)."""
    renewal = _locked(renewal)
    if not renewal.undoable(step, timezone.localdate()):
        raise ValidationError(
            _("Seule la dernière étape faite peut être annulée, le projet reste, et des conventions entrées en "
              "vigueur ne s'annulent pas : elles se résilient ou se modifient par avenant.")
        )  # fmt: skip
    if renewal.documents.filter(step=step).exists():
        raise ValidationError(_("Des documents prouvent cette étape : remplacez-les plutôt que d'annuler l'étape."))
    try:
        with transaction.atomic():
            UNDO[step](renewal)
    except ProtectedError:
        raise ValidationError(
            _("Des éléments dépendent déjà de ce que cette étape a créé (documents, comptes OPUS, courriers) : "
              "elle ne peut plus être annulée.")
        ) from None  # fmt: skip
    renewal.steps.filter(step=step).delete()


@transaction.atomic
def file_document(renewal, step, upload, *, user, kind, title, date):
    """A document proving `step` (done), filed in the partnership's documents."""
    renewal = _locked(renewal)
    if step not in renewal.steps_done():
        raise ValidationError(_("Cette étape n'est pas encore faite."))
    targets = {}
    if step in (Step.COUNCIL, Step.ACTES) and renewal.deliberation_id:
        targets["deliberation"] = renewal.deliberation
    elif step == Step.IN_FORCE and renewal.new_convention_id:
        targets["convention"] = renewal.new_convention
    document = document_services.file(
        renewal.partnership, upload, user=user, kind=kind, title=title, date=date, **targets
    )
    RenewalDocument.objects.create(renewal=renewal, step=step, document=document)
    return document
