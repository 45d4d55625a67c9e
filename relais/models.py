import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.french import french_date
from partnership.models import Invitable, Partnership, Person, partnership_scope
from partnership.scope import Scope
from relais.legal_dates import event_information_due_c7


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership_scope(user, "partnership"))


class MonthlyActivityQuerySet(ScopedQuerySet):
    def month_to_enter(self, partnership, today, lookback=12):
        """(year, month) the activity form proposes: the last month over and not yet entered
        for `partnership`, looked for from the previous month back to its first month entered
        (at most `lookback` months); the previous month when none is entered yet, the current
        month when every one is."""
        entered = set(self.filter(partnership=partnership).values_list("year", "month"))
        if not entered:
            return _month_before(today.year, today.month)
        first = min(entered)
        year, month = today.year, today.month
        for _step in range(lookback):
            year, month = _month_before(year, month)
            if (year, month) < first:
                break
            if (year, month) not in entered:
                return year, month
        return today.year, today.month


def _month_before(year, month):
    return (year, month - 1) if month > 1 else (year - 1, 12)


class ReferentMeetingQuerySet(ScopedQuerySet):
    def held(self):
        return self.filter(status=ReferentMeeting.Status.HELD)


class MeetingStateError(Exception):
    """A change the meeting's state refuses; the message says why, in French."""


