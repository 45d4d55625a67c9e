from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _l

from partnership.models import Amendment, Commitment, CommitmentUpdate, Deliberation, ScopeNotice
from partnership.sensitive import SensitiveTextMixin


class _ChoicesRead(ModelChoiceIterator):
    """The choices of a field whose objects are already read (`choices_from`)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.objects_read:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.objects_read) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.objects_read)


def choices_from(field, objects):
    """Give the model choice `field` the choices of `objects`, the rows of its queryset already
    read by the form, so that rendering it reads them no second time (the queryset still checks
    what is submitted)."""
    field.objects_read = list(objects)
    field.iterator = _ChoicesRead
    field.widget.choices = field.choices


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


class ServiceChangesMixin:
    """Clauses O9 and O21: for each service of annex 1 in force, unchanged, given or withdrawn, and
    a new service; for the forms of what changes the scope (an amendment, a notice)."""

    SERVICE_FIELDS = ("new_service", "new_service_description", "new_service_access")

    def add_service_fields(self, terms):
        self.service_fields = []
        for n, service in enumerate(terms.services):
            name = f"service_{n}"
            self.fields[name] = forms.ChoiceField(
                label=_l("Annexe 1 : %(service)s (accès actuel : %(access)s)")
                % {"service": service.name, "access": _l("oui") if service.access else _l("non")},
                choices=SERVICE_CHANGES, required=False,
            )  # fmt: skip
            self.service_fields.append((name, service))
        self.fields["new_service"] = forms.CharField(
            label=_l("Nouveau service de l'annexe 1"), max_length=200, required=False
        )
        self.fields["new_service_description"] = forms.CharField(
            label=_l("Description du nouveau service"), required=False
        )
        self.fields["new_service_access"] = forms.BooleanField(label=_l("Accès au nouveau service"), required=False)

    def service_changes(self):
        """[(name, description, access)] of annex 1 as the form changes it."""
        changes = [
            (service.name, "", self.cleaned_data[name] == GIVEN)
            for name, service in self.service_fields
            if self.cleaned_data.get(name)
        ]
        if self.cleaned_data.get("new_service"):
            changes.append((self.cleaned_data["new_service"], self.cleaned_data.get("new_service_description", ""),
                            self.cleaned_data.get("new_service_access", False)))  # fmt: skip
        return changes


class AmendmentForm(ServiceChangesMixin, forms.ModelForm):
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
        choices_from(self.fields["dropped"], commitments)
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
            self.add_service_fields(terms)
            if convention.annex() is None:
                del self.fields["active_accounts_cap"]
        else:
            del self.fields["active_accounts_cap"]
        if not commitments:
            del self.fields["dropped"]
        self.order_fields(
            ["number", "object", "deliberation", "signed_on", "effective_from", "duration_months",
             "active_accounts_cap", *(name for name, _service in self.service_fields), *self.SERVICE_FIELDS,
             "dropped", "new_party", "new_clause", "new_text"]
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("new_text") and not data.get("new_party"):
            self.add_error("new_party", _l("Indiquez la partie qui s'engage."))
        if data.get("new_party") and int(data["new_party"]) not in self.parties:
            self.add_error("new_party", _l("Choisissez une partie de la convention."))
        return data

    def new_commitment(self):
        if not self.cleaned_data.get("new_text"):
            return None
        return {"party": self.parties[int(self.cleaned_data["new_party"])],
                "clause": self.cleaned_data.get("new_clause", ""), "text": self.cleaned_data["new_text"]}  # fmt: skip


DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ScopeNoticeForm(SensitiveTextMixin, ServiceChangesMixin, forms.ModelForm):
    """Clauses O9 and O21: a notice of the regional director recorded with its paper of the ledger
    (its letter, or the filed scan), the services of annex 1 it gives or withdraws from its date of
    effect, and the acknowledgement sent back."""

    class Meta:
        model = ScopeNotice
        fields = ["effective_from", "letter", "document", "acknowledgement", "notes"]
        widgets = {"effective_from": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, convention, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        partnership = convention.partnership
        unused = Q(scope_notices__isnull=True)
        letters = partnership.letters.filter(Q(convention=None) | Q(convention=convention))
        self.fields["letter"].queryset = letters.filter(unused, kind=ScopeNotice.LETTER_KIND)
        self.fields["acknowledgement"].queryset = letters.filter(
            kind=ScopeNotice.ACKNOWLEDGEMENT_KIND, acknowledged_scope_notices__isnull=True
        )
        self.fields["document"].queryset = partnership.documents.current().filter(
            Q(convention=convention) | Q(letter__convention=convention), unused, kind__in=ScopeNotice.DOCUMENT_KINDS
        )
        self.add_service_fields(terms)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.service_changes():
            raise forms.ValidationError(
                _l("La notification ne change aucun service : indiquez ce qu'elle ouvre ou retire (clause O9).")
            )
        return data


class ScopeDayForm(forms.Form):
    """Clauses O9 and O21: the day whose scope of access a page shows (``?date=AAAA-MM-JJ``)."""

    date = forms.DateField(label=_l("Périmètre en vigueur le"), required=False, widget=DATE_INPUT)
