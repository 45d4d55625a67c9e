"""Uploads as French users produce them, checked as a whole (clause C3)."""

import datetime
import io

import openpyxl
import pytest

from diagnosis import services
from diagnosis.models import QuarterlyFigures
from diagnosis.tests.factories import QuarterlyFiguresFactory
from partnership.permissions import Role

HEADERS = [
    "Code INSEE",
    "Année",
    "Trimestre",
    "Date des chiffres",
    "Demandeurs A, B, C",
    "Catégorie A",
    "Moins de 25 ans",
    "50 ans et plus",
    "Femmes",
    "Chômeurs de longue durée",
    "Demandeurs A, B, C de l'intercommunalité",
    "Offres d'emploi collectées",
]


def row(insee, year=2020, quarter="T3", abc="482", a="294", capi="10420", **extra):
    cells = [insee, str(year), quarter, "", abc, a, "71", "118", "251", "193", capi, "412"]
    for index, value in extra.items():
        cells[int(index[1:])] = value
    return cells


def csv_bytes(rows, sep=";", encoding="utf-8", bom=False, headers=HEADERS):
    def line(cells):
        return sep.join(f'"{c}"' if sep in c else c for c in cells)

    text = "\r\n".join([line(headers)] + [line(r) for r in rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def plan(cast, data, name="chiffres.csv", role=Role.CORRESPONDENT):
    return services.plan_upload(cast[role], name, data)


def insee(cast):
    return cast.partnership.commune.insee_code


def assert_documents_quarter(result, cast):
    assert result.problems == []
    assert len(result.quarters) == 1
    q = result.quarters[0]
    assert q.partnership == cast.partnership
    assert (q.quarter.year, q.quarter.number) == (2020, 3)
    assert q.values["seekers_abc"] == 482
    assert q.values["capi_abc"] == 10420
    assert round(q.capi_share, 1) == 4.6


@pytest.mark.parametrize(
    "sep,encoding,bom",
    [(";", "utf-8", False), (";", "utf-8", True), (",", "utf-8", False), (",", "utf-8", True), (";", "cp1252", False)],
    ids=["semicolon-utf8", "semicolon-utf8-bom", "comma-utf8", "comma-utf8-bom", "semicolon-windows-1252"],
)
def test_csv_variants_are_accepted(cast, sep, encoding, bom):
    # clause C3
    assert_documents_quarter(plan(cast, csv_bytes([row(insee(cast))], sep=sep, encoding=encoding, bom=bom)), cast)


@pytest.mark.parametrize(
    "capi",
    ["10 420", "10\u00a0420", "10\u202f420", "10.420", "10420,0", "10.420,00"],
    ids=["space", "nbsp", "narrow-nbsp", "dot", "decimal-comma", "dot-and-decimal-comma"],
)
def test_thousands_separators_and_decimal_commas(cast, capi):
    assert_documents_quarter(plan(cast, csv_bytes([row(insee(cast), capi=capi)])), cast)


def test_french_headers_any_case_with_or_without_accents(cast):
    headers = [
        "code insee",
        "ANNEE",
        "trimestre",
        "DATE DES CHIFFRES",
        "Demandeurs d'emploi cat. A+B+C",
        "CATÉGORIE A",
        "Jeunes < 25 ans",
        "Séniors 50 ans et +",
        "femmes",
        "chomeurs de longue duree",
        "CAPI A, B, C",
        "offres collectées",
    ]
    assert_documents_quarter(plan(cast, csv_bytes([row(insee(cast))], headers=headers)), cast)


def test_quarter_spellings_and_percent_shares(cast):
    rows = [
        row(insee(cast), quarter="3", **{"c8": "52 %", "c9": "40,0%"}),
        row(insee(cast), quarter="2020-T4", **{"c3": "31/12/2020"}),
        row(insee(cast), year=2021, quarter="1er trimestre", **{"c3": "2021-03-31"}),
    ]
    result = plan(cast, csv_bytes(rows))
    assert result.problems == []
    first = result.quarters[0]
    assert (first.values["women"], first.values["long_term"]) == (251, 193)  # 52 % and 40 % of 482
    assert [str(q.quarter) for q in result.quarters] == ["T3 2020", "T4 2020", "T1 2021"]


def test_xlsx_is_accepted_with_numbers_and_dates(cast):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([insee(cast), 2020, 3, datetime.datetime(2020, 9, 30), 482, 294, 71, 118, 251, 193, 10420, 412.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_documents_quarter(plan(cast, buffer.getvalue(), name="chiffres.xlsx"), cast)


def test_type_comes_from_the_content_not_the_name(cast):
    """A workbook named .csv is read as a workbook; Excel's « Texte Unicode » export (UTF-16,
    tabs) and old Mac line endings are read as CSV."""
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append([insee(cast), 2020, 3, None, 482, 294, 71, 118, 251, 193, 10420, 412])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_documents_quarter(plan(cast, buffer.getvalue(), name="chiffres.csv"), cast)
    utf16 = "\r\n".join("\t".join(cells) for cells in [HEADERS, row(insee(cast))]).encode("utf-16")
    assert_documents_quarter(plan(cast, utf16, name="chiffres.txt"), cast)
    mac = csv_bytes([row(insee(cast))]).replace(b"\r\n", b"\r")
    assert_documents_quarter(plan(cast, mac), cast)


def test_xlsx_declared_dimension_is_ignored(cast):
    """A workbook declaring A1:XFD1048576 around its two rows is read as its two rows, at once."""
    import re
    import time
    import zipfile

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append([insee(cast), 2020, 3, None, 482, 294, 71, 118, 251, 193, 10420, 412])
    buffer = io.BytesIO()
    workbook.save(buffer)
    patched = io.BytesIO()
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            content = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*" />', b'<dimension ref="A1:XFD1048576"/>', content)
            new.writestr(info, content)
    started = time.perf_counter()
    assert_documents_quarter(plan(cast, patched.getvalue(), name="chiffres.xlsx"), cast)
    assert time.perf_counter() - started < 2


def test_limits_of_a_table(cast, settings):
    settings.DIAGNOSIS_UPLOAD_MAX_ROWS = 2
    two = csv_bytes([row(insee(cast)), row(insee(cast), quarter="T4")])
    assert plan(cast, two + b";;;;\r\n\r\n").ok  # blank lines after the data are no rows of figures
    three = plan(cast, csv_bytes([row(insee(cast)), row(insee(cast), quarter="T4"), row(insee(cast), 2021, "T1")]))
    assert (three.problems[0].row, three.problems[0].message) == (
        4,
        "Le fichier dépasse 2 lignes de chiffres : découpez-le en plusieurs fichiers.",
    )
    settings.DIAGNOSIS_UPLOAD_MAX_COLUMNS = 12
    assert plan(cast, csv_bytes([row(insee(cast)) + ["", ""]], headers=HEADERS + ["", ""])).ok  # empty at the right
    wide = plan(cast, csv_bytes([row(insee(cast)) + ["", "1"]], headers=HEADERS + ["", ""]))
    assert (wide.problems[0].row, wide.problems[0].column) == (2, "N")
    settings.DIAGNOSIS_UPLOAD_MAX_CELL_CHARS = 10
    long_name = plan(cast, csv_bytes([row(insee(cast))], headers=["Code INSEE de la commune", *HEADERS[1:]]))
    assert (long_name.problems[0].row, long_name.problems[0].column) == (1, "A")
    assert long_name.problems[0].message == "Cellule trop longue (24 caractères) : 10 caractères au plus."


def test_workbooks_are_parsed_with_defused_xml():
    """openpyxl picks defusedxml up when it is installed: entity declarations are refused."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_one_file_many_communes_for_an_agency_correspondent(cast):
    from partnership.tests.factories import PartnershipFactory

    second = PartnershipFactory(agency=cast.partnership.agency)
    rows = [row(insee(cast)), row(second.commune.insee_code, abc="300", a="200", capi="10420")]
    result = plan(cast, csv_bytes(rows))
    assert result.problems == []
    assert {q.partnership for q in result.quarters} == {cast.partnership, second}


def problems(result):
    return [(p.row, p.column, p.value, p.message) for p in result.problems]


@pytest.mark.parametrize(
    "cell,value,message",
    [
        ("c4", "-5", "Un effectif ne peut pas être négatif."),
        ("c4", "482,5", "Un effectif doit être un nombre entier."),
        ("c4", "beaucoup", "Valeur non numérique."),
        ("c4", "99999999999", "Effectif trop grand pour être un nombre de personnes ou d'offres."),
        ("c8", "120 %", "Une part doit être comprise entre 0 et 100\u00a0%."),
        ("c1", "20", "Année attendue sur quatre chiffres (par exemple 2020)."),
        ("c2", "T5", "Trimestre attendu : 1 à 4, ou T1 à T4."),
        ("c3", "31 septembre", "Date attendue au format JJ/MM/AAAA."),
        ("c3", "01/01/2020", "La date des chiffres précède le trimestre (4e trimestre 2020)."),
        ("c5", "500", "Catégorie A (500) dépasse le total des demandeurs A, B, C (482)."),
        ("c8", "483", "Femmes (483) dépasse le total des demandeurs A, B, C (482)."),
        ("c10", "400", "La commune (482) ne peut compter plus de demandeurs que l'intercommunalité (400)."),
        ("c9", "", "Valeur obligatoire manquante."),
    ],
)
def test_each_refusal_names_row_column_value_and_reason(cast, cell, value, message):
    result = plan(cast, csv_bytes([row(insee(cast)), row(insee(cast), quarter="T4", **{cell: value})]))
    column = HEADERS[int(cell[1:])]
    assert (3, column, value, message) in problems(result)
    assert not result.ok


def test_refused_file_level_problems(cast):
    assert "Le fichier est vide." in problems(plan(cast, b""))[0][3]
    unknown = plan(cast, csv_bytes([row(insee(cast))], headers=HEADERS[:-1] + ["Météo"]))
    assert "Colonnes non reconnues : « Météo »." in unknown.problems[0].message
    missing = plan(cast, csv_bytes([row(insee(cast))[:-2]], headers=HEADERS[:-2]))
    assert "Colonnes manquantes : « Demandeurs A, B, C de l'intercommunalité »." in missing.problems[0].message
    broken = plan(cast, b"PK\x03\x04 not really a workbook", name="chiffres.xlsx")
    assert broken.problems[0].message == "Le fichier n'est pas un classeur Excel (.xlsx) lisible."
    only_header = plan(cast, csv_bytes([]))
    assert only_header.problems[0].message == "Le fichier ne contient aucune ligne de chiffres."


def test_a_quarter_is_received_once_it_has_ended(cast):
    # clause C3
    data = csv_bytes([row(insee(cast), 2026, "T3"), row(insee(cast), 2026, "T4")])
    not_ended = (
        3,
        "Trimestre",
        "T4 2026",
        "Le 4e trimestre 2026 n'est pas terminé : ses chiffres pourront être déposés à partir du 01/01/2027.",
    )
    for today in (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)):
        result = services.plan_upload(cast[Role.CORRESPONDENT], "t4.csv", data, today=today)
        assert problems(result) == [not_ended]
    assert services.plan_upload(cast[Role.CORRESPONDENT], "t4.csv", data, today=datetime.date(2027, 1, 1)).ok


def test_no_year_beyond_the_last_cooperation_convention(cast):
    # clause C3 (within the cooperation convention of clause C2: cast's ends on 31 December 2026)
    from partnership.tests.factories import ConventionFactory, PartnershipFactory

    without_convention = PartnershipFactory(agency=cast.partnership.agency)
    data = csv_bytes([row(insee(cast), 2027, "T1"), row(without_convention.commune.insee_code, 2027, "T1")])
    result = services.plan_upload(cast[Role.CORRESPONDENT], "2027.csv", data, today=datetime.date(2027, 6, 1))
    assert problems(result) == [
        (
            2,
            "Année",
            "2027",
            "L'année 2027 est postérieure à la convention de coopération, qui prend fin le 31/12/2026.",
        )
    ]
    ConventionFactory(partnership=cast.partnership, effective_from=datetime.date(2027, 1, 1))  # the renewal
    assert services.plan_upload(cast[Role.CORRESPONDENT], "2027.csv", data, today=datetime.date(2027, 6, 1)).ok


def test_same_quarter_twice_in_a_file_is_refused(cast):
    result = plan(cast, csv_bytes([row(insee(cast)), row(insee(cast), quarter="3")]))
    assert (3, "Trimestre", "T3 2020", "Ce trimestre de cette commune figure déjà à la ligne 2.") in problems(result)


def test_row_for_a_commune_of_another_agency_is_refused(cast, other_cast):
    # The correspondent of cast's agency may not submit for other_cast's commune.
    result = plan(cast, csv_bytes([row(insee(cast)), row(insee(other_cast))]))
    assert (
        3,
        "Code INSEE",
        insee(other_cast),
        f"Vous ne pouvez pas déposer de chiffres pour la commune {insee(other_cast)}.",
    ) in problems(result)
    assert not result.ok


def test_elected_official_may_not_submit(cast):
    result = plan(cast, csv_bytes([row(insee(cast))]), role=Role.ELU)
    assert "Vous ne pouvez pas déposer" in result.problems[0].message


def test_all_or_nothing(cast):
    data = csv_bytes([row(insee(cast)), row(insee(cast), quarter="T4", c4="-1")])
    result = plan(cast, data)
    assert len(result.problems) == 1
    with pytest.raises(ValueError):
        services.save_plan(result, cast[Role.CORRESPONDENT], source="fichier")
    assert QuarterlyFigures.objects.count() == 0


def test_saving_a_clean_upload(cast):
    result = plan(cast, csv_bytes([row(insee(cast), c3="30/09/2020"), row(insee(cast), quarter="T4", c3="31/12/2020")]))
    saved = services.save_plan(result, cast[Role.CORRESPONDENT], source="fichier")
    assert len(saved) == 2
    assert QuarterlyFigures.objects.current().count() == 2
    assert {f.version for f in QuarterlyFigures.objects.all()} == {1}


def test_replacement_asks_first_and_keeps_the_previous_version(cast):
    old = QuarterlyFiguresFactory(partnership=cast.partnership, seekers_abc=480, seekers_a=290, seekers_c=104)
    result = plan(cast, csv_bytes([row(insee(cast))]))
    assert result.ok and result.replacements[0].replaces == old
    with pytest.raises(services.ReplacementNotConfirmed):
        services.save_plan(result, cast[Role.CORRESPONDENT], source="fichier")
    assert QuarterlyFigures.objects.get().superseded_at is None
    services.save_plan(result, cast[Role.CORRESPONDENT], source="fichier", confirm_replace=True)
    old.refresh_from_db()
    assert old.superseded_at is not None and old.seekers_abc == 480
    current = QuarterlyFigures.objects.current().get()
    assert (current.version, current.seekers_abc) == (2, 482)
    assert QuarterlyFigures.objects.count() == 2


def test_a_submission_in_between_is_detected(cast):
    result = plan(cast, csv_bytes([row(insee(cast))]))
    QuarterlyFiguresFactory(partnership=cast.partnership)
    with pytest.raises(services.ConcurrentSubmission):
        services.save_plan(result, cast[Role.CORRESPONDENT], source="fichier", confirm_replace=True)
    assert QuarterlyFigures.objects.count() == 1


def test_sharp_change_from_previous_quarter_is_flagged_not_refused(cast, settings):
    settings.DIAGNOSIS_SHARP_CHANGE_PERCENT = 20
    QuarterlyFiguresFactory(partnership=cast.partnership, year=2020, quarter=2)
    result = plan(cast, csv_bytes([row(insee(cast), abc="700", a="400")]))
    assert result.ok
    assert [w.field for w in result.quarters[0].warnings] == ["seekers_abc", "seekers_a"]
