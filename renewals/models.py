"""The renewal of a partnership's conventions, step by step (clauses C2, C10, D1 to D3, O20).

From a cooperation convention that ends, the Relais Emploi's staff start a `Renewal`: a draft
of the next cooperation convention and of its OPUS application convention, carrying forward
the parties, the commitments (each kept, changed or dropped: `RenewalCommitment`), the OPUS
annexes (services, SAFIR codes, cap, RGC) and the steering committee's conclusions. Its steps
(`Renewal.Step`) are done in order, each dated (`RenewalStep`), each undone while the next is
not done, each with its documents (`RenewalDocument`). The last one creates the new
`Convention` rows.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import legal_dates
from partnership.models import (
    Commitment,
    Convention,
    CouncilSession,
    Deliberation,
    Organisation,
    Partnership,
    partnership_scope,
)
from partnership.scope import Scope


class RenewalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))


class Renewal(models.Model):
    class Step(models.TextChoices):
        DRAFT = "projet", _l("Projet de convention")
        SENT = "envoi", _l("Envoyé à Pôle emploi")
        COUNCIL = "conseil", _l("Séance du conseil et délibération")
        ACTES = "actes", _l("Transmission @ctes")
        SIGNED = "signatures", _l("Signatures des deux parties")
        IN_FORCE = "vigueur", _l("Entrée en vigueur")

    STEPS = list(Step)

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="renewals"
    )
    convention = models.ForeignKey(
        Convention,
        verbose_name=_l("convention renouvelée"),
        on_delete=models.PROTECT,
        related_name="renewals",
        limit_choices_to={"kind": Convention.Kind.COOPERATION},
    )
    opus_convention = models.ForeignKey(
        Convention,
        verbose_name=_l("convention OPUS reconduite"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_l("intitulé de la nouvelle convention de coopération"), max_length=300)
    opus_title = models.CharField(_l("intitulé de la nouvelle convention OPUS"), max_length=300, blank=True)
    effective_from = models.DateField(_l("date d'effet"), help_text=_l("Clause C2."))
    duration_months = models.PositiveSmallIntegerField(_l("durée (mois)"), help_text=_l("Clause C2."))
    signed_at = models.CharField(_l("lieu de signature"), max_length=200, blank=True)
    preamble = models.TextField(_l("préambule"), blank=True, help_text=_l("Un paragraphe par ligne."))
    committee_conclusions = models.TextField(
        _l("conclusions du comité de pilotage"),
        blank=True,
        help_text=_l("Clause C10 : le comité prépare les termes du renouvellement. Une conclusion par ligne."),
    )
    legal_references = models.TextField(_l("visas de la convention OPUS"), blank=True, help_text=_l("Un par ligne."))
    # Annex 2 of the OPUS convention (clause O22)
    partner_safir_code = models.CharField(_l("code SAFIR du partenaire"), max_length=5, blank=True)
    agency_safir_code = models.CharField(_l("code SAFIR de l'agence"), max_length=5, blank=True)
    rgc_name = models.CharField(_l("RGC"), max_length=200, blank=True)
    rgc_function = models.CharField(_l("fonction du RGC dans la structure"), max_length=200, blank=True)
    rgc_email = models.EmailField(_l("adresse électronique professionnelle du RGC"), blank=True)
    correspondent_email = models.EmailField(_l("correspondant Pôle emploi pour le compte RGC"), blank=True)
    active_accounts_cap = models.PositiveSmallIntegerField(
        _l("comptes actifs autorisés simultanément (hors RGC)"), null=True, blank=True
    )
    # Annex 1 (clause O21): [{"name", "description", "access"}]
    services = models.JSONField(_l("services d'OPUS (annexe 1)"), default=list, blank=True)
    # What the steps record
    session = models.ForeignKey(
        CouncilSession, verbose_name=_l("séance du conseil"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    deliberation = models.ForeignKey(
        Deliberation, verbose_name=_l("délibération"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    partner_signed_on = models.DateField(_l("signée par la commune le"), null=True, blank=True)
    pole_emploi_signed_on = models.DateField(_l("signée par Pôle emploi le"), null=True, blank=True)
    new_convention = models.OneToOneField(
        Convention, verbose_name=_l("nouvelle convention de coopération"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="renewed_from",
    )  # fmt: skip
    new_opus_convention = models.OneToOneField(
        Convention, verbose_name=_l("nouvelle convention OPUS"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("commencé par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    started_at = models.DateTimeField(_l("commencé le"), default=timezone.now)
    demo = models.BooleanField(_l("renouvellement de démonstration"), default=False)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")

    objects = RenewalQuerySet.as_manager()

    class Meta:
        verbose_name = _l("renouvellement")
        ordering = ["-effective_from", "-id"]
        constraints = [models.UniqueConstraint(fields=["convention"], name="one_renewal_per_convention")]

    def __str__(self):
        return _("Renouvellement : %(title)s") % {"title": self.title}

    def get_absolute_url(self):
        return reverse("renewals:detail", args=[self.pk])

    def natural_end(self):
        """Clause C2: the new cooperation convention's last day."""
        return legal_dates.convention_end(self.effective_from, self.duration_months)

    def steps_done(self):
        """{step: RenewalStep} of the steps done (uses prefetched `steps`)."""
        return {step.step: step for step in self.steps.all()}

    def current_step(self):
        """The last step done."""
        done = self.steps_done()
        return next((step for step in reversed(self.STEPS) if step in done), None)

    def next_step(self):
        current = self.current_step()
        index = self.STEPS.index(current) + 1 if current else 0
        return self.STEPS[index] if index < len(self.STEPS) else None

    @property
    def is_draft(self):
        return self.current_step() == self.Step.DRAFT

    @property
    def is_done(self):
        return self.current_step() == self.Step.IN_FORCE

    def previous_deliberation(self):
        """The deliberation that approved the convention renewed, or the partnership's latest."""
        if self.convention.deliberation_id:
            return self.convention.deliberation
        return self.partnership.deliberations.exclude(pk=self.deliberation_id).order_by("-session__date").first()

    def undoable(self, step, today):
        """Whether `step` can be undone on `today`: the last step done, not the draft, and for the
        last step, only while the new conventions have not taken effect (clause C2)."""
        if step == self.Step.DRAFT or step != self.current_step():
            return False
        return not (step == self.Step.IN_FORCE and self.effective_from <= today)

    def kept_commitments(self):
        return [c for c in self.commitments.all() if c.decision != RenewalCommitment.Decision.DROPPED]


