"""The OPUS service ledger (clause O10): the support requests the Relais Emploi sends Pôle emploi
through the partners' portal, the outages and degraded service, and the changes announced.

Nothing here names a person: a request is described by its subject and the portal's reference."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from opus_service import legal_dates
from partnership.models import Partnership, partnership_scope
from partnership.scope import Scope


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))


class Delay:
    """A delay of clause O10 for one request: when it ends, when it was met (or None), and
    whether it is kept."""

    ON_TIME, LATE, PENDING, OVERDUE = "a_temps", "en_retard", "en_attente", "depasse"
    LABELS = {
        ON_TIME: _l("dans le délai"),
        LATE: _l("en retard"),
        PENDING: _l("en attente"),
        OVERDUE: _l("délai dépassé"),
    }

    def __init__(self, due, met_at, now):
        self.due, self.met_at = due, met_at
        if met_at is not None:
            self.status = self.ON_TIME if met_at <= due.date else self.LATE
        else:
            self.status = self.OVERDUE if now > due.date else self.PENDING

    @property
    def label(self):
        return self.LABELS[self.status]

    @property
    def late(self):
        return self.status in (self.LATE, self.OVERDUE)


class SupportRequest(models.Model):
    """Clause O10: a question or a malfunction sent through the « contact » section of the
    partners' portal, its acknowledgement (15 working days) and its answer (2 working days)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _l("Question")
        MALFUNCTION = "dysfonctionnement", _l("Dysfonctionnement constaté")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="opus_requests"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    subject = models.CharField(
        _l("objet"), max_length=200, help_text=_l("L'objet de la demande, sans nom ni donnée personnelle.")
    )
    portal_reference = models.CharField(_l("référence sur le Portail Partenaires"), max_length=50, blank=True)
    registered_at = models.DateTimeField(_l("enregistrée le"))
    acknowledged_at = models.DateTimeField(_l("accusé de réception le"), null=True, blank=True)
    answered_at = models.DateTimeField(_l("réponse le"), null=True, blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _l("demande d'assistance OPUS")
        verbose_name_plural = _l("demandes d'assistance OPUS")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True)
                | models.Q(acknowledged_at__gte=models.F("registered_at")),
                name="opus_request_acknowledged_after_registration",
                violation_error_message=_l("L'accusé de réception ne peut précéder l'enregistrement de la demande."),
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(answered_at__gte=models.F("registered_at")),
                name="opus_request_answered_after_registration",
                violation_error_message=_l("La réponse ne peut précéder l'enregistrement de la demande."),
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def ledger_year(self):
        return timezone.localtime(self.registered_at).year

    def acknowledgement(self, now=None):
        return Delay(
            legal_dates.acknowledgement_due_o10(self.registered_at), self.acknowledged_at, now or timezone.now()
        )

    def answer(self, now=None):
        return Delay(legal_dates.answer_due_o10(self.registered_at), self.answered_at, now or timezone.now())

    def late(self, now=None):
        """Whether either delay of clause O10 is missed (or already past without the step)."""
        return self.acknowledgement(now).late or self.answer(now).late


class ServiceInterruption(models.Model):
    """Clause O10: an outage (OPUS closed) or a degradation of its performance, from its start to
    the return of normal service. Outages count against the 98 % availability guaranteed."""

    class Kind(models.TextChoices):
        OUTAGE = "indisponibilite", _l("Indisponibilité")
        DEGRADED = "degradation", _l("Service dégradé")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="opus_interruptions"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_l("début"))
    ends_at = models.DateTimeField(
        _l("retour normal du service"), null=True, blank=True, help_text=_l("Vide tant qu'il dure.")
    )
    description = models.CharField(_l("description"), max_length=300)
    announced_on_portal = models.BooleanField(_l("annoncé sur le Portail Partenaires"), default=False)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _l("interruption du service OPUS")
        verbose_name_plural = _l("interruptions du service OPUS")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="opus_interruption_ends_after_start",
                violation_error_message=_l("Le retour normal du service doit suivre le début."),
            )
        ]

    def __str__(self):
        return self.description

    @property
    def ledger_year(self):
        return timezone.localtime(self.starts_at).year

    def duration_within(self, start, end, now):
        """How long the interruption lasted between `start` and `end` (until `now` while it lasts)."""
        until = min(self.ends_at or now, end)
        since = max(self.starts_at, start)
        return max(until - since, datetime.timedelta(0))


class AnnouncedChange(models.Model):
    """Clause O10: a change of OPUS, announced on the partners' portal five days before it goes
    live, with its user documentation."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="opus_changes"
    )
    title = models.CharField(_l("évolution"), max_length=200)
    announced_on = models.DateField(_l("annoncée le"))
    goes_live_on = models.DateField(_l("mise en ligne le"))
    documentation = models.BooleanField(_l("documentation d'appropriation fournie"), default=False)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _l("évolution annoncée d'OPUS")
        verbose_name_plural = _l("évolutions annoncées d'OPUS")
        ordering = ["-goes_live_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def ledger_year(self):
        return self.goes_live_on.year

    @property
    def announcement_due(self):
        return legal_dates.change_announcement_due_o10(self.goes_live_on)

    @property
    def notice_kept(self):
        """Clause O10: announced at least five days before going live."""
        return self.announced_on <= self.announcement_due.date

    @property
    def notice_days(self):
        return (self.goes_live_on - self.announced_on).days

    def notice_label(self):
        if self.notice_kept:
            return _("préavis respecté (%(days)s jours)") % {"days": self.notice_days}
        return _("préavis insuffisant (%(days)s jours sur 5)") % {"days": self.notice_days}
