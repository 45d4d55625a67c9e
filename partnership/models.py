import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import actes, legal_dates
from partnership.scope import Scope


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _l("Commune")
        INTERCOMMUNALITY = "intercommunalite", _l("Intercommunalité")
        AGENCY = "agence", _l("Agence Pôle emploi")
        REGIONAL_DIRECTION = "direction_regionale", _l("Direction régionale Pôle emploi")

    kind = models.CharField(_l("type"), max_length=30, choices=Kind.choices)
    name = models.CharField(_l("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_l("rattachée à"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_l("L'intercommunalité d'une commune, la direction régionale d'une agence."),
    )
    siren = models.CharField(_l("SIREN"), max_length=9, blank=True)
    insee_code = models.CharField(_l("code INSEE"), max_length=5, blank=True)
    safir_code = models.CharField(_l("code SAFIR"), max_length=5, blank=True)
    address = models.TextField(_l("adresse"), blank=True)
    population = models.PositiveIntegerField(_l("habitants"), null=True, blank=True)

    SCOPE = Scope(organisation="")

    class Meta:
        verbose_name = _l("organisation")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def departement(self):
        """The three-character département code used by @ctes (038 for Isère)."""
        if not self.insee_code:
            return ""
        code = self.insee_code[:3] if self.insee_code.startswith("97") else self.insee_code[:2]
        return code.rjust(3, "0")

    def clean(self):
        if self.siren and not actes.siren_is_valid(self.siren):
            raise ValidationError({"siren": _("Ce SIREN n'est pas valide (neuf chiffres et clé de contrôle).")})
        if self.kind == self.Kind.COMMUNE and self.insee_code and len(self.insee_code) != 5:
            raise ValidationError({"insee_code": _("Le code INSEE d'une commune a cinq caractères.")})


class Person(models.Model):
    """Someone named by the documents: a signatory, a councillor, a referent.

    Only what the conventions need (clause C9): name, function, professional e-mail.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_l("organisation"), on_delete=models.PROTECT, related_name="people"
    )
    first_name = models.CharField(_l("prénom"), max_length=100)
    last_name = models.CharField(_l("nom"), max_length=100)
    function = models.CharField(_l("fonction"), max_length=200, blank=True)
    email = models.EmailField(_l("adresse électronique professionnelle"), blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(organisation="organisation")

    class Meta:
        verbose_name = _l("personne")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class User(AbstractUser):
    """A login. Every user belongs to an organisation and sees the partnerships it is party to."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_l("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    SCOPE = Scope(member="")

    class Meta(AbstractUser.Meta):
        verbose_name = _l("utilisateur")


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The partnerships `user`'s organisation is party to, directly or as the parent body
        (an intercommunality for its communes, a regional direction for its agencies)."""
        if user.is_superuser:
            return self
        org = user.organisation_id
        if org is None:
            return self.none()
        return self.filter(Q(commune=org) | Q(agency=org) | Q(commune__parent=org) | Q(agency__parent=org))


class Partnership(models.Model):
    """A commune's partnership with a Pôle emploi agency: its conventions and their follow-up."""

    commune = models.ForeignKey(
        Organisation,
        verbose_name=_l("commune"),
        on_delete=models.PROTECT,
        related_name="partnerships",
        limit_choices_to={"kind": Organisation.Kind.COMMUNE},
    )
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_l("agence Pôle emploi"),
        on_delete=models.PROTECT,
        related_name="agency_partnerships",
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
    )
    name = models.CharField(_l("intitulé"), max_length=200)

    SCOPE = Scope(partnership="")

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _l("partenariat")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["commune", "agency"], name="one_partnership_per_pair")]

    def __str__(self):
        return self.name

    def cooperation_end(self):
        """The last day of its last cooperation convention (clause C2, or the eve of an earlier
        termination), None when none has one. Reads `conventions` and their `terminations`:
        prefetch them when asking many partnerships."""
        ends = [c.end_date() for c in self.conventions.all() if c.kind == Convention.Kind.COOPERATION]
        return max((end.date for end in ends if end), default=None)


