"""The conventions, their parties, terminations and the OPUS annexes (clauses C1, C2, C12, O1, O2, O18 to O22)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import legal_dates
from partnership.french import de
from partnership.models.council import Deliberation
from partnership.models.organisations import Organisation, Partnership, Person
from partnership.scope import Scope


class ConventionQuerySet(models.QuerySet):
    """Every write through a queryset keeps the stored terms (`starts_on`, `ends_on`) true: the
    database checks the OPUS cap and term against them (opus_accounts migration 0003)."""

    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def in_force_on(self, day):
        """Clauses C2 and O20: the conventions in force on `day` (their stored terms)."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def update(self, **kwargs):
        ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if set(kwargs) - Convention.TERM_FIELDS:
            refresh_terms(ids)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        refresh_terms([c.pk for c in created if c.pk is not None])
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        refresh_terms([c.pk for c in objs])
        return count


def refresh_terms(convention_ids):
    """Store the term of these conventions and of the OPUS conventions resting on them, as
    `Convention.effective_date` and `Convention.end_date` compute it (clauses C2, C12, O18, O20)."""
    ids = set(convention_ids)
    if not ids:
        return
    ids |= set(Convention._base_manager.filter(parent_id__in=ids).values_list("pk", flat=True))
    conventions = (
        Convention._base_manager.filter(pk__in=ids)
        .select_related("parent")
        .prefetch_related("terminations", "parent__terminations")
    )
    for convention in conventions:
        term = convention.term()
        if term != (convention.starts_on, convention.ends_on):
            # The base queryset: storing the term is not a change of the convention's own fields.
            models.QuerySet(Convention).filter(pk=convention.pk).update(starts_on=term[0], ends_on=term[1])