class ReferentMeeting(Invitable):
    """Clause C6: the meeting every two months between Pôle emploi's referent and the Relais
    Emploi, on three standing subjects; clause O17: the follow-up of the placement activity
    done through OPUS can be put on its agenda."""

    class Status(models.TextChoices):
        PLANNED = "prevue", _l("Prévue")
        HELD = "tenue", _l("Tenue")
        CANCELLED = "annulee", _l("Annulée")

    # The three standing subjects of clause C6, in the convention's words.
    SUBJECTS = (
        ("minutes_structures", _l("Les évolutions de chacune des structures")),
        ("minutes_projects", _l("Les projets en cours de part et d'autre")),
        ("minutes_economy", _l("La situation économique et de l'emploi")),
    )

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="referent_meetings"
    )
    starts_at = models.DateTimeField(_l("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(
        _l("durée (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    place = models.CharField(_l("lieu"), max_length=200)
    status = models.CharField(_l("état"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # One list: the people of both parties (a staff account's Person has its e-mail address).
    participants = models.ManyToManyField(
        Person,
        verbose_name=_l("participants des deux parties"),
        blank=True,
        related_name="+",
        help_text=_l("L'invitation part vers ceux qui ont une adresse électronique professionnelle."),
    )
    absent = models.ManyToManyField(
        Person,
        verbose_name=_l("participants absents"),
        blank=True,
        related_name="+",
        help_text=_l("Une fois la réunion tenue : ceux des participants qui n'y étaient pas."),
    )
    other_participants = models.TextField(
        _l("autres participants"),
        blank=True,
        help_text=_l(
            "Les personnes extérieures aux deux parties : nom et structure, une par ligne ; rien d'autre. "
            "Elles ne reçoivent pas l'invitation."
        ),
    )
    opus_placement = models.BooleanField(
        _l("suivi de l'activité de placement OPUS à l'ordre du jour (O17)"), default=True
    )
    free_items = models.TextField(
        _l("autres points à l'ordre du jour"), blank=True, help_text=_l("Un point par ligne.")
    )
    minutes_structures = models.TextField(_l("compte rendu : évolutions des structures"), blank=True)
    minutes_projects = models.TextField(_l("compte rendu : projets en cours"), blank=True)
    minutes_economy = models.TextField(_l("compte rendu : situation économique et de l'emploi"), blank=True)
    minutes_opus = models.TextField(_l("compte rendu : activité de placement OPUS"), blank=True)
    minutes_other = models.TextField(_l("compte rendu : autres points"), blank=True)
    decisions = models.TextField(_l("décisions"), blank=True, help_text=_l("Une décision par ligne."))
    # Who marked the meeting held, and when: that user may undo it the same day.
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_l("marquée tenue par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    held_at = models.DateTimeField(_l("marquée tenue le"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=Invitable.INVITATION_FIELDS)

    ICAL_UID_PREFIX = "referent-meeting"

    objects = ReferentMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _l("réunion avec le référent")
        verbose_name_plural = _l("réunions avec le référent")
        ordering = ["-starts_at", "-id"]
        # The list of meetings and its years read only the rows they show, in this order; with the
        # partnership in the index, a wide scope's meetings of a period are counted from the index
        # alone, without reading each row.
        indexes = [models.Index(fields=["starts_at", "id", "partnership"], name="referent_meeting_start_scope")]

    def __str__(self):
        return _("Réunion du %(date)s") % {"date": french_date(self.starts_at)}

    def get_absolute_url(self):
        return reverse("relais:meeting_detail", args=[self.pk])

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    MINUTES_FIELDS = (
        "minutes_structures",
        "minutes_projects",
        "minutes_economy",
        "minutes_opus",
        "minutes_other",
        "decisions",
    )

    @property
    def has_minutes(self):
        """Whether any part of the minutes (or a decision) is written."""
        return any(getattr(self, name).strip() for name in self.MINUTES_FIELDS)

    def has_started(self, now):
        return self.starts_at <= now

    def refusal_to_mark_held(self, now):
        """Why the meeting cannot be marked held at `now`, or None. Clause C6 counts meetings
        held: one that has not begun cannot be."""
        if self.status == self.Status.HELD:
            return _("La réunion est déjà marquée comme tenue.")
        if self.status != self.Status.PLANNED:
            return _("Une réunion annulée ne peut pas être marquée comme tenue.")
        if not self.has_started(now):
            return _(
                "La réunion n'a pas encore commencé : elle pourra être marquée comme tenue à partir du %(date)s."
            ) % {"date": french_date(timezone.localtime(self.starts_at), "j F Y à H\\hi")}
        return None

    def mark_held(self, user, now):
        """Planned → held, by `user` at `now` (save the status, held_by and held_at fields)."""
        refusal = self.refusal_to_mark_held(now)
        if refusal:
            raise MeetingStateError(refusal)
        self.status, self.held_by, self.held_at = self.Status.HELD, user, now

    def held_mark_undoable_by(self, user, now):
        """Marking held can be undone by the user who did it, on the same day."""
        return (
            self.status == self.Status.HELD
            and self.held_by_id is not None
            and self.held_by_id == user.pk
            and self.held_at is not None
            and timezone.localdate(self.held_at) == timezone.localdate(now)
        )

    def undo_held(self, user, now):
        """Held → planned again, within the rule of `held_mark_undoable_by`."""
        if not self.held_mark_undoable_by(user, now):
            raise MeetingStateError(
                _("Seule la personne qui a marqué la réunion comme tenue peut revenir dessus, et le jour même.")
            )
        self.status, self.held_by, self.held_at = self.Status.PLANNED, None, None

    def free_item_list(self):
        return [line.strip() for line in self.free_items.splitlines() if line.strip()]

    def decision_list(self):
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]

    def other_participant_list(self):
        return [line.strip() for line in self.other_participants.splitlines() if line.strip()]

    def agenda(self):
        """The agenda's items: the three subjects of C6, OPUS if set (O17), then each other point."""
        items = [str(title) for _field, title in self.SUBJECTS]
        if self.opus_placement:
            items.append(_("Le suivi de l'activité de placement réalisée par OPUS (O17)"))
        return items + self.free_item_list()

    def subjects(self):
        """(title, minutes) of each agenda subject: the three of C6, OPUS (O17) if set, the rest."""
        items = [(title, getattr(self, field)) for field, title in self.SUBJECTS]
        if self.opus_placement:
            items.append((_("Le suivi de l'activité de placement réalisée par OPUS (O17)"), self.minutes_opus))
        if self.free_item_list() or self.minutes_other:
            items.append(
                (_("Autres points : %(items)s") % {"items": " ; ".join(self.free_item_list())}, self.minutes_other)
            )
        return items


class FollowUpAction(models.Model):
    """An action decided at a referent meeting, in the calendar of obligations until done."""

    meeting = models.ForeignKey(ReferentMeeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_l("action"), max_length=300)
    owner = models.CharField(_l("responsable"), max_length=200, help_text=_l("Nom et structure."))
    due_on = models.DateField(_l("échéance"))
    done_on = models.DateField(_l("réalisée le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _l("action de suivi")
        verbose_name_plural = _l("actions de suivi")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.text


class MonthlyActivity(models.Model):
    """The Relais Emploi's figures for one month (clauses C4, C7, O4, O11, O17): counts only.

    There is deliberately no text field: nothing here can hold a name or any of the
    categories of clause O14.
    """

    COUNT_FIELDS = (
        "free_slot_visitors",
        "appointments",
        "registration_help",
        "monthly_update_help",
        "opus_offers_consulted",
        "opus_employer_contacts",
        "opus_cv_requests",
        "opus_candidates_convened",
        "opus_offer_documents",
        "jobs_obtained",
        "trainings_obtained",
    )

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="monthly_activity"
    )
    year = models.PositiveSmallIntegerField(_l("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_l("mois"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    free_slot_visitors = models.PositiveIntegerField(_l("personnes reçues sur les plages d'accueil libre"), default=0)
    appointments = models.PositiveIntegerField(_l("rendez-vous"), default=0)
    registration_help = models.PositiveIntegerField(_l("personnes aidées pour l'inscription"), default=0)
    monthly_update_help = models.PositiveIntegerField(_l("personnes aidées pour l'actualisation mensuelle"), default=0)
    opus_offers_consulted = models.PositiveIntegerField(_l("offres consultées dans OPUS"), default=0)
    opus_employer_contacts = models.PositiveIntegerField(_l("mises en relation avec des employeurs (OPUS)"), default=0)
    opus_cv_requests = models.PositiveIntegerField(_l("demandes de CV (OPUS)"), default=0)
    opus_candidates_convened = models.PositiveIntegerField(_l("candidats convoqués (OPUS)"), default=0)
    # Clause O11: the offer document the system produces, handed to every candidate the Relais acts for.
    opus_offer_documents = models.PositiveIntegerField(_l("documents d'offre remis aux candidats (OPUS)"), default=0)
    jobs_obtained = models.PositiveIntegerField(
        _l("retours à l'emploi connus"), null=True, blank=True, help_text=_l("Vide si inconnu.")
    )
    trainings_obtained = models.PositiveIntegerField(
        _l("entrées en formation connues"), null=True, blank=True, help_text=_l("Vide si inconnu.")
    )
    history = HistoricalRecords()

    objects = MonthlyActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _l("activité mensuelle")
        verbose_name_plural = _l("activité mensuelle")
        ordering = ["partnership", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "month"], name="one_activity_row_per_month")
        ]

    def __str__(self):
        return f"{self.month:02d}/{self.year}"


class Event(models.Model):
    """An employment or training event (clause C7: Pôle emploi is informed of it)."""

    class Kind(models.TextChoices):
        FORUM = "forum", _l("Forum")
        JOB_DATING = "job_dating", _l("Job dating")
        INFORMATION = "information", _l("Réunion d'information")
        OTHER = "autre", _l("Autre action")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_l("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_l("intitulé"), max_length=200)
    date = models.DateField(_l("date"))
    place = models.CharField(_l("lieu"), max_length=200, blank=True)
    partners = models.CharField(_l("partenaires"), max_length=300, blank=True, help_text=_l("Structures associées."))
    attendance = models.PositiveIntegerField(_l("participants (nombre)"), null=True, blank=True)
    employers = models.PositiveIntegerField(_l("employeurs présents (nombre)"), null=True, blank=True)
    pole_emploi_informed_on = models.DateField(
        _l("Pôle emploi informé le"), null=True, blank=True, help_text=_l("Clause C7.")
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("événement")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title

    @property
    def pole_emploi_informed(self):
        return self.pole_emploi_informed_on is not None

    @property
    def information_due(self):
        return event_information_due_c7(self.date)

    @property
    def informed_ahead(self):
        """Clause C7: Pôle emploi was informed before the event."""
        return self.pole_emploi_informed and self.pole_emploi_informed_on <= self.information_due.date


class InformationSession(models.Model):
    """Clause C5: Pôle emploi informs the Relais Emploi through expert advisors on five subjects,
    at its information meetings for partners or by e-mail to the Relais Emploi's advisor."""

    class Subject(models.TextChoices):
        ORGANISATION = (
            "organisation",
            _l(
                "Les nouveautés en termes d'organisation (assurance chômage, outils numériques, "
                "mesures gouvernementales)"
            ),
        )
        BULK_OFFERS = "offres_en_nombre", _l("Les offres en nombre")
        RECRUITMENT = "recrutement", _l("Les informations collectives de recrutement")
        TRAINING = "formations", _l("Les formations financées par Pôle emploi")
        SERVICES = "prestations", _l("Les prestations mises en place par Pôle emploi")

    class Channel(models.TextChoices):
        MEETING = "reunion", _l("Réunion d'information aux partenaires")
        EMAIL = "courriel", _l("Courriel au conseiller du Relais Emploi")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="information_sessions"
    )
    date = models.DateField(_l("date"))
    subject = models.CharField(_l("sujet (clause C5)"), max_length=20, choices=Subject.choices)
    channel = models.CharField(_l("forme"), max_length=20, choices=Channel.choices)
    title = models.CharField(_l("intitulé"), max_length=200)
    attendees = models.PositiveSmallIntegerField(
        _l("agents du Relais Emploi présents"), default=0, validators=[MaxValueValidator(20)]
    )
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("information de Pôle emploi")
        verbose_name_plural = _l("informations de Pôle emploi")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class CommunicationAction(models.Model):
    """Clause C11: "La Mairie et Pôle Emploi s'engagent à faire connaître cette convention et à
    valoriser leur partenariat auprès des publics et acteurs concernés, en interne et en externe"."""

    class Medium(models.TextChoices):
        PRESS = "presse", _l("Presse")
        BULLETIN = "bulletin", _l("Bulletin municipal")
        WEBSITE = "site", _l("Site internet")
        PRINT = "affichage", _l("Flyers et affiches")
        SOCIAL = "reseaux", _l("Réseaux sociaux")
        OTHER = "autre", _l("Autre")

    class Audience(models.TextChoices):
        JOB_SEEKERS = "demandeurs", _l("Demandeurs d'emploi et habitants")
        EMPLOYERS = "employeurs", _l("Employeurs")
        PARTNERS = "partenaires", _l("Acteurs de l'emploi et de l'insertion")
        INTERNAL = "interne", _l("Interne (agents et élus)")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="communication_actions"
    )
    date = models.DateField(_l("date"))
    medium = models.CharField(_l("support"), max_length=20, choices=Medium.choices)
    audience = models.CharField(_l("public visé"), max_length=20, choices=Audience.choices)
    title = models.CharField(_l("action"), max_length=200)
    by_pole_emploi = models.BooleanField(_l("menée par Pôle emploi"), default=False)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("action de communication")
        verbose_name_plural = _l("actions de communication")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class InnovativeAction(models.Model):
    """Clause C10, second indicator of the steering committee: "Les actions innovantes proposées
    et mises en œuvre et leurs résultats"."""

    class Proposer(models.TextChoices):
        COMMUNE = "commune", _l("La commune")
        POLE_EMPLOI = "pole_emploi", _l("Pôle emploi")
        BOTH = "ensemble", _l("Les deux partenaires")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="innovative_actions"
    )
    title = models.CharField(_l("action"), max_length=200)
    proposed_on = models.DateField(_l("proposée le"))
    proposed_by = models.CharField(_l("proposée par"), max_length=20, choices=Proposer.choices)
    carried_out_on = models.DateField(
        _l("mise en œuvre le"), null=True, blank=True, help_text=_l("Vide si pas encore.")
    )
    results = models.TextField(
        _l("résultats"), blank=True, help_text=_l("Des chiffres et des faits, sans nom ni donnée personnelle.")
    )
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("action innovante")
        verbose_name_plural = _l("actions innovantes")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(carried_out_on__isnull=True) | models.Q(carried_out_on__gte=models.F("proposed_on")),
                name="innovative_action_carried_out_after_proposal",
                violation_error_message=_l("Une action ne peut être mise en œuvre avant d'avoir été proposée."),
            )
        ]

    def __str__(self):
        return self.title


# --- Premises, equipment, staff and reception slots (clause C4) ------------------------------


class Premises(models.Model):
    """Clause C4: the premises the commune puts at the disposal of people looking for a job or a
    training, at the Pôle Social, Insertion, Emploi and elsewhere."""

    class Kind(models.TextChoices):
        RECEPTION = "accueil", _l("Espace d'accueil (affichage des offres et informations)")
        SELF_SERVICE = "libre_service", _l("Espace en libre utilisation")
        OFFICE = "bureau", _l("Bureau d'accueil individuel")
        OTHER = "autre", _l("Autre local d'accompagnement individuel ou collectif")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="premises"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    name = models.CharField(_l("nom"), max_length=200)
    address = models.CharField(_l("adresse"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("local")
        verbose_name_plural = _l("locaux")
        ordering = ["partnership", "order", "id"]

    def __str__(self):
        return self.name


class Equipment(models.Model):
    """Clause C4: the equipment of a room (a computer, a copier, a phone, a display board)."""

    class State(models.TextChoices):
        WORKING = "en_service", _l("En service")
        FAULTY = "en_panne", _l("En panne")
        TO_REPLACE = "a_remplacer", _l("À remplacer")

    premises = models.ForeignKey(Premises, verbose_name=_l("local"), on_delete=models.CASCADE, related_name="equipment")
    name = models.CharField(_l("équipement"), max_length=200)
    quantity = models.PositiveSmallIntegerField(_l("nombre"), default=1, validators=[MinValueValidator(1)])
    state = models.CharField(_l("état"), max_length=20, choices=State.choices, default=State.WORKING)
    checked_on = models.DateField(_l("état constaté le"), null=True, blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="premises__partnership")

    class Meta:
        verbose_name = _l("équipement")
        ordering = ["premises", "id"]

    def __str__(self):
        return self.name


class StaffAssignment(models.Model):
    """Clause C4: "2 agent salariés de la Mairie assurent" the free reception, the individual
    follow-up on appointment and the service's actions."""

    AGENTS_AGREED = 2

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="staff_assignments"
    )
    person = models.ForeignKey(Person, verbose_name=_l("agent"), on_delete=models.PROTECT, related_name="+")
    free_reception = models.BooleanField(_l("accueil du public sur les plages d'accueil libre"), default=True)
    appointments = models.BooleanField(_l("accueil et suivi individuel sur rendez-vous"), default=True)
    actions = models.BooleanField(_l("actions du service (insertion, emploi)"), default=True)
    since = models.DateField(_l("affecté depuis le"))
    until = models.DateField(_l("jusqu'au"), null=True, blank=True, help_text=_l("Vide tant qu'il est affecté."))
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("agent affecté")
        verbose_name_plural = _l("agents affectés")
        ordering = ["partnership", "since", "id"]

    def __str__(self):
        return str(self.person)

    def assigned_on(self, day):
        return self.since <= day and (self.until is None or day <= self.until)

    def missions(self):
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("free_reception", "appointments", "actions")
            if getattr(self, name)
        ]


class ReceptionSlot(models.Model):
    """Clause C4: a weekly slot of free reception or of appointments."""

    class Kind(models.TextChoices):
        FREE = "accueil_libre", _l("Accueil libre")
        APPOINTMENTS = "rendez_vous", _l("Rendez-vous")

    WEEKDAYS = [(0, _l("lundi")), (1, _l("mardi")), (2, _l("mercredi")), (3, _l("jeudi")), (4, _l("vendredi")),
                (5, _l("samedi"))]  # fmt: skip

    partnership = models.ForeignKey(
        Partnership, verbose_name=_l("partenariat"), on_delete=models.PROTECT, related_name="reception_slots"
    )
    kind = models.CharField(_l("nature"), max_length=20, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(_l("jour"), choices=WEEKDAYS)
    starts_at = models.TimeField(_l("de"))
    ends_at = models.TimeField(_l("à"))
    premises = models.ForeignKey(
        Premises, verbose_name=_l("local"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    SCOPE = Scope(partnership="partnership")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _l("plage d'accueil")
        verbose_name_plural = _l("plages d'accueil")
        ordering = ["partnership", "weekday", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="reception_slot_ends_after_start",
                violation_error_message=_l("La plage doit finir après son début."),
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
