from django import forms
from django.utils.translation import gettext_lazy as _l

from documents import checks
from documents.models import Document, Letter
from partnership.sensitive import SensitiveTextMixin


class DocumentFileField(forms.FileField):
    """A file checked whole as a document (documents.checks): a French error otherwise."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                checks.check(upload)
            except checks.DocumentRefused as error:
                raise forms.ValidationError(str(error)) from error
        return upload


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_l("Nature"), choices=[("", _l("— choisir —"))] + list(Document.Kind.choices))
    title = forms.CharField(label=_l("Intitulé"), max_length=200)
    date = forms.DateField(label=_l("Date du document"), widget=forms.DateInput(attrs={"type": "date"}))
    file = DocumentFileField(
        label=_l("Fichier"),
        help_text=_l("PDF, texte ODT ou DOCX, image PNG ou JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.png,.jpg,.jpeg"}),
    )


class ReplaceForm(forms.Form):
    file = DocumentFileField(
        label=_l("Nouvelle version du fichier"),
        help_text=_l("La version actuelle reste consultable, marquée remplacée."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.png,.jpg,.jpeg"}),
    )


class LetterDraftForm(forms.Form):
    kind = forms.ChoiceField(label=_l("Courrier"), choices=[("", _l("— choisir —"))] + list(Letter.Kind.choices))
    written_on = forms.DateField(label=_l("Daté du"), widget=forms.DateInput(attrs={"type": "date"}))


class LetterTextForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["recipient_name", "object", "body", "notes"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12}), "notes": forms.Textarea(attrs={"rows": 3})}


class SendingForm(forms.Form):
    sent_on = forms.DateField(label=_l("Envoyé le"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_l("Envoi"), choices=Letter.Method.choices)
    postal_reference = forms.CharField(
        label=_l("Numéro de recommandé"), max_length=40, required=False, help_text=_l("Celui de la preuve de dépôt.")
    )

    def clean(self):
        data = super().clean()
        if data.get("method") == Letter.Method.REGISTERED and not data.get("postal_reference", "").strip():
            self.add_error("postal_reference", _l("Indiquez le numéro du recommandé : c'est la preuve de l'envoi."))
        return data


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=_l("Reçu le"), widget=forms.DateInput(attrs={"type": "date"}))


class TerminationForm(forms.Form):
    """Clauses C12 and O18: who terminates, on which route, why, and the date of the first letter."""

    route = forms.ChoiceField(label=_l("Résiliation"), widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_l("Motifs"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_l("Une résiliation est motivée.")
    )
    written_on = forms.DateField(
        label=_l("Lettre datée du"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args, routes, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes = {f"{side}:{ground}": (side, ground) for side, ground in routes}
        self.fields["route"].choices = [(f"{side}:{ground}", labels[(side, ground)]) for side, ground in routes]

    def clean_route(self):
        return self.routes[self.cleaned_data["route"]]
