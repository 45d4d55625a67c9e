"""The council session and the deliberation approving the conventions (clauses D1 to D4)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import actes, legal_dates
from partnership.models.organisations import Organisation, Partnership
from partnership.scope import Scope


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
