"""The yearly steering committee (clause C10)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.french import french_date
from partnership.models.conventions import Convention
from partnership.models.invitations import Invitable
from partnership.models.organisations import Partnership, Person, partnership_scope
from partnership.scope import Scope


class SteeringCommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))

    def held(self):
        return self.filter(status=SteeringCommittee.Status.HELD)


class SteeringCommittee(Invitable):
    """Clause C10: the yearly steering committee, its convocation, its members' answers and
    attendance, minutes and frozen indicators.

    "Un comité de pilotage de la convention réunira une fois par an […]". Its members are
    convened by e-mail with an iCalendar invitation (`partnership.committees.convene`), which
    needs a start time. When it is marked held, the indicators gathered through the
    ``indicators`` hook are copied into `indicators`: later changes to the data never change a
    past committee's record.
    """

    class Status(models.TextChoices):
        PLANNED = "prevu", _l("Prévu")
        HELD = "tenu", _l("Tenu")
        CANCELLED = "annule", _l("Annulé")

    ICAL_UID_PREFIX = "steering-committee"
    # Changes that calendars must hear about (RFC 5545: SEQUENCE grows on significant changes).
    SCHEDULE_FIELDS = ("date", "start_time", "duration_minutes", "place")

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
    start_time = models.TimeField(
        _l("heure de début"),
        null=True,
        blank=True,
        help_text=_l("Nécessaire pour convoquer les membres par courriel avec une invitation d'agenda."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _l("durée (minutes)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    place = models.CharField(_l("lieu"), max_length=200, blank=True)
    convened_on = models.DateField(
        _l("date de convocation"),
        null=True,
        blank=True,
        help_text=_l("Renseignée d'elle-même à l'envoi de la convocation par courriel."),
    )
    agenda = models.TextField(_l("ordre du jour"), blank=True, help_text=_l("Un point par ligne."))
    minutes = models.TextField(_l("compte rendu des échanges"), blank=True)
    decisions = models.TextField(_l("décisions"), blank=True, help_text=_l("Une décision par ligne."))
    status = models.CharField(_l("état"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    indicators = models.JSONField(_l("indicateurs figés"), default=dict, blank=True, editable=False)
    indicators_frozen_at = models.DateTimeField(_l("indicateurs figés le"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=Invitable.INVITATION_FIELDS)

    SCOPE = Scope(partnership="partnership")

    objects = SteeringCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _l("comité de pilotage")
        verbose_name_plural = _l("comités de pilotage")
        ordering = ["-date", "-id"]
        # The list of committees, most recent first, reads only the rows of its page.
        indexes = [models.Index(fields=["date", "id"], name="committee_date_idx")]

    def __str__(self):
        return _("Comité de pilotage du %(date)s") % {"date": french_date(self.date)}

    def get_absolute_url(self):
        return reverse("committee_detail", args=[self.pk])

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def starts_at(self):
        """The start, in the site's time zone; None without a start time."""
        if self.start_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes) if self.start_time else None

    def refusal_to_convene(self, today):
        """Why the members cannot be convened (or told of a change) on `today`, or None."""
        if not self.is_planned:
            return _("Un comité tenu ou annulé ne se convoque plus.")
        if self.start_time is None:
            return _(
                "Indiquez l'heure de début du comité : la convocation est une invitation d'agenda à une heure précise."
            )
        if self.date < today:
            return _("La date du comité est passée : modifiez-la avant de convoquer les membres.")
        return None

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
    """A member of the steering committee (clause C10): the answer to the convocation, then the
    attendance on the day. A member linked to a person with a professional e-mail address
    receives the convocation."""

    class Answer(models.TextChoices):
        NONE = "", _l("Sans réponse")
        ACCEPTED = "accepte", _l("Présence confirmée")
        DECLINED = "excuse", _l("Excusé(e)")
        REPRESENTED = "represente", _l("Se fera représenter")

    class Attendance(models.TextChoices):
        NOT_RECORDED = "", _l("Non relevée")
        PRESENT = "present", _l("Présent(e)")
        REPRESENTED = "represente", _l("Représenté(e)")
        EXCUSED = "excuse", _l("Excusé(e)")
        ABSENT = "absent", _l("Absent(e)")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person,
        verbose_name=_l("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_l("Sa fiche donne l'adresse électronique à laquelle part la convocation."),
    )
    name = models.CharField(_l("nom"), max_length=200)
    function = models.CharField(_l("fonction"), max_length=200, blank=True)
    organisation = models.CharField(_l("structure"), max_length=200, blank=True)
    answer = models.CharField(_l("réponse"), max_length=12, choices=Answer.choices, blank=True, default=Answer.NONE)
    answer_represented_by = models.CharField(_l("représentant annoncé"), max_length=200, blank=True)
    answered_on = models.DateField(_l("réponse reçue le"), null=True, blank=True)
    attendance = models.CharField(
        _l("présence"), max_length=12, choices=Attendance.choices, blank=True, default=Attendance.NOT_RECORDED
    )
    represented_by = models.CharField(_l("représenté par"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="committee__partnership")

    class Meta:
        verbose_name = _l("membre du comité")
        verbose_name_plural = _l("membres du comité")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    @property
    def email(self):
        """The professional address the convocation goes to, if the member is linked to a person."""
        return self.person.email if self.person_id else ""

    def expected_attendance(self):
        """The attendance the answer announces (the attendance form starts from it), and who represents."""
        expected = {
            self.Answer.ACCEPTED: self.Attendance.PRESENT,
            self.Answer.DECLINED: self.Attendance.EXCUSED,
            self.Answer.REPRESENTED: self.Attendance.REPRESENTED,
        }
        return expected.get(self.answer, self.Attendance.NOT_RECORDED), self.answer_represented_by

    def clean(self):
        errors = {}
        if self.answer == self.Answer.REPRESENTED and not self.answer_represented_by.strip():
            errors["answer_represented_by"] = _("Indiquez qui représentera ce membre.")
        if self.answer != self.Answer.REPRESENTED and self.answer_represented_by.strip():
            errors["answer_represented_by"] = _("Seul un membre qui se fait représenter annonce un représentant.")
        if self.answer and not self.answered_on:
            errors["answered_on"] = _("Indiquez le jour où la réponse a été reçue.")
        if not self.answer and self.answered_on:
            errors["answered_on"] = _("Aucune réponse n'est notée : pas de date de réponse.")
        if self.attendance == self.Attendance.REPRESENTED and not self.represented_by.strip():
            errors["represented_by"] = _("Indiquez qui représente ce membre.")
        if self.attendance != self.Attendance.REPRESENTED and self.represented_by.strip():
            errors["represented_by"] = _("Seul un membre représenté a un représentant.")
        if errors:
            raise ValidationError(errors)
