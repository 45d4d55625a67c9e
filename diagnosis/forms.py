import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from diagnosis import checks
from diagnosis.models import COUNT_FIELDS, BusinessMovement, QuarterlyFigures, QuarterNote
from diagnosis.quarters import Quarter, c3_early_explanation, c3_figures_early, c3_refusals
from diagnosis.services import changes
from partnership.french import french_date
from partnership.sensitive import SensitiveTextMixin

_A_YEAR = datetime.timedelta(days=365)


class QuarterFiguresForm(forms.ModelForm):
    """One quarter entered by hand (clause C3). Saving always makes a new version."""

    replace = forms.BooleanField(
        label=_l("Je confirme le remplacement des chiffres déjà reçus pour ce trimestre (ils restent archivés)."),
        required=False,
    )
    confirm_early = forms.BooleanField(
        label=_l("Je confirme l'envoi des chiffres de ce trimestre avant la date habituelle."), required=False
    )

    class Meta:
        model = QuarterlyFigures
        fields = ["year", "quarter", "figures_date", *COUNT_FIELDS]
        widgets = {"figures_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, partnership, previous_lookup, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.today = today or timezone.localdate()
        self.previous_lookup = previous_lookup  # quarter -> current QuarterlyFigures or None
        self.fields["figures_date"].required = False
        self.fields["figures_date"].help_text = _l("Laissée vide : le dernier jour du trimestre.")
        self.fields["year"].min_value = 2000
        for name in COUNT_FIELDS:
            self.fields[name].label = checks.FIELD_LABELS[name]
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.existing = None
        self.changes = []
        self.warnings = []
        self.early_due = self.early_message = None
        if not self.is_bound:
            try:
                self._note_early(Quarter(int(self.initial["year"]), int(self.initial["quarter"])))
            except (KeyError, TypeError, ValueError):
                pass

    def _note_early(self, quarter):
        """Clause C3: a quarter ended less than the usual delay ago is received once confirmed."""
        self.early_due = c3_figures_early(quarter, self.today)
        self.early_message = c3_early_explanation(quarter, self.early_due) if self.early_due else None

    def clean(self):
        data = super().clean()
        year, number = data.get("year"), data.get("quarter")
        if not year or not number:
            return data
        if not 2000 <= year <= 2100:
            self.add_error("year", _("Année attendue sur quatre chiffres (par exemple 2020)."))
            return data
        quarter = Quarter(year, number)
        refusals = c3_refusals(quarter, self.today, self.partnership.cooperation_end())
        for field, message in refusals:
            self.add_error(field, message)
        if refusals:
            return data
        data["period"] = quarter
        self._note_early(quarter)
        if self.early_due and not data.get("confirm_early"):
            self.add_error(
                "confirm_early",
                _("Cochez la case pour confirmer l'envoi de ces chiffres avant le %(date)s.")
                % {"date": french_date(self.early_due.date)},
            )
        if data.get("figures_date") and data["figures_date"] < quarter.start:
            self.add_error("figures_date", _("La date des chiffres précède le trimestre."))
        values = {name: data.get(name) for name in COUNT_FIELDS}
        if any(name in self.errors for name in COUNT_FIELDS):
            return data
        previous = self.previous_lookup(quarter.previous())
        errors, self.warnings = checks.check_values(values, previous.values() if previous else None)
        for finding in errors:
            self.add_error(finding.field, finding.message)
        self.existing = self.previous_lookup(quarter)
        if self.existing:
            self.changes = changes(self.existing, data.get("figures_date"), values)
        if self.existing and not data.get("replace"):
            self.add_error(
                "replace",
                _(
                    "Des chiffres ont déjà été reçus pour ce trimestre (version %(version)s). "
                    "Cochez la case pour les remplacer ; la version précédente reste archivée."
                )
                % {"version": self.existing.version},
            )
        data["values"] = values
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_l("Fichier de chiffres (CSV ou Excel .xlsx)"),
        help_text=_l("Une ligne par commune et par trimestre, selon le modèle à télécharger."),
        error_messages={"empty": _l("Le fichier est vide.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DIAGNOSIS_UPLOAD_MAX_BYTES
        # Checked on the size the upload handler counted, before the content is read.
        if upload.size > limit:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s : la limite est de %(limit)s. Découpez-le en plusieurs fichiers.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Format non reconnu : déposez un fichier CSV (.csv) ou Excel (.xlsx)."))
        return upload


class ConfirmUploadForm(forms.Form):
    replace = forms.BooleanField(
        label=_l("Je confirme le remplacement des trimestres déjà reçus (les versions précédentes restent archivées)."),
        required=False,
    )
    confirm_early = forms.BooleanField(
        label=_l("Je confirme l'envoi de ces chiffres avant la date habituelle."), required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        data = super().clean()
        if self.plan.replacements and not data.get("replace"):
            self.add_error("replace", _("Cochez la case pour remplacer les trimestres déjà reçus."))
        if self.plan.early and not data.get("confirm_early"):
            self.add_error(
                "confirm_early", _("Cochez la case pour confirmer l'envoi de ces chiffres avant la date habituelle.")
            )
        return data


class MovementForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = BusinessMovement
        fields = [
            "kind",
            "company",
            "siret",
            "date",
            "jobs_created",
            "jobs_lost",
            "source",
            "passed_to_pole_emploi_on",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "passed_to_pole_emploi_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "company": _l("Une personne morale : ne saisissez aucune donnée sur des personnes."),
            "notes": _l("Sur l'entreprise et les emplois seulement : aucune donnée personnelle."),
        }

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        if siret and (len(siret) != 14 or not siret.isdigit()):
            raise forms.ValidationError(_("Un SIRET compte quatorze chiffres."))
        return siret

    def clean(self):
        data = super().clean()
        passed, date = data.get("passed_to_pole_emploi_on"), data.get("date")
        if passed and date and passed < date - _A_YEAR:
            self.add_error("passed_to_pole_emploi_on", _("La transmission précède de loin le mouvement : vérifiez."))
        if data.get("kind") in (BusinessMovement.Kind.CLOSURE, BusinessMovement.Kind.REDUNDANCY) and data.get(
            "jobs_created"
        ):
            self.add_error("jobs_created", _("Une fermeture ou un plan de licenciement ne crée pas d'emplois."))
        return data


class QuarterNoteForm(SensitiveTextMixin, forms.ModelForm):
    class Meta:
        model = QuarterNote
        fields = ["comment", "movements_reported_on"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
            "movements_reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "comment": _l("Lecture commune de la situation du trimestre, sans donnée personnelle."),
            "movements_reported_on": _l("Clause C3 : date d'envoi à Pôle emploi du bilan trimestriel de la commune."),
        }
