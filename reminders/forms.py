from django import forms
from django.utils.translation import gettext_lazy as _l

from partnership.obligations import State
from partnership.permissions import Role


class CalendarFilterForm(forms.Form):
    """The calendar's filters; each empty field keeps everything."""

    convention = forms.ModelChoiceField(
        label=_l("Convention"),
        queryset=None,
        required=False,
        empty_label=_l("Toutes"),
        error_messages={"invalid_choice": _l("Cette convention n'existe pas ou ne vous est pas accessible.")},
    )
    state = forms.ChoiceField(
        label=_l("État"),
        required=False,
        choices=[("", _l("Tous"))] + list(State.CHOICES),
        error_messages={"invalid_choice": _l("Cet état n'existe pas.")},
    )
    role = forms.ChoiceField(
        label=_l("Qui doit agir"),
        required=False,
        choices=[("", _l("Tous les rôles"))] + [(role, role) for role in Role.ALL],
        error_messages={"invalid_choice": _l("Ce rôle n'existe pas.")},
    )

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions

    def filters(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        convention = data.get("convention")
        return {
            "convention_id": convention.pk if convention else None,
            "state": data.get("state") or None,
            "role": data.get("role") or None,
        }
