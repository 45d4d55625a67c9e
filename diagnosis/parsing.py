"""Reading the quarterly figures from the cells of CSV or XLSX files as French users produce them.

Accepted: `;`, `,` or tab separators; UTF-8 with or without BOM, or Windows-1252; decimal
commas; thousands separated by a space, a non-breaking space or a dot; French headers in
any case, with or without accents. Subgroups may be given as a percentage of A+B+C
(« 52 % »): they are turned into a count.

Nothing here touches the database: `diagnosis.tables.read_table` gives rows of raw cells,
`map_columns` and `parse_row` the fields, the typed values and the problems found, each with
its row, column and value.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from diagnosis.checks import FIELD_LABELS
from diagnosis.models import COUNT_FIELDS, SUBGROUP_FIELDS
from diagnosis.quarters import Quarter
from partnership import french

TEMPLATE_HEADERS = [
    ("insee", "Code INSEE"),
    ("commune_name", "Commune"),
    ("year", "Année"),
    ("quarter", "Trimestre"),
    ("figures_date", "Date des chiffres"),
    *[(field, str(FIELD_LABELS[field])) for field in COUNT_FIELDS],
]
REQUIRED_COLUMNS = {"insee", "year", "quarter", "seekers_abc", "seekers_a", "under_25", "aged_50_plus", "women"}
REQUIRED_COLUMNS |= {"long_term", "capi_abc"}

NOISE_WORDS = {"de", "d", "du", "des", "l", "la", "le", "les", "en", "et", "nombre", "nb", "emploi", "demandeurs"}
NOISE_WORDS |= {"demandeur", "categorie", "categories", "cat", "inscrits", "total", "dont", "de", "deefm"}
SPACES = "\u0020\u00a0\u202f\u2009"
MAX_COUNT = 2_147_483_647  # what an integer column holds in every database


class UploadError(Exception):
    """The file cannot be read at all (not a table, empty, unknown columns, beyond the limits…);
    `row` and `column` say where, when there is a place to name."""

    def __init__(self, message, row=0, column="", value=""):
        super().__init__(message)
        self.row, self.column, self.value = row, column, value


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    value: str
    message: str


def normalise(header):
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode().lower()
    text = text.replace("+", " ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def field_for_header(header):
    """The field a French header names, or None."""
    tokens = normalise(header).split()
    words = set(tokens)
    if not tokens:
        return None
    if words & {"intercommunalite", "capi", "epci", "interco", "agglomeration"}:
        return "capi_abc"
    if "insee" in words or words >= {"code", "commune"}:
        return "insee"
    if words & {"annee", "an"}:
        return "year"
    if words & {"trimestre", "trim"}:
        return "quarter"
    if "date" in words:
        return "figures_date"
    if "25" in words or "jeunes" in words:
        return "under_25"
    if "50" in words or "seniors" in words:
        return "aged_50_plus"
    if words & {"femmes", "femme"}:
        return "women"
    if "longue" in words or "cld" in words:
        return "long_term"
    if "rsa" in words or "brsa" in words:
        return "rsa"
    if "offres" in words or "offre" in words:
        return "offers_collected"
    if words & {"commune", "nom", "libelle"}:
        return "commune_name"
    letters = [t for t in tokens if t not in NOISE_WORDS]
    letters = "".join(letters)
    return {"abc": "seekers_abc", "a": "seekers_a", "b": "seekers_b", "c": "seekers_c"}.get(letters)


def map_columns(headers):
    """{field: column index}; refuses unknown, repeated or missing columns."""
    columns, unknown = {}, []
    for index, header in enumerate(headers):
        if not str(header or "").strip():
            continue
        field = field_for_header(header)
        if field is None:
            unknown.append(str(header))
        elif field in columns:
            raise UploadError(_("La colonne « %(header)s » apparaît deux fois.") % {"header": header})
        else:
            columns[field] = index
    problems = []
    if unknown:
        problems.append(
            _("Colonnes non reconnues : %(columns)s.") % {"columns": ", ".join(f"« {u} »" for u in unknown)}
        )
    missing = [label for field, label in TEMPLATE_HEADERS if field in REQUIRED_COLUMNS and field not in columns]
    if missing:
        problems.append(_("Colonnes manquantes : %(columns)s.") % {"columns": ", ".join(f"« {m} »" for m in missing)})
    if problems:
        expected = ", ".join(f"« {label} »" for _field, label in TEMPLATE_HEADERS)
        raise UploadError(
            " ".join(problems) + " " + _("Colonnes attendues (voir le modèle) : %(e)s.") % {"e": expected}
        )
    return columns


class ValueProblem(ValueError):
    pass


def _clean_number_text(raw):
    text = str(raw).strip()
    for space in SPACES:
        text = text.replace(space, "")
    return text


def parse_number(raw):
    """A Decimal from a French-written number: « 1 234 », « 1.234 », « 4,6 », « 482 »."""
    if isinstance(raw, bool):
        raise ValueProblem(_("Valeur non numérique."))
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
        if not number.is_finite():  # an XLSX cell may hold 1E999, read as infinity
            raise ValueProblem(_("Valeur non numérique."))
        return number
    text = _clean_number_text(raw)
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")  # dots as thousands separators
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueProblem(_("Valeur non numérique."))
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueProblem(_("Valeur non numérique.")) from error


def parse_count(raw):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    number = parse_number(raw)
    if number < 0:
        raise ValueProblem(_("Un effectif ne peut pas être négatif."))
    if number != number.to_integral_value():
        raise ValueProblem(_("Un effectif doit être un nombre entier."))
    if number > MAX_COUNT:
        raise ValueProblem(_("Effectif trop grand pour être un nombre de personnes ou d'offres."))
    return int(number)


def parse_share(raw):
    """A percentage written « 52 % » or « 52,5% », as a Decimal; None if `raw` is not one."""
    if not isinstance(raw, str) or not raw.strip().endswith("%"):
        return None
    text = _clean_number_text(raw)[:-1].replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueProblem(_("Pourcentage illisible."))
    share = Decimal(text)
    if not 0 <= share <= 100:
        raise ValueProblem(_("Une part doit être comprise entre 0 et %(whole)s.") % {"whole": french.percent(100, 0)})
    return share


def parse_year(raw):
    try:
        year = int(parse_number(raw))
    except ValueProblem:
        year = None
    if year is None or not 2000 <= year <= 2100:
        raise ValueProblem(_("Année attendue sur quatre chiffres (par exemple 2020)."))
    return year


def parse_quarter(raw, year):
    """The quarter from « 3 », « T3 », « 3e trimestre », « 2020-T3 », « T3 2020 »."""
    text = normalise(raw).replace(" ", "")
    match = re.fullmatch(r"(?:(\d{4})t?)?t?([1-4])(?:er|e|eme)?(?:trimestre|trim)?(\d{4})?", text)
    if not match:
        raise ValueProblem(_("Trimestre attendu : 1 à 4, ou T1 à T4."))
    in_cell = match.group(1) or match.group(3)
    if in_cell and year is not None and int(in_cell) != year:
        raise ValueProblem(_("L'année du trimestre ne correspond pas à la colonne Année."))
    return Quarter(int(in_cell) if in_cell else year, int(match.group(2)))


def parse_date(raw):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueProblem(_("Date attendue au format JJ/MM/AAAA."))


def _cell_text(raw):
    if raw is None:
        return ""
    if isinstance(raw, datetime.datetime | datetime.date):
        return raw.strftime("%d/%m/%Y")
    return str(raw)


@dataclass
class ParsedRow:
    row: int
    insee: str
    quarter: Quarter | None
    figures_date: datetime.date | None
    values: dict


def parse_row(number, cells, columns, headers):
    """(ParsedRow, problems) for one data row."""
    problems = []

    def cell(field):
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    def problem(field, message):
        index = columns.get(field)
        column = str(headers[index]) if index is not None else str(dict(TEMPLATE_HEADERS).get(field, field))
        problems.append(Problem(number, column, _cell_text(cell(field)), message))

    insee = _cell_text(cell("insee")).strip()
    if re.fullmatch(r"\d{4}", insee):
        insee = "0" + insee  # Excel drops the leading zero of Ain, Aisne… codes
    if not re.fullmatch(r"\d[\dAB]\d{3}", insee):
        problem("insee", _("Code INSEE de commune attendu (cinq caractères)."))
    year = quarter = None
    try:
        year = parse_year(cell("year"))
    except ValueProblem as error:
        problem("year", str(error))
    if year is not None:
        try:
            quarter = parse_quarter(cell("quarter"), year)
        except ValueProblem as error:
            problem("quarter", str(error))
    figures_date = None
    try:
        figures_date = parse_date(cell("figures_date"))
    except ValueProblem as error:
        problem("figures_date", str(error))
    if quarter and figures_date is None:
        figures_date = quarter.end
    elif quarter and figures_date < quarter.start:
        problem("figures_date", _("La date des chiffres précède le trimestre (%(q)s).") % {"q": quarter.label})
    values = {}
    shares = {}
    for field in COUNT_FIELDS:
        raw = cell(field)
        try:
            share = parse_share(raw) if field in SUBGROUP_FIELDS else None
            if share is not None:
                shares[field] = share
                values[field] = None
            else:
                values[field] = parse_count(raw)
        except ValueProblem as error:
            problem(field, str(error))
            values[field] = None
    total = values.get("seekers_abc")
    for field, share in shares.items():
        if total is None:
            problem(field, _("Une part en % ne se calcule qu'avec le total des demandeurs A, B, C."))
        else:
            values[field] = int((share * total / 100).to_integral_value(rounding="ROUND_HALF_UP"))
    return ParsedRow(number, insee, quarter, figures_date, values), problems


def is_blank(cells):
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
