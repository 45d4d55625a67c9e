"""The yearly steering committee (clause C10)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.french import french_date
from partnership.models.conventions import Convention
from partnership.models.organisations import Partnership, Person
from partnership.scope import Scope


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
        return _("Comité de pilotage du %(date)s") % {"date": french_date(self.date)}

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
        PRESENT = "present", _l("Présent(e)")
        REPRESENTED = "represente", _l("Représenté(e)")
        EXCUSED = "excuse", _l("Excusé(e)")

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
