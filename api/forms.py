from django import forms
from django.utils.translation import gettext_lazy as _l

from api.models import ApiToken


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _l("Nom du jeton")}
