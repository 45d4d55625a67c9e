from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.forms import choices_from
from partnership.models import Partnership, Person
from partnership.sensitive import SensitiveTextMixin
from privacy.models import RightsRequest


def _not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("Cette date est dans le futur."))
    return day


class RightsRequestForm(SensitiveTextMixin, forms.ModelForm):
    """A request as it was received: who, which right, when and how (clause O16)."""

    class Meta:
        model = RightsRequest
        fields = ["partnership", "kind", "requester", "person", "received_on", "channel", "details"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}), "details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = Partnership.objects.visible_to(user).select_related("commune", "agency")
        self.fields["partnership"].queryset = partnerships
        choices_from(self.fields["partnership"], partnerships)
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0].pk
        parties = [p.commune_id for p in partnerships] + [p.agency_id for p in partnerships]
        self.fields["person"].queryset = (
            Person.objects.filter(organisation__in=parties).select_related("organisation").order_by("last_name")
        )
        self.fields["person"].label_from_instance = lambda person: f"{person} ({person.organisation})"

    def clean_received_on(self):
        return _not_in_the_future(self.cleaned_data.get("received_on"))

    def clean(self):
        data = super().clean()
        partnership, person = data.get("partnership"), data.get("person")
        if partnership and person and person.organisation_id not in (partnership.commune_id, partnership.agency_id):
            self.add_error("person", _("Cette personne n'appartient à aucune des parties de ce partenariat."))
        return data


class ExtensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la prolongation (communiqué à la personne)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = RightsRequest
        fields = ["answered_on", "answer"]
        widgets = {"answered_on": forms.DateInput(attrs={"type": "date"}), "answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True

    def clean_answered_on(self):
        day = _not_in_the_future(self.cleaned_data.get("answered_on"))
        if day and day < self.instance.received_on:
            raise forms.ValidationError(_("La réponse ne peut précéder la demande."))
        return day
