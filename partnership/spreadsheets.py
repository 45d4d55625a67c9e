"""Spreadsheets (CSV and XLSX) that open correctly in French Excel and cannot carry a formula.

CSV: UTF-8 with BOM (Excel then reads the accents), `;` separators, decimal commas. In both
formats a text cell that starts with = + - @ (or a tab / carriage return) is prefixed with an
apostrophe, so that it cannot be read as a formula (CSV injection)."""

import csv
import io

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value):
    """A CSV cell as French Excel reads it: dates JJ/MM/AAAA, decimal commas, no formula."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def to_csv(headers, rows):
    """UTF-8 with a byte order mark and `;` separators: what French Excel opens without a wizard."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers, rows, *, sheet_title, notes=()):
    import openpyxl
    from openpyxl.cell import Cell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title

    def cell(value):
        cell = Cell(sheet, value=neutralise(value))
        if isinstance(cell.value, float):
            cell.number_format = "0.00"
        elif hasattr(cell.value, "strftime"):
            cell.number_format = "DD/MM/YYYY"
        return cell

    sheet.append([neutralise(h) for h in headers])
    for header in sheet[1]:
        header.font = Font(bold=True)
    # Each row's cells made before they are appended, not looked up after: finding the last row
    # (`sheet.max_row`) reads every cell, which made a sheet of 2,000 rows take 10 s.
    # The empty cells that end a row are not made: none is written (a template's 2,000 rows of
    # empty numbers cost as much again); the first is kept, so that every row is in the sheet.
    for row in rows:
        row = list(row)
        while len(row) > 1 and row[-1] is None:
            row.pop()
        sheet.append([cell(value) for value in row])
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