class RenewalStep(models.Model):
    """A step done, the day it was done, and who recorded it."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_l("étape"), max_length=20, choices=Renewal.Step.choices)
    done_on = models.DateField(_l("faite le"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("enregistrée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_l("enregistrée le"), default=timezone.now)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="renewal__partnership")

    class Meta:
        verbose_name = _l("étape de renouvellement")
        ordering = ["renewal", "done_on", "id"]
        constraints = [models.UniqueConstraint(fields=["renewal", "step"], name="one_row_per_renewal_step")]

    def __str__(self):
        return f"{self.get_step_display()} — {self.done_on:%d/%m/%Y}"


class RenewalCommitment(models.Model):
    """Clauses C5 and C7: a commitment of the draft, carried forward from the convention that
    ends (kept, changed or dropped) or added."""

    class Decision(models.TextChoices):
        KEPT = "reconduit", _l("Reconduit")
        CHANGED = "modifie", _l("Modifié")
        DROPPED = "abandonne", _l("Abandonné")
        ADDED = "nouveau", _l("Nouveau")

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="commitments")
    source = models.ForeignKey(
        Commitment, verbose_name=_l("engagement d'origine"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    party = models.ForeignKey(Organisation, verbose_name=_l("partie engagée"), on_delete=models.PROTECT)
    clause = models.CharField(_l("clause"), max_length=10)
    text = models.TextField(_l("engagement"))
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)
    decision = models.CharField(_l("décision"), max_length=20, choices=Decision.choices, default=Decision.KEPT)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="renewal__partnership")

    class Meta:
        verbose_name = _l("engagement du projet")
        ordering = ["renewal", "party", "order", "id"]

    def __str__(self):
        return self.text[:80]


class RenewalDocument(models.Model):
    """A document of the partnership filed as the proof of a step (the letter sending the draft,
    the deliberation, the @ctes acknowledgement, the signed conventions)."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="documents")
    step = models.CharField(_l("étape"), max_length=20, choices=Renewal.Step.choices)
    # The link goes with its document (the C9 erasure deletes the papers naming staff).
    document = models.OneToOneField(
        "documents.Document", verbose_name=_l("document"), on_delete=models.CASCADE, related_name="renewal_step"
    )

    SCOPE = Scope(partnership="renewal__partnership")

    class Meta:
        verbose_name = _l("document d'une étape")
        ordering = ["renewal", "step", "id"]

    def __str__(self):
        return str(self.document)
