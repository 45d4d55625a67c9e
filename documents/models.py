"""The papers that prove each step of the partnership: signed conventions, the deliberation and
its @ctes acknowledgement, minutes, letters and their acknowledgements of receipt.

A document belongs to a partnership and is attached to what it proves (a convention, the
deliberation, a council session, a steering committee, a referent meeting, an RGC designation,
a termination, an OPUS account). Its file is kept through the storage API (`documents.storage`), never at a
public address: it is served only by a view that checks the reader's scope. A replacement is a
new version; the earlier one is kept, marked superseded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.models import Partnership
from partnership.scope import Scope

# What a document may be attached to (besides its partnership), and the lookup from each to it.
TARGETS = {
    "convention": "partnership",
    "deliberation": "partnership",
    "council_session": None,  # a commune's session: checked against the partnership's commune
    "committee": "partnership",
    "meeting": "partnership",
    "designation": "convention__partnership",
    "termination": "convention__partnership",
    "letter": "partnership",
    "account": "convention__partnership",
}


class DocumentQuerySet(models.QuerySet):
    def current(self):
        """The latest version of each document (the ones not replaced)."""
        return self.filter(superseded_at__isnull=True)


class Document(models.Model):
    class Kind(models.TextChoices):
        SIGNED_CONVENTION = "convention_signee", _l("Convention signée")
        ANNEX = "annexe", _l("Annexe")
        DELIBERATION = "deliberation", _l("Délibération")
        ACTES_ACKNOWLEDGEMENT = "accuse_actes", _l("Accusé de réception @ctes")
        MINUTES = "compte_rendu", _l("Compte rendu")
        LETTER_SENT = "lettre_envoyee", _l("Lettre envoyée")
        LETTER_RECEIVED = "lettre_recue", _l("Lettre reçue")
        ACKNOWLEDGEMENT_OF_RECEIPT = "accuse_reception", _l("Accusé de réception")
        CONFIDENTIALITY_COMMITMENT = (
            "engagement_o8_o15",
            _l("Engagement signé du titulaire d'un compte OPUS : conditions d'utilisation et confidentialité"),
        )
        OTHER = "autre", _l("Autre")

    # Clause C9: the public acts are kept (archives publiques); the others, which name staff, go
    # with the personal data of the convention they belong to.
    PUBLIC_ACTS = (Kind.SIGNED_CONVENTION, Kind.ANNEX, Kind.DELIBERATION, Kind.ACTES_ACKNOWLEDGEMENT)

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_l("intitulé"), max_length=200)
    date = models.DateField(_l("date du document"))
    path = models.CharField(_l("fichier"), max_length=300, editable=False)
    original_name = models.CharField(_l("nom du fichier déposé"), max_length=150, editable=False)
    content_type = models.CharField(_l("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_l("taille (octets)"), editable=False)
    sha256 = models.CharField(_l("empreinte SHA-256"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("déposé par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_l("déposé le"), default=timezone.now)
    replaces = models.OneToOneField(
        "self", verbose_name=_l("version précédente"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )  # fmt: skip
    version = models.PositiveSmallIntegerField(_l("version"), default=1, editable=False)
    superseded_at = models.DateTimeField(_l("remplacé le"), null=True, blank=True)
    demo = models.BooleanField(_l("document de démonstration"), default=False)
    convention = models.ForeignKey(
        "partnership.Convention", verbose_name=_l("convention"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    deliberation = models.ForeignKey(
        "partnership.Deliberation", verbose_name=_l("délibération"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    council_session = models.ForeignKey(
        "partnership.CouncilSession", verbose_name=_l("séance du conseil"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    committee = models.ForeignKey(
        "partnership.SteeringCommittee", verbose_name=_l("comité de pilotage"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    meeting = models.ForeignKey(
        "relais.ReferentMeeting", verbose_name=_l("réunion avec le référent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    designation = models.ForeignKey(
        "opus_accounts.RgcDesignation", verbose_name=_l("désignation du RGC"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    termination = models.ForeignKey(
        "partnership.Termination", verbose_name=_l("résiliation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    letter = models.ForeignKey(
        "documents.Letter", verbose_name=_l("courrier"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip
    account = models.ForeignKey(
        "opus_accounts.OpusAccount", verbose_name=_l("compte OPUS"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="documents",
    )  # fmt: skip

    objects = DocumentQuerySet.as_manager()

    SCOPE = Scope(partnership="partnership")

    class Meta:
        verbose_name = _l("document")
        ordering = ["-date", "-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
            models.UniqueConstraint(fields=["path"], name="one_document_per_stored_file"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        return self.superseded_at is None

    @property
    def is_public_act(self):
        return self.kind in self.PUBLIC_ACTS

    def target(self):
        """What the document proves (the first attachment set), or None for the partnership alone."""
        return next((getattr(self, name) for name in TARGETS if getattr(self, f"{name}_id")), None)

    def clean(self):
        errors = {}
        for name, path in TARGETS.items():
            target = getattr(self, name) if getattr(self, f"{name}_id") else None
            if target is None or not self.partnership_id:
                continue
            if path is None:
                belongs = target.commune_id == self.partnership.commune_id
            else:
                belongs = type(target)._default_manager.filter(pk=target.pk, **{path: self.partnership_id}).exists()
            if not belongs:
                errors[name] = _("Ce document ne peut être attaché qu'à un élément du même partenariat.")
        if errors:
            raise ValidationError(errors)


class Letter(models.Model):
    """A formal letter the conventions require, sent or received, in the partnership's ledger:
    how it was sent (registered with acknowledgement: its postal reference), the day it was sent
    and the day it was received. The dates the clauses count from are read here (see
    `documents.letters`): a termination's notice, the RGC's approval and departure, a scope change.
    Its text is written from the data when it is drafted, and frozen once it is sent."""

    class Kind(models.TextChoices):
        # Sent by the commune
        TERMINATION = "resiliation_c12", _l("Demande motivée de résiliation de la convention de coopération (C12)")
        OPUS_TERMINATION = "resiliation_opus_o18", _l("Résiliation de la convention OPUS par la commune (O18)")
        BREACH_OBSERVATIONS = (
            "observations_o18",
            _l("Observations sur les motifs d'une résiliation pour manquement (O18)"),
        )
        RGC_PROPOSAL = "proposition_rgc_o5", _l("Proposition d'un RGC au directeur territorial (O5)")
        RGC_NOTICE = "information_rgc_o7", _l("Information du directeur régional : fin de fonction du RGC (O7)")
        SCOPE_ACKNOWLEDGEMENT = "accuse_perimetre_o9", _l("Accusé de réception d'une modification du périmètre (O9)")
        # Received from Pôle emploi
        RGC_APPROVAL = "accord_rgc_o5", _l("Accord écrit du directeur territorial sur le RGC (O5)")
        RGC_CHANGE = "changement_rgc_o7", _l("Notification d'un changement de RGC par le directeur régional (O7)")
        SCOPE_CHANGE = "perimetre_o9", _l("Notification d'une modification du périmètre d'accès (O9)")
        SERVICE_TERMINATION = "resiliation_pe_o18", _l("Résiliation de la convention OPUS par Pôle emploi (O18)")
        BREACH_REASONS = "motifs_manquement_o18", _l("Motifs d'une résiliation pour manquement (O18)")
        BREACH_DECISION = "decision_manquement_o18", _l("Décision maintenue de résiliation pour manquement (O18)")
        PARTNER_TERMINATION = (
            "resiliation_pe_c12",
            _l("Demande motivée de résiliation de la convention de coopération par Pôle emploi (C12)"),
        )

    SENT_KINDS = (
        Kind.TERMINATION, Kind.OPUS_TERMINATION, Kind.BREACH_OBSERVATIONS, Kind.RGC_PROPOSAL, Kind.RGC_NOTICE,
        Kind.SCOPE_ACKNOWLEDGEMENT,
    )  # fmt: skip

    class Method(models.TextChoices):
        REGISTERED = "recommande_ar", _l("Lettre recommandée avec accusé de réception")
        POST = "courrier", _l("Courrier simple")
        EMAIL = "courriel", _l("Courriel")
        HAND = "main_propre", _l("Remise en main propre contre décharge")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_l("courrier"), max_length=30, choices=Kind.choices)
    convention = models.ForeignKey(
        "partnership.Convention", verbose_name=_l("convention"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="letters",
    )  # fmt: skip
    termination = models.ForeignKey(
        "partnership.Termination", verbose_name=_l("résiliation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="letters",
    )  # fmt: skip
    designation = models.ForeignKey(
        "opus_accounts.RgcDesignation", verbose_name=_l("désignation du RGC"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="letters",
    )  # fmt: skip
    sender = models.ForeignKey(
        "partnership.Organisation", verbose_name=_l("expéditeur"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        "partnership.Organisation", verbose_name=_l("destinataire"), on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(
        _l("à l'attention de"), max_length=200, blank=True, help_text=_l("Nom et fonction du destinataire.")
    )
    object = models.CharField(_l("objet"), max_length=300)
    body = models.TextField(_l("texte du courrier"), blank=True)
    notes = models.TextField(_l("notes internes"), blank=True, help_text=_l("Jamais imprimées dans le courrier."))
    written_on = models.DateField(_l("daté du"))
    method = models.CharField(_l("envoi"), max_length=20, choices=Method.choices, default=Method.REGISTERED)
    postal_reference = models.CharField(_l("numéro de recommandé"), max_length=40, blank=True)
    sent_on = models.DateField(_l("envoyé le"), null=True, blank=True)
    received_on = models.DateField(
        _l("reçu le"), null=True, blank=True, help_text=_l("Date de l'accusé de réception, ou de la réception.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("enregistré par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_l("enregistré le"), default=timezone.now)

    SCOPE = Scope(partnership="partnership")

    class Meta:
        verbose_name = _l("courrier")
        ordering = ["-written_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | Q(sent_on__isnull=True)
                | Q(received_on__gte=models.F("sent_on")),
                name="letter_received_after_sent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.written_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("documents:letter", args=[self.pk])

    @property
    def is_sent_by_the_commune(self):
        return self.kind in self.SENT_KINDS

    def clean(self):
        errors = {}
        for name, path in (("convention", "partnership"), ("termination", "convention__partnership"),
                           ("designation", "convention__partnership")):  # fmt: skip
            if getattr(self, f"{name}_id") and self.partnership_id:
                model = self._meta.get_field(name).related_model
                if not model._default_manager.filter(
                    pk=getattr(self, f"{name}_id"), **{path: self.partnership_id}
                ).exists():
                    errors[name] = _("Ce courrier ne peut concerner qu'un élément du même partenariat.")
        if self.sent_on and self.written_on and self.sent_on < self.written_on:
            errors["sent_on"] = _("Un courrier ne part pas avant la date qu'il porte.")
        if errors:
            raise ValidationError(errors)
