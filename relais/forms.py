from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.forms import choices_from
from partnership.models import Partnership, Person
from partnership.sensitive import SensitiveTextMixin
from relais.models import (
    CommunicationAction,
    Equipment,
    Event,
    FollowUpAction,
    InformationSession,
    InnovativeAction,
    MonthlyActivity,
    Premises,
    ReceptionSlot,
    ReferentMeeting,
    StaffAssignment,
)


class ScopedPartnershipMixin:
    """Restrict the partnership choice to the user's own; hide it when there is only one."""

    def _scope_partnership(self, user):
        partnerships = Partnership.objects.visible_to(user).select_related("commune", "agency")
        self.fields["partnership"].queryset = partnerships
        choices_from(self.fields["partnership"], partnerships)
        if len(partnerships) == 1 and not self.instance.pk:
            self.fields["partnership"].initial = partnerships[0].pk
        return partnerships


def participant_label(person):
    label = f"{person} — {person.function or person.organisation}"
    if person.function:
        label += f" ({person.organisation})"
    if not person.email:
        label += " · " + _("sans adresse électronique : pas d'invitation")
    return label


class MeetingForm(SensitiveTextMixin, ScopedPartnershipMixin, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_l("Date et heure"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    class Meta:
        model = ReferentMeeting
        fields = [
            "partnership",
            "starts_at",
            "duration_minutes",
            "place",
            "participants",
            "absent",
            "other_participants",
            "opus_placement",
            "free_items",
            "minutes_structures",
            "minutes_projects",
            "minutes_economy",
            "minutes_opus",
            "minutes_other",
            "decisions",
        ]
        widgets = {
            "participants": forms.CheckboxSelectMultiple,
            "absent": forms.CheckboxSelectMultiple,
            "other_participants": forms.Textarea(attrs={"rows": 2}),
            "free_items": forms.Textarea(attrs={"rows": 2}),
            "minutes_structures": forms.Textarea(attrs={"rows": 4}),
            "minutes_projects": forms.Textarea(attrs={"rows": 4}),
            "minutes_economy": forms.Textarea(attrs={"rows": 4}),
            "minutes_opus": forms.Textarea(attrs={"rows": 3}),
            "minutes_other": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = self._scope_partnership(user)
        organisations = [p.commune_id for p in partnerships] + [p.agency_id for p in partnerships]
        people = (
            Person.objects.filter(organisation__in=organisations)
            .select_related("organisation")  # named in each choice's label
            .order_by("organisation__name", "last_name", "first_name")
        )
        read = list(people)
        for name, label in (("participants", participant_label), ("absent", str)):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = label
            choices_from(self.fields[name], read)

    def clean(self):
        data = super().clean()
        partnership = data.get("partnership")
        if partnership:
            allowed = {partnership.commune_id, partnership.agency_id}
            if any(p.organisation_id not in allowed for p in data.get("participants", [])):
                raise forms.ValidationError(_("Les participants doivent appartenir aux parties de ce partenariat."))
        if set(data.get("absent", [])) - set(data.get("participants", [])):
            self.add_error("absent", _("Seul un participant de la réunion peut y être noté absent."))
        starts_at = data.get("starts_at")
        if self.instance.status == ReferentMeeting.Status.HELD and starts_at and starts_at > timezone.now():
            self.add_error("starts_at", _("Une réunion tenue ne peut pas commencer dans le futur."))
        return data


class FollowUpActionForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ActivityForm(ScopedPartnershipMixin, forms.ModelForm):
    """Counts only: every field is a whole number (the model has no text field, clause O14)."""

    class Meta:
        model = MonthlyActivity
        fields = ["partnership", "year", "month", *MonthlyActivity.COUNT_FIELDS]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "step": 1}) for name in MonthlyActivity.COUNT_FIELDS}
        error_messages = {
            name: {"invalid": _l("Saisissez un nombre entier (un décompte, jamais un nom).")}
            for name in MonthlyActivity.COUNT_FIELDS
        }

    month = forms.TypedChoiceField(
        label=_l("Mois"),
        coerce=int,
        choices=list(MONTHS.items()),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_partnership(user)
        self.fields["year"].initial = timezone.localdate().year
        for name in MonthlyActivity.COUNT_FIELDS:
            self.fields[name].error_messages["invalid"] = _("Saisissez un nombre entier (un décompte, jamais un nom).")
            self.fields[name].error_messages["min_value"] = _("Un décompte ne peut pas être négatif.")

    def clean(self):
        data = super().clean()
        # One row per partnership and month: entering a month again corrects its row.
        keys = {key: data.get(key) for key in ("partnership", "year", "month")}
        if all(keys.values()):
            existing = MonthlyActivity.objects.filter(**keys).first()
            if existing is not None:
                self.instance = existing
        return data


class EventForm(ScopedPartnershipMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "partnership",
            "kind",
            "title",
            "date",
            "place",
            "partners",
            "attendance",
            "employers",
            "pole_emploi_informed_on",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "pole_emploi_informed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_partnership(user)


def _day():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PartnershipRecordForm(ScopedPartnershipMixin, forms.ModelForm):
    """A record of one of the user's partnerships."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_partnership(user)


class InformationSessionForm(PartnershipRecordForm):
    class Meta:
        model = InformationSession
        fields = ["partnership", "date", "subject", "channel", "title", "attendees"]
        widgets = {"date": _day()}


class CommunicationActionForm(PartnershipRecordForm):
    class Meta:
        model = CommunicationAction
        fields = ["partnership", "date", "medium", "audience", "title", "by_pole_emploi"]
        widgets = {"date": _day()}


class InnovativeActionForm(PartnershipRecordForm):
    class Meta:
        model = InnovativeAction
        fields = ["partnership", "title", "proposed_on", "proposed_by", "carried_out_on", "results"]
        widgets = {"proposed_on": _day(), "carried_out_on": _day(), "results": forms.Textarea(attrs={"rows": 4})}


class PremisesForm(PartnershipRecordForm):
    class Meta:
        model = Premises
        fields = ["partnership", "kind", "name", "address", "order"]


class ReceptionSlotForm(PartnershipRecordForm):
    class Meta:
        model = ReceptionSlot
        fields = ["partnership", "kind", "weekday", "starts_at", "ends_at", "premises"]
        widgets = {"starts_at": _time(), "ends_at": _time()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["premises"].queryset = Premises.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        premises, partnership = data.get("premises"), data.get("partnership")
        if premises and partnership and premises.partnership_id != partnership.pk:
            self.add_error("premises", _("Ce local n'appartient pas à ce partenariat."))
        return data


class StaffAssignmentForm(PartnershipRecordForm):
    class Meta:
        model = StaffAssignment
        fields = ["partnership", "person", "free_reception", "appointments", "actions", "since", "until"]
        widgets = {"since": _day(), "until": _day()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        communes = Partnership.objects.visible_to(user).values("commune")
        self.fields["person"].queryset = Person.objects.filter(organisation__in=communes).order_by(
            "last_name", "first_name"
        )

    def clean(self):
        data = super().clean()
        person, partnership = data.get("person"), data.get("partnership")
        if person and partnership and person.organisation_id != partnership.commune_id:
            self.add_error("person", _("L'agent doit appartenir à la commune de ce partenariat."))
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("La fin de l'affectation ne peut précéder son début."))
        return data


class EquipmentForm(forms.ModelForm):
    class Meta:
        model = Equipment
        fields = ["premises", "name", "quantity", "state", "checked_on"]
        widgets = {"checked_on": _day()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].queryset = Premises.objects.visible_to(user)
