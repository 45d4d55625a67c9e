"""Organisations, the people the documents name, the logins, and the partnerships."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import actes
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


# Between the names of a user's groups as `UserWithOrganisationManager` reads them.
GROUP_NAMES_SEPARATOR = "\x1f"


class GroupNames(models.Aggregate):
    """The names of groups joined by GROUP_NAMES_SEPARATOR, in one text (PostgreSQL's STRING_AGG,
    SQLite's GROUP_CONCAT)."""

    function = "STRING_AGG"
    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, models.Value(GROUP_NAMES_SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


class UserWithOrganisationManager(UserManager):
    """Users read with their organisation: the header of every page names it, and the login of
    each request (ModelBackend.get_user, the ProConnect backend) reads the user this way; with
    whether other bodies are attached to it, which tells how to read the user's partnerships;
    and with the names of their groups, their roles (`permissions.roles_of`), which every page
    asks for: one query less on each."""

    def get_queryset(self):
        # Whether bodies are attached to the organisation (`PartnershipQuerySet.visible_to`).
        attached = Organisation.objects.filter(parent=OuterRef("organisation"))
        groups = Group.objects.filter(user=OuterRef("pk")).order_by().values("user").annotate(names=GroupNames("name"))
        return (
            super()
            .get_queryset()
            .select_related("organisation")
            .annotate(organisation_has_attached=Exists(attached), group_names=Subquery(groups.values("names")))
        )


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
    # Chosen with the language switch of the header; empty until then (the pages follow the
    # browser, e-mails and documents sent to the user are in French). See partnership/languages.py.
    # The database's default too, for the code that writes users without knowing the column
    # (a data migration's historical model).
    language = models.CharField(
        _l("langue"), max_length=10, choices=settings.LANGUAGES, blank=True, default="", db_default=""
    )

    SCOPE = Scope(member="")

    objects = UserWithOrganisationManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _l("utilisateur")


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The partnerships `user`'s organisation is party to, directly or as the parent body
        (an intercommunality for its communes, a regional direction for its agencies)."""
        return self.filter(partnership_scope(user))


def partnership_scope(user, path=""):
    """The rows whose partnership, reached by the foreign keys of `path` ("partnership",
    "convention__partnership"; "" for the partnerships themselves), is one of `user`'s (see
    `PartnershipQuerySet.visible_to`), as a Q for `filter`."""
    if user.is_superuser:
        return Q()
    organisation = user.organisation_id
    if organisation is None:
        return Q(pk__in=[])
    prefix = f"{path}__" if path else ""
    if getattr(user, "organisation_has_attached", True):
        # An intercommunality or a regional direction: joined, not as subqueries of the
        # organisations, with which the planner reckons that most partnerships match and reads
        # a list in its order (the meetings' dates), checking each row.
        own = Q(commune=organisation) | Q(agency=organisation)
        own |= Q(commune__parent=organisation) | Q(agency__parent=organisation)
        return Q(**{f"{path}__in": Partnership.objects.filter(own).values("pk")}) if path else own
    # A commune or an agency, to which no body is attached (as the user was read): the keys of
    # the partnership the rows reach, with no subquery (the join of every partnership and
    # organisation took 1.7 ms at 2,000 partnerships in each query; a subquery doubles the time
    # the planner takes over a query of several joins).
    return Q(**{f"{prefix}commune": organisation}) | Q(**{f"{prefix}agency": organisation})


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
        # The lists in the order of the partnerships' names read only the rows of their page.
        indexes = [models.Index(fields=["name", "id"], name="partnership_name_idx")]

    def __str__(self):
        return self.name

    def cooperation_end(self):
        """The last day of its last cooperation convention (clause C2, or the eve of an earlier
        termination), None when none has one. Reads `conventions` and their `terminations`:
        prefetch them when asking many partnerships."""
        ends = [c.end_date() for c in self.conventions.all() if not c.is_opus]
        return max((end.date for end in ends if end), default=None)
