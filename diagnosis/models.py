"""The quarterly statistics exchange of clause C3 and the shared territorial diagnosis (C10).

Figures are kept per partnership (the commune and its agency), not per convention: the
series runs on across renewals of the cooperation convention. Every submission is a new
version; the current version of a quarter has ``superseded_at`` empty, earlier ones are kept.

Shares (women, long-term unemployed…) are stored as COUNTS of job seekers; percentages are
computed from them (and an upload may give a percentage, turned into a count of A+B+C).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from diagnosis.quarters import Quarter
from partnership.models import Partnership, partnership_scope

# The count fields of a quarter, in the order of the upload template and of the exports.
COUNT_FIELDS = [
    "seekers_abc",
    "seekers_a",
    "seekers_b",
    "seekers_c",
    "under_25",
    "aged_50_plus",
    "women",
    "long_term",
    "rsa",
    "capi_abc",
    "offers_collected",
]
OPTIONAL_COUNT_FIELDS = {"seekers_b", "seekers_c", "rsa", "offers_collected"}
# Subgroups of the A+B+C job seekers.
SUBGROUP_FIELDS = ["seekers_a", "seekers_b", "seekers_c", "under_25", "aged_50_plus", "women", "long_term", "rsa"]


class QuarterlyFiguresQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))

    def current(self):
        return self.filter(superseded_at__isnull=True)


class QuarterlyFigures(models.Model):
    """Clause C3: the figures Pôle emploi supplies on the commune for one quarter."""

    class Source(models.TextChoices):
        FORM = "formulaire", _l("Saisie")
        UPLOAD = "fichier", _l("Dépôt de fichier")
        API = "api", _l("Envoi par l'API")
        DEMO = "demo", _l("Démonstration")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="quarterly_figures"
    )
    year = models.PositiveSmallIntegerField(_l("année"))
    quarter = models.PositiveSmallIntegerField(_l("trimestre"), choices=[(n, f"T{n}") for n in range(1, 5)])
    figures_date = models.DateField(_l("date des chiffres"))
    seekers_abc = models.PositiveIntegerField(_l("demandeurs d'emploi cat. A, B, C"))
    seekers_a = models.PositiveIntegerField(_l("cat. A"))
    seekers_b = models.PositiveIntegerField(_l("cat. B"), null=True, blank=True)
    seekers_c = models.PositiveIntegerField(_l("cat. C"), null=True, blank=True)
    under_25 = models.PositiveIntegerField(_l("moins de 25 ans"))
    aged_50_plus = models.PositiveIntegerField(_l("50 ans et plus"))
    women = models.PositiveIntegerField(_l("femmes"))
    long_term = models.PositiveIntegerField(_l("chômeurs de longue durée"))
    rsa = models.PositiveIntegerField(_l("bénéficiaires du RSA"), null=True, blank=True)
    capi_abc = models.PositiveIntegerField(_l("demandeurs cat. A, B, C de l'intercommunalité"))
    offers_collected = models.PositiveIntegerField(_l("offres d'emploi collectées"), null=True, blank=True)
    demo = models.BooleanField(_l("chiffres de démonstration"), default=False)
    source = models.CharField(_l("origine"), max_length=20, choices=Source.choices, default=Source.FORM)
    version = models.PositiveSmallIntegerField(_l("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_l("transmis par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_l("transmis le"), default=timezone.now)
    superseded_at = models.DateTimeField(_l("remplacé le"), null=True, blank=True)

    objects = QuarterlyFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _l("chiffres trimestriels")
        verbose_name_plural = _l("chiffres trimestriels")
        ordering = ["partnership", "year", "quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "quarter"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_version_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["partnership", "year", "quarter", "version"], name="unique_quarter_version"
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"),
            models.CheckConstraint(condition=Q(seekers_a__lte=models.F("seekers_abc")), name="a_within_abc"),
            models.CheckConstraint(condition=Q(seekers_abc__lte=models.F("capi_abc")), name="commune_within_capi"),
        ]
        indexes = [models.Index(fields=["partnership", "year", "quarter"], name="diag_fig_quarter_idx")]

    def __str__(self):
        return f"{self.partnership} — {self.period.short}"

    def get_absolute_url(self):
        return reverse("diagnosis:quarter", args=[self.partnership_id, self.year, self.quarter])

    @property
    def period(self):
        return Quarter(self.year, self.quarter)

    def share_of(self, field):
        """`field` as a percentage of the A+B+C job seekers (None when unknown)."""
        value = getattr(self, field)
        if value is None or not self.seekers_abc:
            return None
        return 100 * value / self.seekers_abc

    @property
    def women_share(self):
        return self.share_of("women")

    @property
    def long_term_share(self):
        return self.share_of("long_term")

    @property
    def capi_share(self):
        """The commune's share of the intercommunality's A+B+C job seekers, in percent."""
        return 100 * self.seekers_abc / self.capi_abc if self.capi_abc else None

    def values(self):
        return {name: getattr(self, name) for name in COUNT_FIELDS}


class MovementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))

    def in_quarter(self, quarter):
        return self.filter(date__gte=quarter.start, date__lte=quarter.end)


class BusinessMovement(models.Model):
    """Clause C3 (and the Relais Emploi's commitment with the economic service): a company's
    opening, closure, expansion or redundancy plan, reported to Pôle emploi.

    Companies are legal entities: no personal data is recorded here."""

    class Kind(models.TextChoices):
        OPENING = "ouverture", _l("Ouverture")
        CLOSURE = "fermeture", _l("Fermeture")
        EXPANSION = "extension", _l("Extension")
        REDUNDANCY = "plan_social", _l("Plan de licenciement")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="business_movements"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    company = models.CharField(_l("entreprise"), max_length=200)
    siret = models.CharField(_l("SIRET"), max_length=14, blank=True)
    date = models.DateField(_l("date du mouvement"))
    jobs_created = models.PositiveIntegerField(_l("emplois créés"), default=0)
    jobs_lost = models.PositiveIntegerField(_l("emplois supprimés"), default=0)
    source = models.CharField(
        _l("source"), max_length=200, help_text=_l("Service Économie, presse, entreprise, chambre consulaire…")
    )
    passed_to_pole_emploi_on = models.DateField(_l("transmis à Pôle emploi le"), null=True, blank=True)
    notes = models.TextField(_l("observations"), blank=True)
    demo = models.BooleanField(_l("donnée de démonstration"), default=False)
    history = HistoricalRecords()

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _l("mouvement d'entreprise")
        verbose_name_plural = _l("mouvements d'entreprises")
        ordering = ["-date", "company"]

    def __str__(self):
        return f"{self.company} — {self.get_kind_display()} ({self.date:%d/%m/%Y})"

    @property
    def period(self):
        return Quarter.of(self.date)

    @property
    def passed_to_pole_emploi(self):
        return self.passed_to_pole_emploi_on is not None


class QuarterNote(models.Model):
    """The quarter's shared diagnosis: a short comment both parties write (C10), and the date
    the commune sent Pôle emploi its report of business movements (C3)."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="quarter_notes"
    )
    year = models.PositiveSmallIntegerField(_l("année"))
    quarter = models.PositiveSmallIntegerField(_l("trimestre"))
    comment = models.TextField(_l("commentaire partagé"), blank=True, max_length=3000)
    movements_reported_on = models.DateField(
        _l("bilan des mouvements d'entreprises transmis le"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_l("mis à jour le"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _l("diagnostic du trimestre")
        verbose_name_plural = _l("diagnostics des trimestres")
        constraints = [models.UniqueConstraint(fields=["partnership", "year", "quarter"], name="one_note_per_quarter")]

    def __str__(self):
        return f"{self.partnership} — T{self.quarter} {self.year}"


def default_figures_date(year, quarter):
    return Quarter(year, quarter).end
