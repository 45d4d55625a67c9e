from django import forms
from django.utils.translation import gettext_lazy as _l

from partnership.models import Amendment, Commitment, CommitmentUpdate, Deliberation
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


UNCHANGED, GIVEN, WITHDRAWN = "", "oui", "non"
SERVICE_CHANGES = [(UNCHANGED, _l("inchangé")), (GIVEN, _l("accès ouvert")), (WITHDRAWN, _l("accès retiré"))]


class AmendmentForm(forms.ModelForm):
    """Clauses C2, O9, O21, O22, C5, C7: what an amendment changes, from its date of effect. The
    fields that do not apply to the convention's kind are left out."""

    dropped = forms.ModelMultipleChoiceField(
        label=_l("Engagements supprimés"), queryset=Commitment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    new_party = forms.ChoiceField(label=_l("Nouvel engagement : partie engagée"), required=False)
    new_clause = forms.CharField(label=_l("Nouvel engagement : clause"), max_length=10, required=False)
    new_text = forms.CharField(
        label=_l("Nouvel engagement : texte"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_service = forms.CharField(label=_l("Nouveau service de l'annexe 1"), max_length=200, required=False)
    new_service_description = forms.CharField(label=_l("Description du nouveau service"), required=False)
    new_service_access = forms.BooleanField(label=_l("Accès au nouveau service"), required=False)

    class Meta:
        model = Amendment
        fields = ["number", "object", "deliberation", "signed_on", "effective_from", "duration_months",
                  "active_accounts_cap", "notes"]  # fmt: skip
        widgets = {
            "signed_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "effective_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, convention, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["deliberation"].queryset = Deliberation.objects.filter(partnership=convention.partnership_id)
        commitments = terms.commitments(convention)
        self.fields["dropped"].queryset = Commitment.objects.filter(pk__in=[c.pk for c in commitments])
        self.fields["dropped"].label_from_instance = lambda c: f"{c.clause} — {c.text[:90]}"
        partnership = convention.partnership
        parties = {p.organisation_id: p.organisation for p in convention.parties.all()}
        for organisation in (partnership.commune, partnership.agency):
            parties.setdefault(organisation.pk, organisation)
        self.fields["new_party"].choices = [("", "—")] + [(str(pk), str(org)) for pk, org in parties.items()]
        self.parties = parties
        self.service_fields = []
        if convention.is_opus:
            # The commitments are the cooperation convention's (C5, C7); its length is its parent's (O20).
            for name in ("duration_months", "new_party", "new_clause", "new_text"):
                del self.fields[name]
            for n, service in enumerate(terms.services):
                name = f"service_{n}"
                self.fields[name] = forms.ChoiceField(
                    label=_l("Annexe 1 : %(service)s (accès actuel : %(access)s)")
                    % {"service": service.name, "access": _l("oui") if service.access else _l("non")},
                    choices=SERVICE_CHANGES, required=False,
                )  # fmt: skip
                self.service_fields.append((name, service))
            if convention.annex() is None:
                del self.fields["active_accounts_cap"]
        else:
            del self.fields["active_accounts_cap"]
            for name in ("new_service", "new_service_description", "new_service_access"):
                del self.fields[name]
        if not commitments:
            del self.fields["dropped"]
        self.order_fields(
            ["number", "object", "deliberation", "signed_on", "effective_from", "duration_months",
             "active_accounts_cap", *(name for name, _service in self.service_fields), "new_service",
             "new_service_description", "new_service_access", "dropped", "new_party", "new_clause", "new_text"]
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("new_text") and not data.get("new_party"):
            self.add_error("new_party", _l("Indiquez la partie qui s'engage."))
        if data.get("new_party") and int(data["new_party"]) not in self.parties:
            self.add_error("new_party", _l("Choisissez une partie de la convention."))
        return data

    def service_changes(self):
        """[(name, description, access)] of annex 1 as the amendment changes it."""
        changes = [
            (service.name, "", self.cleaned_data[name] == GIVEN)
            for name, service in self.service_fields
            if self.cleaned_data.get(name)
        ]
        if self.cleaned_data.get("new_service"):
            changes.append((self.cleaned_data["new_service"], self.cleaned_data.get("new_service_description", ""),
                            self.cleaned_data.get("new_service_access", False)))  # fmt: skip
        return changes

    def new_commitment(self):
        if not self.cleaned_data.get("new_text"):
            return None
        return {"party": self.parties[int(self.cleaned_data["new_party"])],
                "clause": self.cleaned_data.get("new_clause", ""), "text": self.cleaned_data["new_text"]}  # fmt: skip
