"""Personal data as the conventions require (clause C9): the record of each destruction done,
the parties' DPO contacts."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.models import Convention, Partnership
from partnership.scope import Scope


class DestructionRecord(models.Model):
    """Clause C9: the personal data tied to an ended cooperation convention was erased, once."""

    convention = models.OneToOneField(
        Convention,
        verbose_name=_l("convention"),
        on_delete=models.PROTECT,
        related_name="destruction_record",
        limit_choices_to=Q(kind=Convention.Kind.COOPERATION),
    )
    performed_on = models.DateField(_l("effectuée le"))
    deadline = models.DateField(_l("échéance (clause C9)"))
    summary = models.JSONField(_l("bilan"), default=list, help_text=_l("[[libellé, nombre], …] par application."))
    created_at = models.DateTimeField(_l("enregistrée le"), default=timezone.now)

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("destruction des données personnelles")
        verbose_name_plural = _l("destructions des données personnelles")
        ordering = ["-performed_on"]

    def __str__(self):
        return str(self.convention)


class DpoContact(models.Model):
    """Clause C9: « les personnes concernées exercent leurs droits auprès du délégué à la
    protection des données de chaque partie »: each party's DPO, as the convention gives them,
    shown in the information notice."""

    class Party(models.TextChoices):
        COMMUNE = "commune", _l("La commune (le Partenaire)")
        AGENCY = "pole_emploi", _l("Pôle emploi (France Travail)")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.CASCADE, related_name="dpo_contacts"
    )
    party = models.CharField(_l("partie"), max_length=20, choices=Party.choices)
    name = models.CharField(
        _l("délégué ou service"), max_length=200, blank=True, help_text=_l("Un nom, ou le service qui répond.")
    )
    email = models.EmailField(_l("adresse électronique"))
    address = models.TextField(_l("adresse postale"), blank=True)
    phone = models.CharField(_l("téléphone"), max_length=30, blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")

    class Meta:
        verbose_name = _l("contact du délégué à la protection des données")
        verbose_name_plural = _l("contacts des délégués à la protection des données")
        ordering = ["partnership_id", "party"]
        constraints = [models.UniqueConstraint(fields=["partnership", "party"], name="one_dpo_per_party")]

    def __str__(self):
        return f"{self.get_party_display()} : {self.name or self.email}"
