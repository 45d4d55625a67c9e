from django import forms
from django.utils.translation import gettext_lazy as _l

from documents.forms import DocumentForm
from partnership.models import Deliberation
from renewals.models import Renewal, RenewalCommitment


def date_input():
    """A browser's date picker, given the ISO date it reads."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, help_text=help_text, widget=date_input())


class DraftForm(forms.ModelForm):
    """The terms of the draft and its OPUS annexes; annex 1's services as one box each."""

    class Meta:
        model = Renewal
        fields = [
            "title", "opus_title", "effective_from", "duration_months", "signed_at", "preamble",
            "committee_conclusions", "legal_references", "partner_safir_code", "agency_safir_code", "rgc_name",
            "rgc_function", "rgc_email", "correspondent_email", "active_accounts_cap",
        ]  # fmt: skip
        widgets = {
            "effective_from": date_input(),
            "preamble": forms.Textarea(attrs={"rows": 5}),
            "committee_conclusions": forms.Textarea(attrs={"rows": 4}),
            "legal_references": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["active_accounts_cap"].required = True
        for index, service in enumerate(self.instance.services):
            self.fields[f"service_{index}"] = forms.BooleanField(
                label=_l("Annexe 1 : accès au service « %(name)s »") % {"name": service["name"]},
                required=False,
                initial=service["access"],
            )

    def clean_duration_months(self):
        months = self.cleaned_data["duration_months"]
        if not 1 <= months <= 120:
            raise forms.ValidationError(_l("Une convention dure entre 1 et 120 mois."))
        return months

    def save(self, commit=True):
        self.instance.services = [
            {**service, "access": self.cleaned_data[f"service_{index}"]}
            for index, service in enumerate(self.instance.services)
        ]
        return super().save(commit)


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = RenewalCommitment
        fields = ["decision", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        D = RenewalCommitment.Decision
        self.fields["decision"].choices = (
            [(D.KEPT, _l("Reconduit ou modifié")), (D.DROPPED, D.DROPPED.label)]
            if self.instance.source_id
            else [(D.ADDED, D.ADDED.label), (D.DROPPED, D.DROPPED.label)]
        )
        if self.instance.decision == D.CHANGED:
            self.initial["decision"] = D.KEPT


class AddCommitmentForm(forms.Form):
    party = forms.ChoiceField(label=_l("Partie engagée"))
    clause = forms.ChoiceField(
        label=_l("Clause"), choices=[("C3", "C3"), ("C4", "C4"), ("C5", "C5"), ("C6", "C6"), ("C7", "C7")]
    )
    text = forms.CharField(label=_l("Engagement"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, renewal, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {str(o.pk): o for o in (renewal.partnership.agency, renewal.partnership.commune)}
        self.fields["party"].choices = [(pk, o.name) for pk, o in self.parties.items()]

    def clean_party(self):
        return self.parties[self.cleaned_data["party"]]


class SentForm(forms.Form):
    done_on = date_field(_l("Projet envoyé à Pôle emploi le"))


class CouncilForm(forms.Form):
    """Clauses D1 and D2: the session and the deliberation."""

    done_on = date_field(_l("Date de la séance"))
    convened_on = date_field(_l("Date de convocation"), required=False)
    convened_by = forms.CharField(label=_l("Convoqué par"), max_length=200, initial=_l("le Maire"))
    president = forms.CharField(label=_l("Présidence"), max_length=200)
    members_in_office = forms.IntegerField(label=_l("Conseillers en exercice"), min_value=1, max_value=200)
    secretary = forms.CharField(label=_l("Secrétaire de séance"), max_length=200)
    number = forms.CharField(label=_l("Numéro de la délibération"), max_length=50)
    rapporteur = forms.CharField(label=_l("Rapporteur"), max_length=200)
    rapporteur_delegation = forms.CharField(label=_l("Délégation du rapporteur"), max_length=200, required=False)
    outcome = forms.ChoiceField(label=_l("Résultat du vote"), choices=Deliberation.Outcome.choices)
    votes_against = forms.IntegerField(label=_l("Voix contre"), min_value=0, initial=0, required=False)
    abstentions = forms.IntegerField(label=_l("Abstentions"), min_value=0, initial=0, required=False)


class ActesForm(forms.Form):
    """Clause D3: the transmission to the sous-préfecture and its identifier."""

    actes_identifier = forms.CharField(
        label=_l("Identifiant de télétransmission @ctes"),
        max_length=60,
        help_text=_l("Par exemple 038-213804495-20210412-Imc19454-DE-1-1."),
    )
    done_on = date_field(_l("Transmise en sous-préfecture le"))
    published_on = date_field(_l("Publiée le"), required=False, help_text=_l("Vide : le jour de la transmission."))


class SignedForm(forms.Form):
    partner_signed_on = date_field(_l("Signée par la commune le"))
    pole_emploi_signed_on = date_field(_l("Signée par Pôle emploi le"))


class InForceForm(forms.Form):
    done_on = date_field(_l("Conventions enregistrées le"))


STEP_FORMS = {
    Renewal.Step.SENT: SentForm,
    Renewal.Step.COUNCIL: CouncilForm,
    Renewal.Step.ACTES: ActesForm,
    Renewal.Step.SIGNED: SignedForm,
    Renewal.Step.IN_FORCE: InForceForm,
}


class StepDocumentForm(DocumentForm):
    """A document filed as the proof of a step done."""

    step = forms.ChoiceField(label=_l("Étape prouvée"))

    field_order = ["step", "kind", "title", "date", "file"]

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(step.value, step.label) for step in steps]
        self.fields["date"].widget = date_input()  # shows its initial day
