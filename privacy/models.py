"""Personal data as the conventions require (clauses C9, O16): the record of each destruction
done, the parties' DPO contacts, the requests to exercise a right."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.models import Convention, Partnership
from partnership.scope import Scope
from privacy import legal_dates, register


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


class RightsRequest(models.Model):
    """A person's request to exercise a right over their data (articles 15 to 22 of the RGPD;
    clause O16 names access and rectification): recorded with its date and channel, answered
    within one month, or three when extended for a reason given (`privacy.legal_dates`)."""

    class Kind(models.TextChoices):
        ACCESS = "acces", _l("Accès (article 15)")
        RECTIFICATION = "rectification", _l("Rectification (article 16)")
        ERASURE = "effacement", _l("Effacement (article 17)")
        LIMITATION = "limitation", _l("Limitation (article 18)")
        OPPOSITION = "opposition", _l("Opposition (article 21)")

    class Channel(models.TextChoices):
        EMAIL = "courriel", _l("Courriel")
        POST = "courrier", _l("Courrier")
        HAND = "main_propre", _l("Remise en main propre")
        DPO = "dpo", _l("Transmise par le délégué à la protection des données")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="rights_requests"
    )
    kind = models.CharField(_l("droit exercé"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "partnership.Person",
        verbose_name=_l("personne concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_l("Si elle figure dans les données ; sinon, son nom ci-dessous suffit."),
    )
    requester = models.CharField(_l("demandeur"), max_length=200, help_text=_l("Nom, tel qu'il se présente."))
    received_on = models.DateField(_l("reçue le"))
    channel = models.CharField(_l("canal"), max_length=20, choices=Channel.choices)
    details = models.TextField(
        _l("objet de la demande"),
        blank=True,
        help_text=_l("Ce qui est demandé (la donnée à rectifier…), rien d'autre."),
    )
    extended_on = models.DateField(_l("délai prolongé le"), null=True, blank=True)
    extension_reason = models.TextField(_l("motif de la prolongation"), blank=True)
    answered_on = models.DateField(_l("répondue le"), null=True, blank=True)
    answer = models.TextField(_l("réponse apportée"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("enregistrée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")

    class Meta:
        verbose_name = _l("demande d'exercice de droits")
        verbose_name_plural = _l("demandes d'exercice de droits")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.received_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("privacy:request", args=[self.pk])

    def answer_deadline(self):
        """Clause O16: one month from receipt, three once extended."""
        return legal_dates.rights_request_answer_deadline(self.received_on, extended=self.extended_on is not None)

    def extend(self, on, reason):
        """Once, before the month is over, with the reason the person is told."""
        if self.extended_on or self.answered_on:
            raise ValidationError(_("Le délai ne peut être prolongé qu'une fois, avant la réponse."))
        if on > self.answer_deadline().date:
            raise ValidationError(_("Le délai d'un mois est passé : il ne peut plus être prolongé."))
        if not reason.strip():
            raise ValidationError(_("Indiquez le motif de la prolongation : il est communiqué à la personne."))
        self.extended_on, self.extension_reason = on, reason.strip()
        self.save(update_fields=["extended_on", "extension_reason"])


class RegisterCompletion(models.Model):
    """What the record of processing activities (article 30 RGPD) cannot read from the code for one
    activity of one partnership: completed in the admin panel by the Administrateur."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.CASCADE, related_name="+"
    )
    activity = models.CharField(_l("traitement"), max_length=20, choices=register.CHOICES)
    other_recipients = models.TextField(
        _l("autres destinataires"), blank=True, help_text=_l("Un prestataire d'hébergement, un service de la commune…")
    )
    transfers = models.TextField(
        _l("transferts hors de l'Union européenne"), blank=True, help_text=_l("Vide : aucun transfert.")
    )
    retention = models.TextField(_l("précision sur la durée de conservation"), blank=True)
    security = models.TextField(_l("autres mesures de sécurité"), blank=True, help_text=_l("Sauvegardes, hébergement…"))
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")

    class Meta:
        verbose_name = _l("complément du registre des traitements")
        verbose_name_plural = _l("compléments du registre des traitements")
        constraints = [models.UniqueConstraint(fields=["partnership", "activity"], name="one_completion_per_activity")]

    def __str__(self):
        return self.get_activity_display()
