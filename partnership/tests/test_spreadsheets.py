import datetime
import io

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from partnership import spreadsheets

ROWS = [
    ["Valbrume", 12.5, datetime.date(2026, 9, 30), None, "=1+1"],
    ["Commune 2", 3, datetime.date(2026, 6, 30), "x", "-2"],
]


def _cells(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[(c.value, c.number_format, c.font.b) for c in row] for row in sheet.iter_rows()]


def test_cells_keep_their_values_and_formats_and_no_formula():
    cells = _cells(spreadsheets.to_xlsx(["Commune", "Part", "Date", "Note", "Texte"], ROWS, sheet_title="Chiffres"))
    assert [value for value, _format, _bold in cells[0]] == ["Commune", "Part", "Date", "Note", "Texte"]
    assert all(bold for _value, _format, bold in cells[0])
    assert cells[1] == [
        ("Valbrume", "General", False), (12.5, "0.00", False), (datetime.datetime(2026, 9, 30), "DD/MM/YYYY", False),
        (None, "General", False), ("'=1+1", "General", False),
    ]  # fmt: skip
    assert cells[2][1] == (3, "General", False) and cells[2][4] == ("'-2", "General", False)


def test_a_long_sheet_does_not_look_for_its_last_row_at_each_row(monkeypatch):
    # 2,000 partnerships' template (diagnosis:upload_template) took 10 s when each row did
    looked = []
    max_row = Worksheet.max_row
    monkeypatch.setattr(Worksheet, "max_row", property(lambda sheet: looked.append(1) or max_row.fget(sheet)))
    content = spreadsheets.to_xlsx(["A", "B"], ([n, float(n)] for n in range(2000)), sheet_title="Chiffres")
    assert len(looked) < 10
    assert len(_cells(content)) == 2001
