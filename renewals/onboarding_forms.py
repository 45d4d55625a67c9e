from django import forms
from django.utils.translation import gettext_lazy as _l

from partnership.models import Organisation, User
from partnership.permissions import Role
from renewals.forms import date_field


class CommuneForm(forms.ModelForm):
    """The commune, and its agency: one already recorded, or a new one."""

    agency = forms.ModelChoiceField(
        label=_l("Agence Pôle emploi déjà enregistrée"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.AGENCY),
        required=False,
        help_text=_l("Ou laissez vide et décrivez la nouvelle agence ci-dessous."),
    )
    agency_name = forms.CharField(label=_l("Nouvelle agence : nom"), max_length=200, required=False)
    agency_safir_code = forms.CharField(label=_l("Nouvelle agence : code SAFIR"), max_length=5, required=False)
    agency_address = forms.CharField(
        label=_l("Nouvelle agence : adresse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agency_parent = forms.ModelChoiceField(
        label=_l("Nouvelle agence : direction régionale"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.REGIONAL_DIRECTION),
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "siren", "insee_code", "safir_code", "address", "population"]
        labels = {"name": _l("Nom de la commune"), "safir_code": _l("Code SAFIR du Relais Emploi")}
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if not data.get("agency") and not data.get("agency_name", "").strip():
            self.add_error("agency_name", _l("Choisissez une agence enregistrée ou nommez la nouvelle agence."))
        if data.get("agency") and data.get("agency_name", "").strip():
            self.add_error("agency_name", _l("Choisissez une agence enregistrée ou une nouvelle, pas les deux."))
        if not data.get("siren"):
            self.add_error("siren", _l("Le SIREN de la commune sert à vérifier ses actes transmis par @ctes (D3)."))
        return data

    def agency_instance(self):
        data = self.cleaned_data
        return data["agency"] or Organisation(
            name=data["agency_name"].strip(), safir_code=data["agency_safir_code"], address=data["agency_address"],
            parent=data["agency_parent"],
        )  # fmt: skip


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_l("Prénom"), max_length=150)
    last_name = forms.CharField(label=_l("Nom"), max_length=150)
    email = forms.EmailField(label=_l("Adresse électronique professionnelle"))
    username = forms.CharField(label=_l("Identifiant"), max_length=150)
    role = forms.ChoiceField(label=_l("Rôle"), choices=[(role, role) for role in Role.ALL])

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_l("Cet identifiant est déjà pris."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_l("Une personne a déjà un accès avec cette adresse."))
        return email


class FirstConventionsForm(forms.Form):
    effective_from = date_field(_l("Prise d'effet de la convention de coopération (C2)"))
    duration_months = forms.IntegerField(label=_l("Durée (mois)"), min_value=1, max_value=120, initial=36)
    signed_on = date_field(_l("Signée le"), required=False)
    opus_signed_on = date_field(
        _l("Convention OPUS signée le"),
        required=False,
        help_text=_l("Elle prend effet à sa signature (O20) ; vide tant qu'elle n'est pas signée."),
    )
    mayor_first_name = forms.CharField(label=_l("Prénom du maire"), max_length=100)
    mayor_last_name = forms.CharField(label=_l("Nom du maire"), max_length=100)
    director_first_name = forms.CharField(label=_l("Prénom du directeur ou de la directrice d'agence"), max_length=100)
    director_last_name = forms.CharField(label=_l("Nom du directeur ou de la directrice d'agence"), max_length=100)
    partner_safir_code = forms.CharField(label=_l("Code SAFIR du Relais Emploi (annexe 2)"), max_length=5)
    rgc_function = forms.CharField(label=_l("Fonction du RGC dans la structure"), max_length=200, required=False)
    correspondent_email = forms.EmailField(label=_l("Correspondant Pôle emploi pour le compte RGC"), required=False)
    active_accounts_cap = forms.IntegerField(
        label=_l("Comptes OPUS actifs autorisés simultanément, hors RGC (O22)"), min_value=0, max_value=50, initial=2
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("opus_signed_on")
            and data.get("effective_from")
            and data["opus_signed_on"] < data["effective_from"]
        ):
            self.add_error(
                "opus_signed_on", _l("La convention OPUS ne peut prendre effet avant la convention de coopération.")
            )
        return data
