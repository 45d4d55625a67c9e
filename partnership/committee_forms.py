from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.models import CommitteeMember, Convention, Partnership, SteeringCommittee
from partnership.sensitive import SensitiveTextMixin


class CommitteeForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = SteeringCommittee
        fields = ["partnership", "convention", "year", "date", "place", "convened_on", "agenda", "minutes", "decisions"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        if self.instance.pk:
            # A committee stays in its partnership.
            self.fields["partnership"].disabled = True

    def clean(self):
        data = super().clean()
        convention, partnership = data.get("convention"), data.get("partnership")
        if convention and partnership and convention.partnership_id != partnership.pk:
            self.add_error("convention", _("Cette convention n'appartient pas au partenariat choisi."))
        return data


MemberFormSet = forms.inlineformset_factory(
    SteeringCommittee,
    CommitteeMember,
    fields=["name", "function", "organisation", "attendance", "represented_by", "order"],
    extra=1,
    can_delete=True,
)
