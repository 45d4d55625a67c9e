"""The RGC designation and the register of OPUS accounts (clauses O5 to O9, O14, O15, O22).

The accounts themselves live in Pôle emploi's OPUS: these rows record who holds one, in which
state, who acted and why, so that the register proves the convention's rules were kept.
Transitions that must respect the cap go through `opus_accounts.services`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from opus_accounts import legal_dates
from partnership.french import de, french_date
from partnership.models import Convention, Partnership, Person, partnership_scope
from partnership.scope import Scope


def opus_conventions_visible_to(user):
    return Convention.objects.filter(partnership_scope(user, "partnership"), kind=Convention.Kind.OPUS)


def people_visible_to(user):
    """People of the communes whose partnerships `user` may see (the candidates for an account)."""
    partnerships = Partnership.objects.visible_to(user)
    return Person.objects.filter(organisation__partnerships__in=partnerships).distinct()


class RgcDesignationQuerySet(models.QuerySet):
    def in_office(self):
        return self.filter(status=RgcDesignation.Status.APPROVED)

    def visible_to(self, user):
        return self.filter(convention__in=opus_conventions_visible_to(user))


class RgcDesignation(models.Model):
    """Clauses O5 and O7: a person proposed as RGC, the territorial director's decision, the end."""

    class Status(models.TextChoices):
        PROPOSED = "propose", _l("Proposé, en attente de l'accord écrit")
        APPROVED = "agree", _l("Agréé, en fonction")
        REFUSED = "refuse", _l("Refusé par Pôle emploi")
        ENDED = "termine", _l("Fin de fonction")

    class EndReason(models.TextChoices):
        DEPARTURE = "depart", _l("Départ de la structure")
        ABSENCE = "absence", _l("Absence de plus de trois mois")
        WITHDRAWN = "retrait", _l("Qualité de RGC retirée par le directeur régional")
        OTHER = "autre", _l("Autre changement de RGC")

    convention = models.ForeignKey(
        Convention,
        verbose_name=_l("convention OPUS"),
        on_delete=models.PROTECT,
        related_name="rgc_designations",
        limit_choices_to={"kind": Convention.Kind.OPUS},
    )
    person = models.ForeignKey(Person, verbose_name=_l("RGC"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_l("état"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_on = models.DateField(_l("proposé le"))
    decided_on = models.DateField(_l("décision du directeur territorial le"), null=True, blank=True)
    decision_reference = models.CharField(
        _l("référence de l'accord écrit"), max_length=200, blank=True, help_text=_l("Clause O5.")
    )
    refusal_reason = models.TextField(_l("motif du refus"), blank=True)
    convention_copy_handed_on = models.DateField(
        _l("copie de la convention remise au RGC le"), null=True, blank=True, help_text=_l("Clause O5.")
    )
    ended_on = models.DateField(
        _l("date de l'événement mettant fin à la fonction"),
        null=True,
        blank=True,
        help_text=_l("Départ, jour où l'absence dépasse trois mois, ou notification du retrait (clause O7)."),
    )
    end_reason = models.CharField(_l("motif de fin"), max_length=10, choices=EndReason.choices, blank=True)
    letter_sent_on = models.DateField(
        _l("lettre au directeur régional envoyée le"), null=True, blank=True, help_text=_l("Clause O7 : sous huitaine.")
    )
    successor = models.ForeignKey(
        Person,
        verbose_name=_l("successeur proposé"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    objects = RgcDesignationQuerySet.as_manager()

    class Meta:
        verbose_name = _l("désignation du RGC")
        verbose_name_plural = _l("désignations du RGC")
        ordering = ["convention", "-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention"], condition=Q(status="agree"), name="one_rgc_in_office_per_opus_convention"
            ),
            models.UniqueConstraint(
                fields=["convention"], condition=Q(status="propose"), name="one_pending_rgc_proposal_per_convention"
            ),
        ]

    def __str__(self):
        return _("%(person)s, RGC (%(status)s)") % {"person": self.person, "status": self.get_status_display()}

    def notice_deadline(self):
        """Clause O7: the day by which the regional director must be informed in writing."""
        if self.status != self.Status.ENDED or not self.ended_on:
            return None
        return legal_dates.rgc_departure_notice_deadline(self.ended_on)

    def clean(self):
        errors = {}
        if self.convention_id and self.convention.kind != Convention.Kind.OPUS:
            errors["convention"] = _("Le RGC est désigné pour une convention d'application OPUS (clause O5).")
        if self.status in (self.Status.APPROVED, self.Status.REFUSED, self.Status.ENDED) and not self.decided_on:
            errors["decided_on"] = _("Indiquez la date de la décision écrite du directeur territorial (clause O5).")
        if self.decided_on and self.proposed_on and self.decided_on < self.proposed_on:
            errors["decided_on"] = _("La décision ne peut pas précéder la proposition.")
        if self.status in (self.Status.APPROVED, self.Status.ENDED) and not self.decision_reference.strip():
            errors["decision_reference"] = _(
                "Indiquez la référence de l'accord écrit du directeur territorial (clause O5)."
            )
        if self.status == self.Status.REFUSED and not self.refusal_reason.strip():
            errors["refusal_reason"] = _("Indiquez le motif du refus donné par Pôle emploi (clause O5).")
        if self.status == self.Status.ENDED:
            if not self.ended_on:
                errors["ended_on"] = _("Indiquez la date du départ, de l'absence ou du retrait (clause O7).")
            if not self.end_reason:
                errors["end_reason"] = _("Indiquez le motif de la fin de fonction (clause O7).")
        if self.ended_on and self.decided_on and self.ended_on < self.decided_on:
            errors["ended_on"] = _("La fin de fonction ne peut pas précéder l'accord.")
        if self.letter_sent_on and self.ended_on and self.letter_sent_on < self.ended_on:
            errors["letter_sent_on"] = _("La lettre ne peut pas précéder l'événement qu'elle annonce.")
        if self.successor_id and self.successor_id == self.person_id:
            errors["successor"] = _("Le successeur proposé doit être une autre personne.")
        if self.convention_id and self.status in (self.Status.APPROVED, self.Status.PROPOSED):
            others = RgcDesignation.objects.filter(convention_id=self.convention_id, status=self.status).exclude(
                pk=self.pk
            )
            other = others.select_related("person").first()
            if other and self.status == self.Status.APPROVED:
                errors["status"] = _(
                    "%(person)s est déjà RGC en fonction pour cette convention : enregistrez d'abord la fin de "
                    "sa fonction (clause O7), un seul RGC est en fonction à la fois (clause O5)."
                ) % {"person": other.person}
            elif other:
                errors["status"] = _(
                    "La proposition %(of_person)s attend déjà la décision de Pôle emploi : une seule proposition "
                    "à la fois (clause O5)."
                ) % {"of_person": de(other.person)}
        if errors:
            raise ValidationError(errors)


class OpusAccountQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=OpusAccount.State.ACTIVE)

    def live(self):
        """Accounts that give, or may give back, access to OPUS: requested, active or suspended."""
        return self.exclude(state=OpusAccount.State.REVOKED)

    def visible_to(self, user):
        return self.filter(convention__in=opus_conventions_visible_to(user))


class OpusAccount(models.Model):
    """Clauses O6 and O8: a personal OPUS account, tied to a person, never to a post.

    A person has at most one account per OPUS convention, and at most one live account across
    conventions (both enforced by the database). A revoked account is never replaced by a second
    one: it is reactivated (`services.reactivate`), which asks for a fresh information of the
    conditions of use before it can be activated again, and is refused while the cause of the
    revocation lasts (holder absent or gone).
    """

    class State(models.TextChoices):
        REQUESTED = "demande", _l("Demandé")
        ACTIVE = "actif", _l("Actif")
        SUSPENDED = "suspendu", _l("Suspendu")
        REVOKED = "revoque", _l("Révoqué")

    class Reason(models.TextChoices):
        FUNCTION_CHANGE = "fonction", _l("Changement de fonction")
        ABSENCE = "absence", _l("Absence de plus de trois mois")
        DEPARTURE = "depart", _l("Départ de la structure")
        WITHDRAWN = "retrait_pe", _l("Retrait par Pôle emploi")
        CONVENTION_ENDED = "fin_conv", _l("Fin de la convention")
        OTHER = "autre", _l("Autre")

    convention = models.ForeignKey(
        Convention,
        verbose_name=_l("convention OPUS"),
        on_delete=models.PROTECT,
        related_name="opus_accounts",
        limit_choices_to={"kind": Convention.Kind.OPUS},
    )
    person = models.ForeignKey(
        Person, verbose_name=_l("titulaire"), on_delete=models.PROTECT, related_name="opus_accounts"
    )
    state = models.CharField(_l("état"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_on = models.DateField(_l("demandé le"))
    informed_on = models.DateField(
        _l("informé des conditions d'utilisation et de la déontologie le"),
        null=True,
        blank=True,
        help_text=_l("Clauses O6, O8, O14, O15 : avant toute activation."),
    )
    activated_on = models.DateField(_l("activé le"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("activé par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    suspended_on = models.DateField(_l("suspendu le"), null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("suspendu par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    revoked_on = models.DateField(_l("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("révoqué par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_l("Vide quand la révocation vient de la tâche quotidienne."),
    )  # fmt: skip
    revocation_reason = models.CharField(_l("motif de révocation"), max_length=12, choices=Reason.choices, blank=True)
    revocation_note = models.CharField(_l("précision"), max_length=300, blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    objects = OpusAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _l("compte OPUS")
        verbose_name_plural = _l("comptes OPUS")
        ordering = ["convention", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "person"],
                name="one_opus_account_per_person_and_convention",
                violation_error_message=_l(
                    "Cette personne a déjà un compte pour cette convention : un compte est attaché à la personne "
                    "(clause O8), réactivez-le plutôt que d'en créer un second."
                ),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(state="revoque"),
                name="one_live_opus_account_per_person",
                violation_error_message=_l(
                    "Cette personne a déjà un compte OPUS en cours : une personne n'a qu'un compte (clause O8)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="actif") | Q(informed_on__isnull=False, activated_on__isnull=False),
                name="active_opus_account_informed",
            ),
            models.CheckConstraint(
                condition=~Q(state="revoque") | (Q(revoked_on__isnull=False) & ~Q(revocation_reason="")),
                name="revoked_opus_account_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(activated_on__isnull=True) | Q(informed_on__lte=F("activated_on")),
                name="opus_holder_informed_before_activation",
            ),
        ]

    def __str__(self):
        return _("Compte OPUS %(of_person)s") % {"of_person": de(self.person)}

    def clean(self):
        errors = {}
        if self.convention_id and self.convention.kind != Convention.Kind.OPUS:
            errors["convention"] = _("Un compte OPUS relève d'une convention d'application OPUS.")
        if self.convention_id and self.requested_on and self.state == self.State.REQUESTED:
            ends_on = self.convention.ends_on
            if ends_on and self.requested_on > ends_on:
                errors["requested_on"] = _(
                    "La convention « %(convention)s » a pris fin le %(date)s : aucun compte ne peut y être demandé "
                    "(clause O20)."
                ) % {"convention": self.convention, "date": french_date(ends_on)}
        if (
            self.person_id
            and self.convention_id
            and self.person.organisation_id != self.convention.partnership.commune_id
        ):
            errors["person"] = _("Le titulaire doit être une personne de la commune partenaire (clause O6).")
        if self.person_id and self.convention_id:
            existing = (
                OpusAccount.objects.filter(person_id=self.person_id)
                .exclude(pk=self.pk)
                .filter(Q(convention_id=self.convention_id) | ~Q(state=self.State.REVOKED))
                .first()
            )
            if existing:
                if existing.state == self.State.REVOKED:
                    errors["person"] = _(
                        "%(person)s a déjà un compte pour cette convention, révoqué le %(date)s : un compte est "
                        "attaché à la personne (clause O8), réactivez-le plutôt que d'en créer un second."
                    ) % {"person": self.person, "date": existing.revoked_on.strftime("%d/%m/%Y")}
                else:
                    errors["person"] = _(
                        "%(person)s a déjà un compte OPUS (%(state)s) : une personne n'a qu'un compte (clause O8)."
                    ) % {"person": self.person, "state": existing.get_state_display().lower()}
        if errors:
            raise ValidationError(errors)


class AbsenceQuerySet(models.QuerySet):
    def not_over_on(self, day):
        """The absences whose holder is not back yet on `day` (under way, or still to come)."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))

    def lasting_on(self, day):
        """The absences under way on `day`: begun, and the holder not back yet."""
        return self.not_over_on(day).filter(start__lte=day)


class Absence(models.Model):
    """An absence of a person of the commune (clause O6: access removed beyond three months).

    Only the dates: never its cause (clause O14 forbids recording health or personal difficulties).
    """

    person = models.ForeignKey(Person, verbose_name=_l("personne"), on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_l("premier jour d'absence"))
    expected_end = models.DateField(_l("fin prévue"), null=True, blank=True)
    ended_on = models.DateField(_l("dernier jour d'absence (retour)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("enregistrée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    objects = AbsenceQuerySet.as_manager()

    SCOPE = Scope(organisation="person__organisation")

    class Meta:
        verbose_name = _l("absence")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__isnull=True) | Q(expected_end__gte=F("start")),
                name="opus_absence_expected_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start")),
                name="opus_absence_ended_after_start",
            ),
        ]

    def __str__(self):
        return _("Absence %(of_person)s depuis le %(date)s") % {
            "of_person": de(self.person),
            "date": self.start.strftime("%d/%m/%Y"),
        }

    def exceeds_three_months_on(self):
        return legal_dates.absence_exceeds_three_months_on(self.start)

    def not_over_on(self, day):
        """Whether the holder is not back yet on `day` (see `AbsenceQuerySet.not_over_on`)."""
        return self.ended_on is None or self.ended_on >= day

    def exceeded_three_months(self, today):
        """Clause O6: the holder was still absent on the day the absence passed three months."""
        threshold = self.exceeds_three_months_on().date
        return today >= threshold and self.not_over_on(threshold)

    def clean(self):
        errors = {}
        if self.start and self.expected_end and self.expected_end < self.start:
            errors["expected_end"] = _("La fin prévue de l'absence ne peut pas précéder son premier jour.")
        if self.start and self.ended_on and self.ended_on < self.start:
            errors["ended_on"] = _("Le dernier jour d'absence ne peut pas précéder son premier jour.")
        if errors:
            raise ValidationError(errors)


class HolderChange(models.Model):
    """A change of function or a departure of a person (clause O6: access removed)."""

    class Kind(models.TextChoices):
        FUNCTION_CHANGE = "fonction", _l("Changement de fonction")
        DEPARTURE = "depart", _l("Départ de la structure")

    person = models.ForeignKey(Person, verbose_name=_l("personne"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_l("nature"), max_length=10, choices=Kind.choices)
    on = models.DateField(_l("date"))
    new_function = models.CharField(_l("nouvelle fonction"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("enregistré par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    SCOPE = Scope(organisation="person__organisation")

    class Meta:
        verbose_name = _l("changement de fonction ou départ")
        verbose_name_plural = _l("changements de fonction et départs")
        ordering = ["-on"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.person} ({self.on:%d/%m/%Y})"

    def clean(self):
        if self.kind == self.Kind.FUNCTION_CHANGE and not self.new_function.strip():
            raise ValidationError({"new_function": _("Indiquez la nouvelle fonction.")})


class AccessConfirmation(models.Model):
    """Clause O6 (list kept up to date): the RGC confirmed that an active account is still needed."""

    account = models.ForeignKey(OpusAccount, on_delete=models.CASCADE, related_name="confirmations")
    confirmed_on = models.DateField(_l("confirmé le"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("confirmé par"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    SCOPE = Scope(partnership="account__convention__partnership")

    class Meta:
        verbose_name = _l("revue d'accès")
        verbose_name_plural = _l("revues d'accès")
        ordering = ["-confirmed_on", "-id"]

    def __str__(self):
        return f"{self.account} — {self.confirmed_on:%d/%m/%Y}"


class ReviewClaim(models.Model):
    """A step the daily review of the register already took (a revocation announced, a reminder,
    a warning), claimed under a unique key so that no run takes it twice."""

    key = models.CharField(max_length=120, unique=True)
    claimed_on = models.DateField()

    SCOPE = Scope(platform=True)

    class Meta:
        verbose_name = _l("étape de la revue quotidienne")
        verbose_name_plural = _l("étapes de la revue quotidienne")

    def __str__(self):
        return self.key