class CouncilSession(models.Model):
    """Clause D1: the session of the municipal council."""

    commune = models.ForeignKey(
        Organisation, verbose_name=_l("commune"), on_delete=models.PROTECT, related_name="council_sessions"
    )
    date = models.DateField(_l("date de la séance"))
    convened_on = models.DateField(
        _l("date de convocation"), null=True, blank=True, help_text=_l("Laissée vide si le document ne la donne pas.")
    )
    convened_by = models.CharField(_l("convoqué par"), max_length=200)
    president = models.CharField(_l("présidence"), max_length=200)
    place = models.CharField(_l("lieu"), max_length=200, blank=True)
    members_in_office = models.PositiveSmallIntegerField(_l("conseillers en exercice"))
    secretary = models.CharField(_l("secrétaire de séance"), max_length=200)

    SCOPE = Scope(organisation="commune")

    class Meta:
        verbose_name = _l("séance du conseil municipal")
        verbose_name_plural = _l("séances du conseil municipal")
        ordering = ["-date"]

    def __str__(self):
        return _("Séance du %(date)s") % {"date": self.date.strftime("%d/%m/%Y")}

    def absences_list(self):
        # Uses the prefetched rows when the caller prefetched them.
        return list(self.absences.all())

    @property
    def represented_count(self):
        return sum(1 for a in self.absences_list() if a.proxy_holder)

    @property
    def absent_count(self):
        return sum(1 for a in self.absences_list() if not a.proxy_holder)

    @property
    def present_count(self):
        return self.members_in_office - len(self.absences_list())

    @property
    def quorum(self):
        """Clause D1 (CGCT L2121-17): the majority of the members in office must be present."""
        return self.members_in_office // 2 + 1

    @property
    def quorum_reached(self):
        return self.present_count >= self.quorum

    @property
    def votes_cast_possible(self):
        """Members present plus the proxies they hold."""
        return self.present_count + self.represented_count


