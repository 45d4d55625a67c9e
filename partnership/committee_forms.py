from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.models import CommitteeMember, Convention, Partnership, Person, SteeringCommittee
from partnership.sensitive import SensitiveTextMixin


class CommitteeForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = SteeringCommittee
        fields = [
            "partnership",
            "convention",
            "year",
            "date",
            "start_time",
            "duration_minutes",
            "place",
            "convened_on",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "convened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"year": _l("Année examinée (indicateurs)")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = Partnership.objects.visible_to(user)
        self.fields["partnership"].queryset = partnerships
        self.fields["convention"].queryset = Convention.objects.filter(
            partnership__in=partnerships, kind=Convention.Kind.COOPERATION
        ).select_related("partnership")
        self.fields["duration_minutes"].required = False  # two hours unless told
        if self.instance.pk:
            # A committee stays in its partnership.
            self.fields["partnership"].disabled = True
        if self.instance.invitation_sent:
            # The convocation sent by e-mail dates itself; its event needs a start time from then on.
            self.fields["convened_on"].disabled = True
            self.fields["start_time"].required = True

    def clean_duration_minutes(self):
        duration = self.cleaned_data.get("duration_minutes")
        return SteeringCommittee._meta.get_field("duration_minutes").default if duration is None else duration

    def clean(self):
        data = super().clean()
        convention, partnership = data.get("convention"), data.get("partnership")
        if convention and partnership and convention.partnership_id != partnership.pk:
            self.add_error("convention", _("Cette convention n'appartient pas au partenariat choisi."))
        return data


def member_label(person):
    label = f"{person} — {person.organisation}"
    if not person.email:
        label += " · " + _("sans adresse électronique : pas de convocation par courriel")
    return label


class MemberForm(forms.ModelForm):
    """A member: a person of the parties (whose record gives the address the convocation goes
    to), or a name alone; the name, function and structure default to the person's."""

    class Meta:
        model = CommitteeMember
        fields = ["person", "name", "function", "organisation", "order"]

    def __init__(self, *args, people, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].choices = choices  # listed once for all the formset's rows
        self.fields["name"].required = False

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person:
            data["name"] = data.get("name") or str(person)
            data["function"] = data.get("function") or person.function
            data["organisation"] = data.get("organisation") or str(person.organisation)
        elif not data.get("name") and not data.get("DELETE"):
            self.add_error("name", _("Indiquez le nom du membre, ou choisissez sa fiche."))
        return data

    def _post_clean(self):
        # The defaults taken from the person go into the instance before the model's checks.
        for name in ("name", "function", "organisation"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


MemberFormSet = forms.inlineformset_factory(
    SteeringCommittee, CommitteeMember, form=MemberForm, extra=1, can_delete=True
)


def member_people(committee):
    """The people of the committee's parties (the commune and the agency) who may be members."""
    partnership = committee.partnership
    return (
        Person.objects.filter(Q(organisation_id=partnership.commune_id) | Q(organisation_id=partnership.agency_id))
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def member_formset(committee, data=None):
    people = member_people(committee)
    choices = [("", "---------"), *[(person.pk, member_label(person)) for person in people]]
    return MemberFormSet(data, instance=committee, form_kwargs={"people": people, "choices": choices})


class AnswerForm(forms.ModelForm):
    """A member's answer to the convocation, then the attendance on the day, which starts from the
    answer until recorded (clause C10)."""

    class Meta:
        model = CommitteeMember
        fields = ["answer", "answer_represented_by", "answered_on", "attendance", "represented_by"]
        widgets = {"answered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"answered_on": _l("Aujourd'hui si vide.")}

    def __init__(self, *args, committee, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.day_has_come = committee.date <= today
        # Until recorded, the attendance starts from the answer; the form then counts as changed.
        self.prefilled = self.day_has_come and not self.instance.attendance
        if not self.day_has_come:
            for name in ("attendance", "represented_by"):
                self.fields[name].disabled = True
        elif self.prefilled:
            self.initial["attendance"], self.initial["represented_by"] = self.instance.expected_attendance()

    def has_changed(self):
        return self.prefilled or super().has_changed()

    def clean_answered_on(self):
        day = self.cleaned_data.get("answered_on")
        if day and day > self.today:
            raise forms.ValidationError(_("Une réponse ne peut pas être reçue dans le futur."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("answer") and not data.get("answered_on") and "answered_on" not in self.errors:
            data["answered_on"] = self.today  # an answer noted without its day: received today
        return data


AnswerFormSet = forms.modelformset_factory(CommitteeMember, form=AnswerForm, extra=0, can_delete=False)


def answer_formset(committee, data=None, today=None):
    return AnswerFormSet(
        data,
        queryset=committee.members.order_by("order", "id"),
        form_kwargs={"committee": committee, "today": today or timezone.localdate()},
        prefix="answers",
    )
