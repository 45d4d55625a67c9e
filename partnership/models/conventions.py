"""The conventions, their parties, terminations and the OPUS annexes (clauses C1, C2, C12, O1, O2, O18 to O22)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import legal_dates
from partnership.french import de, french_date
from partnership.models.council import Deliberation
from partnership.models.organisations import Organisation, Partnership, Person, partnership_scope
from partnership.scope import Scope


class ConventionQuerySet(models.QuerySet):
    """Every write through a queryset keeps the stored terms (`starts_on`, `ends_on`) true: the
    database checks the OPUS cap and term against them (opus_accounts migration 0003)."""

    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))

    def with_terms(self):
        """The conventions with what `end_date`, `status` and `terms_on` read (the terminations
        and the amendments of each and of its parent), as `prefetch_related(*TERMS_PREFETCH)`
        would give them, in two queries set on the conventions once read (`attach_terms`),
        without a related queryset built for each convention and each relation. Their
        `terminations` and `amendments` managers still query: read them through the model's
        methods (`pending_terminations`, `amendments_in_order`)."""
        clone = self._chain()
        clone._with_terms = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._with_terms = getattr(self, "_with_terms", False)
        return clone

    def _fetch_all(self):
        read = self._result_cache is None
        super()._fetch_all()
        if read and getattr(self, "_with_terms", False) and self._iterable_class is models.query.ModelIterable:
            attach_terms(self._result_cache)

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


def attach_terms(conventions):
    """Sets on each convention, and on its parent (read here in one query unless already joined
    or among `conventions`), its terminations and its amendments in the order they take effect:
    two queries whatever the number of conventions (see `ConventionQuerySet.with_terms`)."""
    from partnership.models.amendments import Amendment

    conventions = list(conventions)
    every = {c.pk: c for c in conventions}
    missing = {
        c.parent_id
        for c in conventions
        if c.parent_id not in every and c.parent_id and not Convention.parent.is_cached(c)
    }
    every.update(Convention._base_manager.in_bulk(missing) if missing else {})
    for convention in conventions:  # one instance per parent, however many conventions rest on it
        if convention.parent_id:
            if convention.parent_id not in every:
                every[convention.parent_id] = convention.parent  # joined
            convention.parent = every[convention.parent_id]
    rows = {pk: {"terminations": [], "amendments": []} for pk in every}
    read = (
        ("terminations", Termination.objects.order_by("id"), lambda t: t.pk),
        ("amendments", Amendment.objects.order_by("convention_id", "effective_from", "number", "id"),
         lambda a: (a.effective_from, a.number, a.pk)),
    )  # fmt: skip
    for name, queryset, order in read:
        # Those prefetched with the conventions (the amendments with their services, for the
        # scope of annex 1) are taken as they are.
        wanted = []
        for pk, convention in every.items():
            prefetched = getattr(convention, "_prefetched_objects_cache", {})
            if name in prefetched:
                rows[pk][name] = sorted(prefetched[name], key=order)
            else:
                wanted.append(pk)
        for row in queryset.filter(convention_id__in=wanted) if wanted else ():
            rows[row.convention_id][name].append(row)
    for pk, convention in every.items():
        for row in (*rows[pk]["terminations"], *rows[pk]["amendments"]):
            row.convention = convention
        convention._terms = rows[pk]
    return conventions


def refresh_terms(convention_ids):
    """Store the term of these conventions and of the OPUS conventions resting on them, as
    `Convention.effective_date` and `Convention.end_date` compute it (clauses C2, C12, O18, O20)."""
    ids = set(convention_ids)
    if not ids:
        return
    ids |= set(Convention._base_manager.filter(parent_id__in=ids).values_list("pk", flat=True))
    conventions = (
        Convention._base_manager.filter(pk__in=ids)
        .select_related("parent", "opus_annex")
        .prefetch_related(*Convention.terms_prefetch())
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
    # What `end_date`, `status` and `terms_on` read: prefetch it wherever many conventions are shown.
    TERMS_PREFETCH = ("terminations", "amendments", "parent__terminations", "parent__amendments")
    # What the scope of annex 1 reads besides (`scope_changes`, `terms_on(day).services`, clauses O9, O21).
    SCOPE_PREFETCH = (
        "opus_services",
        "amendments__services",
        "scope_notices__services",
        "scope_notices__letter",
        "scope_notices__document",
        "scope_notices__acknowledgement",
    )

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _l("convention")
        ordering = ["partnership", "kind", "effective_from"]
        # Which partnerships have an OPUS convention (the OPUS pages' partnership filter) is read
        # from this index alone, a few entries per partnership, not from every convention.
        indexes = [models.Index(fields=["partnership", "kind"], name="convention_partnership_kind")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_terms([self.pk])
        self.starts_on, self.ends_on = Convention._base_manager.values_list("starts_on", "ends_on").get(pk=self.pk)

    def get_absolute_url(self):
        return reverse("convention_detail", args=[self.pk])

    @classmethod
    def terms_prefetch(cls, prefix=""):
        """`TERMS_PREFETCH` (under `prefix`, e.g. "convention__"), the amendments read in the order
        of each convention's own list: their default order starts with their convention's, which
        joins the conventions and the partnerships for an order the same within each list. A list
        of conventions reads them faster with `with_terms`."""
        from partnership.models.amendments import Amendment

        amendments = Amendment.objects.order_by("convention_id", "effective_from", "number")
        return tuple(
            models.Prefetch(f"{prefix}{lookup}", queryset=amendments)
            if lookup.endswith("amendments")
            else prefix + lookup
            for lookup in cls.TERMS_PREFETCH
        )

    @classmethod
    def scope_prefetch(cls):
        """`SCOPE_PREFETCH`, the papers of the notices joined to them rather than read apart (and
        the notices in the order of each convention's list, as `terms_prefetch` reads the amendments)."""
        from partnership.models.scope_notices import ScopeNotice

        notices = ScopeNotice.objects.select_related("letter", "document", "acknowledgement").order_by(
            "convention_id", "effective_from", "id"
        )
        return (models.Prefetch("scope_notices", queryset=notices), *cls.SCOPE_PREFETCH)

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

    def _attached(self, name):
        """The terminations or amendments `attach_terms` set on the convention, else None."""
        terms = self.__dict__.get("_terms")
        return terms[name] if terms is not None else None

    def amendments_in_order(self):
        """The amendments, in the order they take effect (clause C2: an amendment changes the terms
        from its date of effect)."""
        attached = self._attached("amendments")
        if attached is not None:
            return list(attached)  # read in that order
        return sorted(self.amendments.all(), key=lambda a: (a.effective_from, a.number, a.pk))

    def _amended(self, field, day=None):
        """The value of `field` set by the last amendment in effect on `day` (any day if None)
        that sets it, or None."""
        value = None
        for amendment in self.amendments_in_order():
            if day is not None and amendment.effective_from > day:
                break
            if getattr(amendment, field) is not None:
                value = getattr(amendment, field)
        return value

    def duration_on(self, day=None):
        """Clause C2: the duration in months, as the amendments in effect on `day` set it."""
        amended = self._amended("duration_months", day)
        return amended if amended is not None else self.duration_months

    def natural_end(self, day=None):
        """End without termination: C2 for the cooperation convention (its duration as amended);
        O20 for the OPUS convention, which never lasts beyond the partnership convention. With
        `day`, the end as the amendments in effect that day set it."""
        start = self.effective_date()
        amended = self._amended("duration_months", day)
        duration = amended if amended is not None else self.duration_months  # duration_on(day), read once
        own = legal_dates.convention_end(start.date, duration) if start and duration else None
        if own and amended is not None:
            own = legal_dates.LegalDate(own.date, own.clause, _("date d'effet + durée modifiée par avenant − 1 jour"))
        if not self.is_opus:
            return own
        parent_end = self.parent.end_date() if self.parent_id else None
        if parent_end and (own is None or parent_end.date <= own.date):
            return legal_dates.LegalDate(parent_end.date, "O20", _("fin de la convention de partenariat"))
        return own

    def pending_terminations(self):
        terminations = self._attached("terminations")
        return [t for t in (self.terminations.all() if terminations is None else terminations) if not t.withdrawn]

    def ending_termination(self):
        """Clauses C12 and O18: of the terminations pending, the one that takes effect first (a
        notice, then a breach procedure: the earlier end wins), if it comes before the natural end."""
        dated = [t for t in self.pending_terminations() if t.last_day_in_force()]
        first = min(dated, key=lambda t: t.last_day_in_force().date, default=None)
        if first is None:  # the natural end is reckoned only to compare it with a termination's
            return None
        end = self.natural_end()
        if end is None or first.last_day_in_force().date <= end.date:
            return first
        return None

    def active_termination(self):
        """The termination to show: the one that ends the convention, else the latest pending."""
        pending = self.pending_terminations()
        return self.ending_termination() or (pending[0] if pending else None)

    def end_date(self):
        """The last day in force: its natural end (amendments included), or the last day of the
        notice of the termination that takes effect first (clauses C12, O18: the convention stays
        in force through the whole notice)."""
        termination = self.ending_termination()
        return termination.last_day_in_force() if termination else self.natural_end()

    def status(self, today=None):
        today = today or timezone.localdate()
        start = self.effective_date()
        if not self.signed_on and not (start and not self.is_opus):
            return self.Status.UNSIGNED
        if start and today < start.date:
            return self.Status.UPCOMING
        end = self.end_date()
        if end and today > end.date:
            if self.ending_termination():
                return self.Status.TERMINATED
            if self.is_opus and self.parent_id and self.parent.status(today) == self.Status.TERMINATED:
                if end.date == self.parent.end_date().date:
                    return self.Status.TERMINATED
            return self.Status.EXPIRED
        if self.pending_terminations():
            return self.Status.TERMINATING
        return self.Status.IN_FORCE

    def annex(self):
        """Annex 2 (clause O22) as signed, or None."""
        try:
            return self.opus_annex
        except OpusAnnex.DoesNotExist:
            return None

    def accounts_cap_on(self, day):
        """Clause O22: the active accounts allowed at once besides the RGC's on `day`, as the
        amendments in effect set it, else annex 2; None without annex 2."""
        annex = self.annex()
        if annex is None:
            return None
        amended = self._amended("active_accounts_cap", day)
        return amended if amended is not None else annex.active_accounts_cap

    def accounts_cap_from(self, day):
        """Clause O22: the cap an account activated on `day` must respect, now and under every
        amendment to come (an account stays active until it is closed): the lowest cap in force
        from `day` on; None without annex 2. The database keeps the same rule (opus_accounts
        migration 0007)."""
        cap = self.accounts_cap_on(day)
        if cap is None:
            return None
        later = [a.active_accounts_cap for a in self.amendments_in_order() if a.effective_from > day]
        return min([cap, *(c for c in later if c is not None)])

    def terms_on(self, day):
        """The terms in force on `day`, computed in one place from the convention, the amendments
        and the regional director's notices of a change of scope in effect that day (clauses C2,
        O9, O21, O22): see `Terms`."""
        return Terms.of(self, day)

    def scope_changes(self):
        """Clauses O9 and O21: every change of annex 1 after signature, in the order they take
        effect: by an amendment, or by a written notice of the regional director (article 5.2);
        an amendment before a notice that takes effect the same day. Nothing else changes it; a
        cooperation convention has no annex 1."""
        if not self.is_opus:
            return []
        changes = [ScopeChange(a.effective_from, a, tuple(a.services.all()), False) for a in self.amendments_in_order()]
        changes += [ScopeChange(n.effective_from, n, tuple(n.services.all()), True) for n in self.scope_notices.all()]
        return sorted((c for c in changes if c.services), key=lambda c: (c.day, c.by_notice, c.source.pk))

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


@dataclass(frozen=True)
class ServiceTerm:
    """Clause O21: a service of annex 1 and whether the partner has access to it, as in force."""

    name: str
    description: str
    access: bool


@dataclass(frozen=True)
class ScopeChange:
    """Clauses O9 and O21: the services of annex 1 that an amendment or a notice of the regional
    director gives (`access`) or withdraws from `day`."""

    day: datetime.date
    source: models.Model  # an Amendment or a ScopeNotice
    services: tuple  # of AmendedService or NoticedService
    by_notice: bool

    @property
    def given(self):
        return [s for s in self.services if s.access]

    @property
    def withdrawn(self):
        return [s for s in self.services if not s.access]


@dataclass(frozen=True)
class Terms:
    """The terms of a convention in force on `day`: the convention as signed, changed by the
    amendments in effect that day and, for annex 1, by the regional director's notices (clauses
    C2, O9, O21, O22). Every page and rule reads them here: the end date, the OPUS cap, the
    services of annex 1 (`services`, and the `scope_changes` in effect), the commitments."""

    day: datetime.date
    amendments: tuple
    duration_months: int | None
    end: legal_dates.LegalDate | None
    accounts_cap: int | None  # clause O22: active accounts at once besides the RGC's; None without annex 2
    services: tuple
    scope_changes: tuple

    @classmethod
    def of(cls, convention, day):
        amendments = tuple(a for a in convention.amendments_in_order() if a.effective_from <= day)
        end = convention.natural_end(day)
        termination = convention.ending_termination()
        if termination and (end is None or termination.last_day_in_force().date <= end.date):
            end = termination.last_day_in_force()
        services = {s.name: ServiceTerm(s.name, s.description, s.access) for s in convention.opus_services.all()}
        scope_changes = tuple(c for c in convention.scope_changes() if c.day <= day)
        for scope_change in scope_changes:
            for change in scope_change.services:
                description = change.description or (
                    services[change.name].description if change.name in services else ""
                )
                services[change.name] = ServiceTerm(change.name, description, change.access)
        return cls(
            day=day,
            amendments=amendments,
            duration_months=convention.duration_on(day),
            end=end,
            accounts_cap=convention.accounts_cap_on(day),
            services=tuple(services.values()),
            scope_changes=scope_changes,
        )

    def commitments(self, convention):
        """Clauses C5, C7: the commitments in force that day (those an amendment added, not those
        it dropped)."""
        ids = {a.pk for a in self.amendments}
        return [
            c
            for c in convention.commitments.all()
            if (c.added_by_id is None or c.added_by_id in ids) and c.dropped_by_id not in ids
        ]


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


class TermChangeQuerySet(models.QuerySet):
    """Writes through a queryset of what changes a convention's term (its terminations and
    amendments) keep the stored terms true (see ConventionQuerySet)."""

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


class TermChange(models.Model):
    """What changes a convention's term keeps the stored term true when saved or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        before = type(self)._base_manager.filter(pk=self.pk).values_list("convention_id", flat=True).first()
        super().save(*args, **kwargs)
        refresh_terms({self.convention_id, before} - {None})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        refresh_terms([self.convention_id])
        return result


class Termination(TermChange):
    """Clauses C12 and O18: a termination before term, the letters it rests on (recorded from the
    ledger, `documents.letters.apply`) and its last day in force."""

    class Ground(models.TextChoices):
        REQUEST = "demande", _l("Demande motivée d'une partie (C12)")
        PARTNER_NOTICE = "preavis_partenaire", _l("Initiative du partenaire, préavis d'un mois (O18)")
        SERVICE_NEEDS = "necessite_service", _l("Initiative de Pôle emploi, nécessités de service (O18)")
        BREACH = "manquement", _l("Initiative de Pôle emploi, manquement du partenaire (O18)")

    OPUS_GROUNDS = (Ground.PARTNER_NOTICE, Ground.SERVICE_NEEDS, Ground.BREACH)

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="terminations")
    ground = models.CharField(_l("fondement"), max_length=30, choices=Ground.choices)
    requested_by = models.ForeignKey(
        Organisation, verbose_name=_l("à l'initiative de"), on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_l("motifs"))
    letter_sent_on = models.DateField(
        _l("lettre recommandée envoyée le"),
        null=True,
        blank=True,
        help_text=_l("Vide tant que la lettre n'est pas partie : le préavis n'a pas commencé."),
    )
    notice_ends_on = models.DateField(
        _l("fin du préavis annoncée"),
        null=True,
        blank=True,
        help_text=_l(
            "Nécessités de service : au plus un mois après l'envoi ; manquement : au plus un mois après la "
            "notification de la décision maintenue (clause O18). Dernier jour en vigueur."
        ),
    )
    reasons_received_on = models.DateField(_l("motifs reçus par la commune le"), null=True, blank=True)
    answer_received_on = models.DateField(_l("observations du partenaire reçues le"), null=True, blank=True)
    decision_maintained = models.BooleanField(_l("résiliation maintenue après observations"), default=False)
    decision_notified_on = models.DateField(
        _l("décision maintenue notifiée le"),
        null=True,
        blank=True,
        help_text=_l("Clause O18 : la résiliation pour manquement intervient dans le mois qui suit."),
    )
    withdrawn = models.BooleanField(_l("demande retirée"), default=False)
    history = HistoricalRecords()

    objects = TermChangeQuerySet.as_manager()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("résiliation")
        ordering = ["-letter_sent_on", "-id"]

    def __str__(self):
        return _("Résiliation %(of_convention)s") % {"of_convention": de(self.convention)}

    def get_absolute_url(self):
        return reverse("documents:termination_detail", args=[self.pk])

    @property
    def by_pole_emploi(self):
        return self.ground in (self.Ground.SERVICE_NEEDS, self.Ground.BREACH) or (
            self.requested_by_id is not None and self.requested_by_id != self.convention.partnership.commune_id
        )

    def latest_notice_end(self):
        """Clause O18: the latest last day Pôle emploi may announce (one month at most)."""
        if self.ground == self.Ground.SERVICE_NEEDS and self.letter_sent_on:
            return legal_dates.termination_last_day_after_notice(self.letter_sent_on, "O18")
        if self.ground == self.Ground.BREACH and self.decision_maintained and self.decision_notified_on:
            return legal_dates.termination_last_day_for_breach(self.decision_notified_on)
        return None

    def last_day_in_force(self):
        """The last day the convention is in force under this termination, or None while it is not
        yet decided (no letter sent; for a breach, no decision maintained and notified)."""
        if self.ground in (self.Ground.REQUEST, self.Ground.PARTNER_NOTICE):
            clause = "C12" if self.ground == self.Ground.REQUEST else "O18"
            return (
                legal_dates.termination_last_day_after_notice(self.letter_sent_on, clause)
                if self.letter_sent_on
                else None
            )
        latest = self.latest_notice_end()
        if latest and self.notice_ends_on and self.notice_ends_on < latest.date:
            return legal_dates.LegalDate(self.notice_ends_on, "O18", _("fin du préavis annoncée par Pôle emploi"))
        return latest

    def effective_date(self):
        """The day the termination takes effect: the day after the last day in force."""
        last = self.last_day_in_force()
        if last is None:
            return None
        return legal_dates.LegalDate(last.date + datetime.timedelta(days=1), last.clause, _("lendemain du préavis"))

    def observations_deadline(self):
        """Clause O18: the partner's observations, within one month of receiving the reasons."""
        if self.ground != self.Ground.BREACH or not self.reasons_received_on:
            return None
        return legal_dates.breach_observations_deadline(self.reasons_received_on)

    def clean(self):
        errors = {}
        if not (self.reasons or "").strip():
            errors["reasons"] = _("Une résiliation doit être motivée.")
        if self.convention_id:
            if self.convention.is_opus and self.ground not in self.OPUS_GROUNDS:
                errors["ground"] = _("La convention OPUS se résilie selon l'article 12 (clause O18).")
            if not self.convention.is_opus and self.ground != self.Ground.REQUEST:
                errors["ground"] = _("La convention de coopération se résilie selon l'article 8 (clause C12).")
        if self.notice_ends_on:
            latest = self.latest_notice_end()
            start = self.decision_notified_on if self.ground == self.Ground.BREACH else self.letter_sent_on
            if self.ground not in (self.Ground.SERVICE_NEEDS, self.Ground.BREACH):
                errors["notice_ends_on"] = _("Une fin de préavis ne s'annonce que par Pôle emploi (clause O18).")
            elif latest and not start < self.notice_ends_on <= latest.date:
                errors["notice_ends_on"] = _(
                    "Le préavis de Pôle emploi est d'un mois au plus : fin au plus tard le %(date)s (clause O18)."
                ) % {"date": french_date(latest.date)}
        if self.ground != self.Ground.BREACH and (self.decision_notified_on or self.decision_maintained):
            errors["decision_notified_on"] = _("Seule une résiliation pour manquement suit une décision maintenue.")
        dates = [self.letter_sent_on, self.reasons_received_on, self.answer_received_on, self.decision_notified_on]
        known = [d for d in dates if d]
        if known != sorted(known):
            errors["decision_notified_on"] = _(
                "Les dates se suivent : envoi des motifs, réception, observations, notification de la décision."
            )
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


class ServiceChangeFields(models.Model):
    """A service of annex 1 (clause O21) and whether the partner has access to it."""

    name = models.CharField(_l("service"), max_length=200)
    description = models.TextField(_l("description"), blank=True)
    access = models.BooleanField(_l("accès"))

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


# Clause O9 (article 5.2): after signature, annex 1 changes by an amendment or a written notice of the
# regional director only. The database keeps it too (partnership migration 0011).
ANNEX_1_SIGNED = _l(
    "L'annexe 1 signée ne se modifie plus : le périmètre d'accès ne change que par une notification écrite et "
    "datée du directeur régional de Pôle emploi, ou par un avenant (clauses O9, O21). Enregistrez la "
    "notification avec son courrier depuis la page de la convention."
)


class OpusService(ServiceChangeFields):
    """Clause O21 (annex 1): a service of OPUS and whether the partner has access to it, as signed."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="opus_services")
    description = models.TextField(_l("description"))
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("service OPUS (annexe 1)")
        verbose_name_plural = _l("services OPUS (annexe 1)")
        ordering = ["id"]

    def clean(self):
        """Clause O9: once the convention is signed, a service is neither added to annex 1 (it has
        services already) nor renamed, nor is its access changed."""
        convention = self.convention if self.convention_id else None
        if convention is None or convention.pk is None or not convention.signed_on:
            return
        before = OpusService.objects.filter(pk=self.pk).values_list("name", "access").first() if self.pk else None
        if before is None:
            changed = OpusService.objects.filter(convention=convention).exists()
        else:
            changed = before != (self.name, self.access)
        if changed:
            raise ValidationError(ANNEX_1_SIGNED)
