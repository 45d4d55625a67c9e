from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.models import Partnership, Person
from partnership.sensitive import SensitiveTextMixin
from relais.models import Event, FollowUpAction, MonthlyActivity, ReferentMeeting


class ScopedPartnershipMixin:
    """Restrict the partnership choice to the user's own; hide it when there is only one."""

    def _scope_partnership(self, user):
        partnerships = Partnership.objects.visible_to(user).select_related("commune", "agency")
        self.fields["partnership"].queryset = partnerships
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
        self.fields["participants"].queryset = (
            Person.objects.filter(organisation__in=organisations)
            .select_related("organisation")  # named in each choice's label
            .order_by("organisation__name", "last_name", "first_name")
        )
        self.fields["participants"].label_from_instance = participant_label

    def clean(self):
        data = super().clean()
        partnership = data.get("partnership")
        if partnership:
            allowed = {partnership.commune_id, partnership.agency_id}
            if any(p.organisation_id not in allowed for p in data.get("participants", [])):
                raise forms.ValidationError(_("Les participants doivent appartenir aux parties de ce partenariat."))
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
