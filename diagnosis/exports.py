"""The series and the upload templates as rows, for the spreadsheets of `partnership.spreadsheets`."""

from django.utils.translation import gettext as _

from diagnosis.checks import FIELD_LABELS
from diagnosis.models import COUNT_FIELDS
from diagnosis.parsing import TEMPLATE_HEADERS
from partnership import french


def series_headers():
    return [
        _("Commune"),
        _("Code INSEE"),
        _("Année"),
        _("Trimestre"),
        _("Date des chiffres"),
        *[str(FIELD_LABELS[name]) for name in COUNT_FIELDS],
        _("Part de la commune dans l'intercommunalité (%)"),
        _("Version"),
        _("Démonstration"),
    ]


def series_rows(partnership, figures):
    for f in figures:
        yield [
            partnership.commune.name,
            partnership.commune.insee_code,
            f.year,
            f"T{f.quarter}",
            f.figures_date,
            *[getattr(f, name) for name in COUNT_FIELDS],
            round(f.capi_share, 2) if f.capi_share is not None else None,
            f.version,
            _("oui") if f.demo else _("non"),
        ]


def template_notes():
    return [
        _("Une ligne par commune et par trimestre. La première ligne porte les intitulés des colonnes."),
        _("Code INSEE : cinq caractères (38449 pour Saint-Quentin-Fallavier)."),
        _("Année : sur quatre chiffres. Trimestre : 1 à 4, ou T1 à T4."),
        _("Date des chiffres : JJ/MM/AAAA ; laissée vide, le dernier jour du trimestre."),
        _(
            "Effectifs : nombres entiers (1 234 ou 1234) ; femmes, moins de 25 ans… peuvent aussi s'écrire "
            "en %% des A, B, C (%(share)s)."
        )
        % {"share": french.percent(52, 0)},
        _("Catégories B et C, bénéficiaires du RSA et offres collectées : facultatifs."),
        _(
            "Le fichier est contrôlé en entier avant tout enregistrement : s'il contient une erreur, "
            "rien n'est enregistré."
        ),
    ]


def template_headers():
    return [label for _field, label in TEMPLATE_HEADERS]


def template_rows(communes, year, quarter):
    """One line per partnership, numbers left empty, to fill in: `communes`, the (INSEE code, name)
    of each partnership's commune."""
    for insee_code, name in communes:
        yield [insee_code, name, year, f"T{quarter}", None] + [None] * len(COUNT_FIELDS)
