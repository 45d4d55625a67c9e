"""The series as CSV and XLSX that open correctly in French Excel, and the upload templates.

CSV: UTF-8 with BOM (Excel then reads the accents), `;` separators, decimal commas. In both
formats a text cell that starts with = + - @ (or a tab / carriage return) is prefixed with an
apostrophe, so that it cannot be read as a formula."""

import csv
import io

from django.utils.translation import gettext as _

from diagnosis.checks import FIELD_LABELS
from diagnosis.models import COUNT_FIELDS
from diagnosis.parsing import TEMPLATE_HEADERS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def to_csv(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers, rows, *, sheet_title, notes=()):
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
            elif hasattr(cell.value, "strftime"):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(12, min(40, len(header) + 2))
    sheet.freeze_panes = "A2"
    if notes:
        help_sheet = workbook.create_sheet(_("Aide"))
        for line in notes:
            help_sheet.append([neutralise(line)])
        help_sheet.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_notes():
    return [
        _("Une ligne par commune et par trimestre. La première ligne porte les intitulés des colonnes."),
        _("Code INSEE : cinq caractères (38449 pour Saint-Quentin-Fallavier)."),
        _("Année : sur quatre chiffres. Trimestre : 1 à 4, ou T1 à T4."),
        _("Date des chiffres : JJ/MM/AAAA ; laissée vide, le dernier jour du trimestre."),
        _(
            "Effectifs : nombres entiers (1 234 ou 1234) ; femmes, moins de 25 ans… peuvent aussi s'écrire "
            "en % des A, B, C (52 %)."
        ),
        _("Catégories B et C, bénéficiaires du RSA et offres collectées : facultatifs."),
        _(
            "Le fichier est contrôlé en entier avant tout enregistrement : s'il contient une erreur, "
            "rien n'est enregistré."
        ),
    ]


def template_headers():
    return [label for _field, label in TEMPLATE_HEADERS]


def template_rows(partnerships, year, quarter):
    """One line per partnership, numbers left empty, to fill in."""
    for partnership in partnerships:
        yield [partnership.commune.insee_code, partnership.commune.name, year, f"T{quarter}", None] + [None] * len(
            COUNT_FIELDS
        )