class Convention(models.Model):
    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _l("Convention de coopération")
        OPUS = "opus", _l("Convention d'application OPUS")

    class Status(models.TextChoices):
        UNSIGNED = "non_signee", _l("En attente de signature")
        UPCOMING = "a_venir", _l("Signée, pas encore en vigueur")
        IN_FORCE = "en_vigueur", _l("En vigueur")
        TERMINATING = "resiliation_en_cours", _l("En vigueur, résiliation en cours")
        EXPIRED = "echue", _l("Échue")
        TERMINATED = "resiliee", _l("Résiliée")

    # A convention in force, a termination pending or not (clauses C2, O20): see `in_force_on`.
    IN_FORCE_STATUSES = (Status.IN_FORCE, Status.TERMINATING)

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="conventions"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_l("intitulé"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=_l("convention de partenariat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text=_l("Clause O1 : la convention de coopération sur laquelle repose la convention OPUS."),
    )
    deliberation = models.ForeignKey(
        Deliberation,
        verbose_name=_l("délibération d'approbation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conventions",
    )
    legal_references = models.TextField(_l("visas"), blank=True, help_text=_l("Clause O1, un visa par ligne."))
    signed_on = models.DateField(_l("date de signature"), null=True, blank=True)
    signed_at = models.CharField(_l("lieu de signature"), max_length=200, blank=True)
    effective_from = models.DateField(
        _l("date d'effet"),
        null=True,
        blank=True,
        help_text=_l("Vide pour la convention OPUS : elle prend effet à sa signature (clause O20)."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _l("durée (mois)"),
        null=True,
        blank=True,
        help_text=_l("Vide pour la convention OPUS : elle dure autant que la convention de partenariat."),
    )
    notes = models.TextField(_l("notes"), blank=True)
    # The term as computed from the dates above and the terminations (see `term`), stored so
    # that the database can check what depends on it (the OPUS accounts, clause O20).
    starts_on = models.DateField(_l("en vigueur du"), null=True, blank=True, editable=False)
    ends_on = models.DateField(_l("en vigueur jusqu'au"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["starts_on", "ends_on"])

    SCOPE = Scope(partnership="partnership")
    TERM_FIELDS = {"starts_on", "ends_on"}

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _l("convention")
        ordering = ["partnership", "kind", "effective_from"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_terms([self.pk])
        self.starts_on, self.ends_on = Convention._base_manager.values_list("starts_on", "ends_on").get(pk=self.pk)

    def get_absolute_url(self):
        return reverse("convention_detail", args=[self.pk])

    @property
    def is_opus(self):
        return self.kind == self.Kind.OPUS

    def effective_date(self):
        """Clause C2 (cooperation: the stated date) or O20 (OPUS: the date of signature)."""
        if self.is_opus:
            return legal_dates.LegalDate(self.signed_on, "O20", "date de signature") if self.signed_on else None
        if self.effective_from:
            return legal_dates.LegalDate(self.effective_from, "C2", "date d'effet stipulée")
        return None

    def natural_end(self):
        """End without termination: C2 for the cooperation convention; O20 for the OPUS
        convention, which never lasts beyond the partnership convention."""
        start = self.effective_date()
        own = legal_dates.convention_end(start.date, self.duration_months) if start and self.duration_months else None
        if not self.is_opus:
            return own
        parent_end = self.parent.end_date() if self.parent_id else None
        if parent_end and (own is None or parent_end.date <= own.date):
            return legal_dates.LegalDate(parent_end.date, "O20", "fin de la convention de partenariat")
        return own

    def active_termination(self):
        terminations = [t for t in self.terminations.all() if not t.withdrawn]
        return terminations[0] if terminations else None

    def end_date(self):
        """The day the convention ends: its natural end, or an earlier termination."""
        end = self.natural_end()
        termination = self.active_termination()
        effective = termination.effective_date() if termination else None
        if effective:
            last_day = legal_dates.LegalDate(
                effective.date - datetime.timedelta(days=1), effective.clause, _("veille de la prise d'effet")
            )
            if end is None or last_day.date < end.date:
                return last_day
        return end

    def status(self, today=None):
        today = today or timezone.localdate()
        start = self.effective_date()
        if not self.signed_on and not (start and not self.is_opus):
            return self.Status.UNSIGNED
        if start and today < start.date:
            return self.Status.UPCOMING
        end = self.end_date()
        termination = self.active_termination()
        effective = termination.effective_date() if termination else None
        if effective and today >= effective.date:
            return self.Status.TERMINATED
        if end and today > end.date:
            if self.is_opus and self.parent_id and self.parent.status(today) == self.Status.TERMINATED:
                return self.Status.TERMINATED
            return self.Status.EXPIRED
        if termination:
            return self.Status.TERMINATING
        return self.Status.IN_FORCE

    def term(self):
        """(first day in force, last day in force or None), as `status` reckons them; the first
        day is None while the convention cannot take effect (an unsigned OPUS convention)."""
        start, end = self.effective_date(), self.end_date()
        return (start.date if start else None, end.date if end else None)

    def in_force_on(self, day):
        """Clauses C2 and O20: whether the convention is in force on `day`, a termination pending
        or not."""
        return self.status(day) in self.IN_FORCE_STATUSES

    def days_left(self, today=None):
        today = today or timezone.localdate()
        end = self.end_date()
        return (end.date - today).days if end else None

    def personal_data_destruction_deadline(self):
        """Clause C9: at the latest two months after the convention ends."""
        end = self.end_date()
        return legal_dates.personal_data_destruction_deadline(end.date) if end else None

    def clean(self):
        errors = {}
        if self.is_opus:
            if not self.parent_id:
                errors["parent"] = _(
                    "Une convention d'application OPUS repose sur une convention de coopération (clause O1)."
                )
            elif self.parent.kind != self.Kind.COOPERATION:
                errors["parent"] = _("La convention de partenariat doit être une convention de coopération.")
            elif self.parent.partnership_id != self.partnership_id:
                errors["parent"] = _("La convention de partenariat doit appartenir au même partenariat.")
            elif self.signed_on and self.duration_months:
                own_end = legal_dates.convention_end(self.signed_on, self.duration_months).date
                parent_end = self.parent.natural_end()
                if parent_end and own_end > parent_end.date:
                    errors["duration_months"] = _(
                        "La convention d'application OPUS finirait le %(own)s, après la convention de "
                        "partenariat qui finit le %(parent)s : sa durée ne peut excéder celle de la "
                        "convention de partenariat (clause O20)."
                    ) % {"own": own_end.strftime("%d/%m/%Y"), "parent": parent_end.date.strftime("%d/%m/%Y")}
            if self.effective_from and self.signed_on and self.effective_from != self.signed_on:
                errors["effective_from"] = _("La convention OPUS prend effet à sa signature (clause O20).")
        else:
            if self.parent_id:
                errors["parent"] = _("Seule une convention OPUS repose sur une autre convention.")
            if not self.effective_from:
                errors["effective_from"] = _("Indiquez la date d'effet de la convention de coopération (clause C2).")
            if not self.duration_months:
                errors["duration_months"] = _("Indiquez la durée de la convention de coopération (clause C2).")
        if errors:
            raise ValidationError(errors)


class ConventionParty(models.Model):
    """Clauses C1 and O2: a party, its representative and its capacity."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, verbose_name=_l("organisation"), on_delete=models.PROTECT)
    designation = models.CharField(
        _l("désignation dans la convention"), max_length=100, help_text=_l("« le Partenaire », « Pôle emploi »…")
    )
    representative = models.ForeignKey(
        Person, verbose_name=_l("représentant"), null=True, blank=True, on_delete=models.PROTECT
    )
    capacity = models.CharField(_l("qualité"), max_length=300, blank=True)
    signatory = models.BooleanField(_l("signataire"), default=True)
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("partie")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.organisation} ({self.designation})"


class TerminationQuerySet(models.QuerySet):
    """Writes through a queryset keep their conventions' stored terms true (see ConventionQuerySet)."""

    def _convention_ids(self):
        return list(self.values_list("convention_id", flat=True))

    def update(self, **kwargs):
        ids = self._convention_ids()
        count = super().update(**kwargs)
        refresh_terms(ids + list(self.values_list("convention_id", flat=True)))
        return count

    def delete(self):
        ids = self._convention_ids()
        result = super().delete()
        refresh_terms(ids)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        refresh_terms([t.convention_id for t in created])
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        refresh_terms([t.convention_id for t in objs])
        return count


class Termination(models.Model):
    """Clauses C12 and O18: a termination before term and its effective date."""

    class Ground(models.TextChoices):
        REQUEST = "demande", _l("Demande motivée d'une partie (C12)")
        PARTNER_NOTICE = "preavis_partenaire", _l("Initiative du partenaire, préavis d'un mois (O18)")
        SERVICE_NEEDS = "necessite_service", _l("Initiative de Pôle emploi, nécessités de service (O18)")
        BREACH = "manquement", _l("Initiative de Pôle emploi, manquement du partenaire (O18)")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="terminations")
    ground = models.CharField(_l("fondement"), max_length=30, choices=Ground.choices)
    requested_by = models.ForeignKey(
        Organisation, verbose_name=_l("à l'initiative de"), on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_l("motifs"))
    letter_sent_on = models.DateField(_l("lettre recommandée envoyée le"))
    notice_ends_on = models.DateField(
        _l("fin du préavis annoncée"),
        null=True,
        blank=True,
        help_text=_l("Nécessités de service : au plus un mois après l'envoi (clause O18)."),
    )
    answer_received_on = models.DateField(_l("observations du partenaire reçues le"), null=True, blank=True)
    decision_maintained = models.BooleanField(_l("résiliation maintenue après observations"), default=False)
    withdrawn = models.BooleanField(_l("demande retirée"), default=False)
    history = HistoricalRecords()

    objects = TerminationQuerySet.as_manager()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("résiliation")
        ordering = ["-letter_sent_on"]

    def __str__(self):
        return _("Résiliation %(of_convention)s") % {"of_convention": de(self.convention)}

    def save(self, *args, **kwargs):
        before = Termination._base_manager.filter(pk=self.pk).values_list("convention_id", flat=True).first()
        super().save(*args, **kwargs)
        refresh_terms({self.convention_id, before} - {None})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        refresh_terms([self.convention_id])
        return result

    def effective_date(self):
        """The day the termination takes effect, or None while it is not yet decided."""
        if self.ground == self.Ground.REQUEST:
            return legal_dates.termination_effective_after_notice(self.letter_sent_on, "C12")
        if self.ground == self.Ground.PARTNER_NOTICE:
            return legal_dates.termination_effective_after_notice(self.letter_sent_on, "O18")
        if self.ground == self.Ground.SERVICE_NEEDS:
            latest = legal_dates.termination_effective_after_notice(self.letter_sent_on, "O18")
            if self.notice_ends_on:
                return legal_dates.LegalDate(self.notice_ends_on, "O18", _("fin du préavis annoncée"))
            return latest
        if self.decision_maintained:
            return legal_dates.termination_effective_for_breach(self.letter_sent_on, self.answer_received_on)
        return None

    def clean(self):
        errors = {}
        if not (self.reasons or "").strip():
            errors["reasons"] = _("Une résiliation doit être motivée.")
        if self.convention_id:
            opus_grounds = {self.Ground.PARTNER_NOTICE, self.Ground.SERVICE_NEEDS, self.Ground.BREACH}
            if self.convention.is_opus and self.ground not in opus_grounds:
                errors["ground"] = _("La convention OPUS se résilie selon l'article 12 (clause O18).")
            if not self.convention.is_opus and self.ground != self.Ground.REQUEST:
                errors["ground"] = _("La convention de coopération se résilie selon l'article 8 (clause C12).")
        if self.notice_ends_on and self.letter_sent_on:
            latest = legal_dates.add_months(self.letter_sent_on, 1)
            if self.ground != self.Ground.SERVICE_NEEDS:
                errors["notice_ends_on"] = _("Une fin de préavis ne s'annonce que pour nécessités de service.")
            elif not self.letter_sent_on < self.notice_ends_on <= latest:
                errors["notice_ends_on"] = _(
                    "Le préavis de Pôle emploi est d'un mois au plus : fin au plus tard le %(date)s (clause O18)."
                ) % {"date": latest.strftime("%d/%m/%Y")}
        if self.answer_received_on and self.letter_sent_on and self.answer_received_on < self.letter_sent_on:
            errors["answer_received_on"] = _("Les observations ne peuvent précéder l'envoi des motifs.")
        if errors:
            raise ValidationError(errors)


class OpusAnnex(models.Model):
    """Clause O22 (annex 2 of the OPUS convention): codes, correspondent and the cap on accounts."""

    convention = models.OneToOneField(
        Convention, on_delete=models.CASCADE, related_name="opus_annex", limit_choices_to={"kind": "opus"}
    )
    partner_safir_code = models.CharField(_l("code SAFIR du partenaire"), max_length=5)
    agency_safir_code = models.CharField(_l("code SAFIR de l'agence"), max_length=5)
    rgc_function = models.CharField(_l("fonction du RGC dans la structure"), max_length=200, blank=True)
    correspondent_email = models.EmailField(_l("correspondant Pôle emploi pour le compte RGC"), blank=True)
    active_accounts_cap = models.PositiveSmallIntegerField(
        _l("comptes actifs autorisés simultanément (hors RGC)"),
        help_text=_l("Clause O22 : nombre de comptes OPUS actifs en même temps, sans compter celui du RGC."),
    )
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("annexe 2 OPUS")
        verbose_name_plural = _l("annexes 2 OPUS")

    def __str__(self):
        return _("Annexe 2 %(of_convention)s") % {"of_convention": de(self.convention)}


class OpusService(models.Model):
    """Clause O21 (annex 1): a service of OPUS and whether the partner has access to it."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="opus_services")
    name = models.CharField(_l("service"), max_length=200)
    description = models.TextField(_l("description"))
    access = models.BooleanField(_l("accès"))
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("service OPUS (annexe 1)")
        verbose_name_plural = _l("services OPUS (annexe 1)")
        ordering = ["id"]

    def __str__(self):
        return self.name
