"""Amendments (avenants) to a convention: from their date of effect they change its duration
(clause C2), the cap of annex 2 (O22), the services of annex 1 (O9, O21) or the commitments (C5,
C7). The terms in force on a day are computed from the convention and its amendments in one
place, `Convention.terms_on`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership import legal_dates
from partnership.french import de, french_date
from partnership.models.conventions import Convention, ServiceChangeFields, TermChange, TermChangeQuerySet
from partnership.models.council import Deliberation
from partnership.scope import Scope


class Amendment(TermChange):
    """Clauses C2, O9, O21, O22: an amendment, its approval and signature, and what it changes
    from its date of effect (a field left empty changes nothing)."""

    convention = models.ForeignKey(
        Convention, verbose_name=_l("convention"), on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_l("avenant n°"))
    object = models.CharField(_l("objet"), max_length=300)
    deliberation = models.ForeignKey(
        Deliberation,
        verbose_name=_l("délibération d'approbation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text=_l("Quand la loi demande l'approbation du conseil municipal, comme pour la convention."),
    )
    signed_on = models.DateField(_l("signé le"), null=True, blank=True)
    effective_from = models.DateField(_l("prend effet le"))
    duration_months = models.PositiveSmallIntegerField(
        _l("nouvelle durée (mois)"),
        null=True,
        blank=True,
        help_text=_l("Durée totale depuis la prise d'effet de la convention (clause C2)."),
    )
    active_accounts_cap = models.PositiveSmallIntegerField(
        _l("nouveau plafond de comptes actifs (hors RGC)"), null=True, blank=True, help_text=_l("Clause O22.")
    )
    notes = models.TextField(_l("notes"), blank=True)
    history = HistoricalRecords()

    objects = TermChangeQuerySet.as_manager()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("avenant")
        ordering = ["convention", "effective_from", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="one_amendment_number_per_convention",
                violation_error_message=_l("Cette convention a déjà un avenant de ce numéro."),
            ),
        ]

    def __str__(self):
        return _("Avenant n° %(number)s %(of_convention)s") % {
            "number": self.number,
            "of_convention": de(self.convention),
        }

    def get_absolute_url(self):
        return reverse("amendment_detail", args=[self.pk])

    def clean(self):
        errors = {}
        convention = self.convention if self.convention_id else None
        if convention is None:
            return
        start, end = convention.effective_date(), convention.end_date()
        if self.effective_from and start and self.effective_from < start.date:
            errors["effective_from"] = _("Un avenant prend effet pendant la convention, pas avant elle.")
        if self.effective_from and end and self.effective_from > end.date:
            errors["effective_from"] = _(
                "La convention n'est plus en vigueur le %(date)s (dernier jour : %(end)s) : un avenant ne la modifie "
                "que pendant son cours."
            ) % {"date": french_date(self.effective_from), "end": french_date(end.date)}
        if self.signed_on and self.effective_from and self.signed_on > self.effective_from:
            errors["signed_on"] = _("L'avenant prend effet à sa signature au plus tôt.")
        if self.duration_months is not None:
            if convention.is_opus:
                errors["duration_months"] = _(
                    "La convention OPUS dure autant que la convention de partenariat (clause O20) : modifiez la durée "
                    "de celle-ci."
                )
            elif start and self.effective_from:
                new_end = legal_dates.convention_end(start.date, self.duration_months).date
                if new_end < self.effective_from:
                    errors["duration_months"] = _(
                        "Avec cette durée, la convention aurait pris fin le %(date)s, avant l'effet de l'avenant."
                    ) % {"date": french_date(new_end)}
        if self.active_accounts_cap is not None and not (convention.is_opus and convention.annex()):
            errors["active_accounts_cap"] = _("Le plafond de comptes est celui de l'annexe 2 d'une convention OPUS.")
        if errors:
            raise ValidationError(errors)


class AmendedService(ServiceChangeFields):
    """Clauses O9 and O21: a service of annex 1 given or withdrawn by an amendment (a new name adds
    a service)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="services")
    history = HistoricalRecords()

    SCOPE = Scope(partnership="amendment__convention__partnership")

    class Meta:
        verbose_name = _l("service modifié par avenant")
        verbose_name_plural = _l("services modifiés par avenant")
        ordering = ["id"]