class SessionAbsence(models.Model):
    """A councillor absent from the session, with the colleague holding their proxy if any."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="absences")
    member = models.CharField(_l("conseiller absent"), max_length=200)
    proxy_holder = models.CharField(_l("pouvoir donné à"), max_length=200, blank=True)

    SCOPE = Scope(organisation="session__commune")

    class Meta:
        verbose_name = _l("absence")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_absence_per_member"),
            # CGCT L2121-20: a councillor may hold only one proxy.
            models.UniqueConstraint(
                fields=["session", "proxy_holder"], condition=~Q(proxy_holder=""), name="one_proxy_per_holder"
            ),
        ]

    def __str__(self):
        return self.member

    def clean(self):
        if self.proxy_holder and self.proxy_holder == self.member:
            raise ValidationError({"proxy_holder": _("Un conseiller ne peut pas se donner pouvoir à lui-même.")})
        if (
            self.proxy_holder
            and self.session_id
            and self.session.absences.filter(member=self.proxy_holder).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"proxy_holder": _("Le porteur d'un pouvoir doit être présent à la séance.")})


class Deliberation(models.Model):
    """Clauses D2 to D4: the act of the council approving the conventions."""

    class Outcome(models.TextChoices):
        UNANIMOUS = "unanimite", _l("Adoptée à l'unanimité")
        MAJORITY = "majorite", _l("Adoptée à la majorité")
        REJECTED = "rejetee", _l("Rejetée")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="deliberations"
    )
    session = models.ForeignKey(
        CouncilSession, verbose_name=_l("séance"), on_delete=models.PROTECT, related_name="deliberations"
    )
    number = models.CharField(_l("numéro"), max_length=50)
    object = models.CharField(_l("objet"), max_length=300)
    rapporteur = models.CharField(_l("rapporteur"), max_length=200)
    rapporteur_delegation = models.CharField(_l("délégation du rapporteur"), max_length=200, blank=True)
    summary = models.TextField(_l("exposé"), blank=True)
    outcome = models.CharField(_l("résultat du vote"), max_length=20, choices=Outcome.choices)
    votes_for = models.PositiveSmallIntegerField(_l("voix pour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_l("voix contre"), default=0)
    abstentions = models.PositiveSmallIntegerField(_l("abstentions"), default=0)
    signed_by = models.CharField(_l("signée par"), max_length=200, blank=True)
    published_on = models.DateField(_l("date de publication"), null=True, blank=True)
    transmitted_on = models.DateField(_l("date de transmission en sous-préfecture"), null=True, blank=True)
    actes_identifier = models.CharField(_l("identifiant de télétransmission @ctes"), max_length=60, blank=True)
    court = models.CharField(_l("juridiction de recours"), max_length=200, blank=True)
    recours_gracieux_filed_on = models.DateField(_l("recours gracieux déposé le"), null=True, blank=True)
    recours_gracieux_answered_on = models.DateField(_l("réponse au recours gracieux le"), null=True, blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")

    class Meta:
        verbose_name = _l("délibération")
        ordering = ["-session__date", "number"]

    def __str__(self):
        return f"{self.number} — {self.object}"

    def get_absolute_url(self):
        return reverse("deliberation_detail", args=[self.pk])

    @property
    def votes(self):
        """Votes for: all votes that could be cast when adopted unanimously."""
        if self.votes_for is not None:
            return self.votes_for
        if self.outcome == self.Outcome.UNANIMOUS:
            return self.session.votes_cast_possible
        return None

    def actes(self):
        return actes.parse(self.actes_identifier) if self.actes_identifier else None

    def appeal_deadline(self):
        """Clause D4: last day to appeal before the tribunal administratif."""
        if not self.published_on:
            return None
        if self.recours_gracieux_filed_on:
            return legal_dates.appeal_deadline_after_recours_gracieux(
                self.recours_gracieux_filed_on, self.recours_gracieux_answered_on
            )
        return legal_dates.appeal_deadline(self.published_on)

    def clean(self):
        errors = {}
        commune = self.session.commune if self.session_id else None
        if self.actes_identifier and commune:
            try:
                actes.check_against(
                    self.actes_identifier,
                    siren=commune.siren,
                    departement=commune.departement,
                    act_date=self.session.date,
                )
            except ValidationError as error:
                errors["actes_identifier"] = error.messages
        if self.published_on and self.session_id and self.published_on < self.session.date:
            errors["published_on"] = _("La publication ne peut pas précéder la séance.")
        if self.recours_gracieux_filed_on and self.published_on:
            first_deadline = legal_dates.appeal_deadline(self.published_on).date
            if self.recours_gracieux_filed_on > first_deadline:
                errors["recours_gracieux_filed_on"] = _(
                    "Un recours gracieux déposé après le %(date)s ne suspend plus le délai de recours (clause D4)."
                ) % {"date": first_deadline.strftime("%d/%m/%Y")}
        if self.outcome == self.Outcome.UNANIMOUS and (self.votes_against or self.abstentions):
            errors["outcome"] = _("Une délibération adoptée à l'unanimité n'a ni voix contre ni abstention.")
        if errors:
            raise ValidationError(errors)


class DeliberationDecision(models.Model):
    """Clause D2: each decision of the deliberation (APPROUVE, AUTORISE…)."""

    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)
    verb = models.CharField(_l("décision"), max_length=30)
    text = models.TextField(_l("texte"))

    SCOPE = Scope(partnership="deliberation__partnership")

    class Meta:
        verbose_name = _l("décision")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.verb} {self.text}"


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
        return _("Résiliation de %(convention)s") % {"convention": self.convention}

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


class Commitment(models.Model):
    """Clauses C5 and C7: what each party undertook, and how it is going."""

    class Status(models.TextChoices):
        TO_START = "a_engager", _l("À engager")
        IN_PROGRESS = "en_cours", _l("En cours")
        DONE = "realise", _l("Réalisé")
        NOT_DONE = "non_realise", _l("Non réalisé")

    convention = models.ForeignKey(
        Convention, verbose_name=_l("convention"), on_delete=models.CASCADE, related_name="commitments"
    )
    party = models.ForeignKey(Organisation, verbose_name=_l("partie engagée"), on_delete=models.PROTECT)
    clause = models.CharField(_l("clause"), max_length=10)
    text = models.TextField(_l("engagement"))
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)
    status = models.CharField(_l("état"), max_length=20, choices=Status.choices, default=Status.TO_START)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("engagement")
        ordering = ["convention", "party", "order", "id"]

    def __str__(self):
        return self.text[:80]


class CommitmentUpdate(models.Model):
    """A dated follow-up comment on a commitment, with the status it set."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(User, verbose_name=_l("auteur"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_l("date"), default=timezone.now)
    status = models.CharField(_l("état"), max_length=20, choices=Commitment.Status.choices)
    comment = models.TextField(_l("commentaire"))

    SCOPE = Scope(partnership="commitment__convention__partnership")

    class Meta:
        verbose_name = _l("suivi d'engagement")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y} {self.get_status_display()}"


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
        return _("Annexe 2 de %(convention)s") % {"convention": self.convention}


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


# --- Steering committee (clause C10) -------------------------------------------------------


class SteeringCommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def held(self):
        return self.filter(status=SteeringCommittee.Status.HELD)


class SteeringCommittee(models.Model):
    """Clause C10: the yearly steering committee, its attendance, minutes and frozen indicators.

    "Un comité de pilotage de la convention réunira une fois par an […]". When it is marked
    held, the indicators gathered through the ``indicators`` hook are copied into
    `indicators`: later changes to the data never change a past committee's record.
    """

    class Status(models.TextChoices):
        PLANNED = "prevu", _l("Prévu")
        HELD = "tenu", _l("Tenu")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="steering_committees"
    )
    convention = models.ForeignKey(
        Convention,
        verbose_name=_l("convention de coopération"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="steering_committees",
        limit_choices_to={"kind": "cooperation"},
    )
    year = models.PositiveSmallIntegerField(_l("année examinée"))
    date = models.DateField(_l("date de la réunion"))
    place = models.CharField(_l("lieu"), max_length=200, blank=True)
    convened_on = models.DateField(_l("date de convocation"), null=True, blank=True)
    agenda = models.TextField(_l("ordre du jour"), blank=True, help_text=_l("Un point par ligne."))
    minutes = models.TextField(_l("compte rendu des échanges"), blank=True)
    decisions = models.TextField(_l("décisions"), blank=True, help_text=_l("Une décision par ligne."))
    status = models.CharField(_l("état"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    indicators = models.JSONField(_l("indicateurs figés"), default=dict, blank=True, editable=False)
    indicators_frozen_at = models.DateTimeField(_l("indicateurs figés le"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")

    objects = SteeringCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _l("comité de pilotage")
        verbose_name_plural = _l("comités de pilotage")
        ordering = ["-date", "-id"]

    def __str__(self):
        return _("Comité de pilotage du %(date)s") % {"date": date_format(self.date, "j F Y")}

    def get_absolute_url(self):
        return reverse("committee_detail", args=[self.pk])

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def decision_items(self):
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]

    def clean(self):
        if self.convened_on and self.date and self.convened_on > self.date:
            raise ValidationError({"convened_on": _("La convocation ne peut pas suivre la réunion.")})
        if self.convention_id and self.partnership_id and self.convention.partnership_id != self.partnership_id:
            raise ValidationError({"convention": _("La convention doit appartenir au même partenariat.")})


class CommitteeMember(models.Model):
    """A member of the steering committee and their attendance (clause C10)."""

    class Attendance(models.TextChoices):
        PRESENT = "present", _l("Présent")
        REPRESENTED = "represente", _l("Représenté")
        EXCUSED = "excuse", _l("Excusé")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_l("personne"), null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(_l("nom"), max_length=200)
    function = models.CharField(_l("fonction"), max_length=200, blank=True)
    organisation = models.CharField(_l("structure"), max_length=200, blank=True)
    attendance = models.CharField(_l("présence"), max_length=12, choices=Attendance.choices, default=Attendance.PRESENT)
    represented_by = models.CharField(_l("représenté par"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)

    SCOPE = Scope(partnership="committee__partnership")

    class Meta:
        verbose_name = _l("membre du comité")
        verbose_name_plural = _l("membres du comité")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.attendance == self.Attendance.REPRESENTED and not self.represented_by.strip():
            raise ValidationError({"represented_by": _("Indiquez qui représente ce membre.")})
        if self.attendance != self.Attendance.REPRESENTED and self.represented_by.strip():
            raise ValidationError({"represented_by": _("Seul un membre représenté a un représentant.")})


class DutyChange(models.Model):
    """A change to what a partnership's calendar is made of (see `partnership.duty_snapshots`).

    Rows are only ever added, in the transaction of the change itself: they take no lock that
    another transaction waits for, and they become visible together with the change."""

    partnership = models.ForeignKey(Partnership, null=True, on_delete=models.CASCADE, related_name="+")  # null: all
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["day", "partnership"], name="duty_change_day")]

    def __str__(self):
        return f"{self.day} {self.partnership_id or '*'}"


class DutySnapshot(models.Model):
    """A partnership's calendar of one day as the pages show it, with the number of changes
    (`DutyChange`) it was gathered after: it stands as long as that number has not moved."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=15)
    day = models.DateField()
    changes = models.PositiveIntegerField()
    duties = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "language"], name="one_duty_snapshot_per_language")
        ]

    def __str__(self):
        return f"{self.partnership_id} {self.day} {self.language}"
