from django import forms
from django.utils.translation import gettext_lazy as _l

from documents import checks
from documents.models import Document


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
