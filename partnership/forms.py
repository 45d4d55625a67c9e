from django import forms
from django.utils.translation import gettext_lazy as _l

from partnership.models import Commitment, CommitmentUpdate
from partnership.sensitive import SensitiveTextMixin


class CommitmentUpdateForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = CommitmentUpdate
        fields = ["status", "comment"]
        labels = {"status": _l("Nouvel état"), "comment": _l("Commentaire daté")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, commitment: Commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.fields["status"].initial = commitment.status
        self.fields["comment"].required = True
