"""The papers that prove each step of the partnership: signed conventions, the deliberation and
its @ctes acknowledgement, minutes, letters and their acknowledgements of receipt.

A document belongs to a partnership and is attached to what it proves (a convention, the
deliberation, a council session, a steering committee, a referent meeting, an RGC designation,
a termination). Its file is kept through the storage API (`documents.storage`), never at a
public address: it is served only by a view that checks the reader's scope. A replacement is a
new version; the earlier one is kept, marked superseded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
