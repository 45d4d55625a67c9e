from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext

from partnership import services
from partnership.obligations import State
from partnership.permissions import Role


class CalendarFilterForm(forms.Form):
    """The calendar's filters; each empty field keeps everything."""

    # The same query parameter as on every page (partnership.services.PARTNERSHIP_PARAMETER).
    partenariat = forms.TypedChoiceField(
        label=_l("Partenariat"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _l("Ce partenariat n'existe pas ou ne vous est pas accessible.")},
    )
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

    def __init__(self, *args, conventions, choice=None, **kwargs):
        """`choice`: the partnership filter (partnership.services.choose_partnership, read once by
        the view, not again by the field), offered when the user sees several partnerships; beyond
        services.CHOICE_LIMIT, with a search by name."""
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions
        if choice is None or not choice.offered:
            del self.fields["partenariat"]
        else:
            # One partnership at a time for a user who sees many: no "all" choice.
            everything = [] if services.is_wide_scope(choice.count) else [("", _l("Tous"))]
            self.fields["partenariat"].choices = everything + list(choice.options)
            if not choice.complete:
                hint = _("%(count)s partenariats : tapez une partie d'un nom pour en trouver un autre.") % {
                    "count": choice.count
                }
                if choice.search and not choice.matches:
                    hint += " " + _("Aucun ne correspond à « %(search)s ».") % {"search": choice.search}
                elif choice.more:
                    hint += " " + ngettext(
                        "%(counter)s autre correspond : précisez la recherche.",
                        "%(counter)s autres correspondent : précisez la recherche.",
                        choice.more,
                    ) % {"counter": choice.more}
                search = forms.CharField(
                    label=_l("Rechercher un partenariat (nom)"),
                    required=False,
                    initial=choice.search,
                    widget=forms.TextInput(attrs={"type": "search"}),
                    help_text=hint,
                )
                self.fields = {services.SEARCH_PARAMETER: search, **self.fields}
            chosen = str(self.data.get("partenariat", ""))
            if chosen.isdigit():
                # Only the conventions of the partnership shown (a region sees hundreds).
                self.fields["convention"].queryset = conventions.filter(partnership_id=chosen)

    def chose_partnership(self):
        """Whether the user picked a partnership, directly or through one of its conventions."""
        data = self._data()
        return bool(data.get("partenariat") or data.get("convention"))

    def _data(self):
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def filters(self):
        data = self._data()
        convention = data.get("convention")
        return {
            "convention_id": convention.pk if convention else None,
            "state": data.get("state") or None,
            "role": data.get("role") or None,
        }

    def partnership_ids(self, visible_ids):
        """The partnerships whose duties to gather: the one chosen (by itself or through its
        convention), else every one visible. Only those are asked for, not filtered afterwards."""
        data = self._data()
        convention, partnership = data.get("convention"), data.get("partenariat")
        if convention and partnership and convention.partnership_id != partnership:
            return []
        if convention:
            return [convention.partnership_id]
        if partnership:
            return [partnership]
        return list(visible_ids)
