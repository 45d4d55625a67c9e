"""Reading the table of cells of an uploaded file that nobody vouches for (clause C3).

Its content decides how it is read: an XLSX is a zip archive, whatever its name, and anything
else is CSV text. An archive is measured before an XML parser opens it (members, what they
inflate to, declared then counted, and their tags), and every table is read within limits of
rows, columns and cell length (the DIAGNOSIS_UPLOAD_* and DIAGNOSIS_XLSX_* settings): any file
is refused in bounded time and memory with a French UploadError, never another exception.
"""

import csv
import io
import operator
import re
import zipfile
import zlib

from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from diagnosis.parsing import UploadError, field_for_header, is_blank
from partnership import french

NOT_A_TABLE = _l("Ce fichier n'est pas un tableau CSV ou Excel lisible.")
# Text never holds these; a PNG, a PDF or an Excel 97 file renamed .csv soon does.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f]")
ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
XML_ENCODING = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)")
ASCII_COMPATIBLE = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1", b"latin1"}
# Everything a damaged or hostile workbook makes zipfile, zlib, the XML parsers (defused: entity
# declarations raise ValueError) or openpyxl raise.
XLSX_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,  # UnicodeDecodeError and defusedxml's refusals among them
    OverflowError,
    OSError,
    EOFError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    RuntimeError,
    NotImplementedError,
)


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # Excel's « Texte Unicode » export
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def is_xlsx(data: bytes) -> bool:
    """An XLSX is a zip archive, whatever its name says."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_table(name, data: bytes):
    """(headers, rows) of the uploaded file, each row a list of cells (str, numbers or dates)."""
    if not data.strip():
        raise UploadError(_("Le fichier est vide."))
    if is_xlsx(data):
        table = _read_xlsx(data)
    elif name.lower().endswith(".xlsx"):
        raise UploadError(
            _(
                "Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel : enregistrez-le "
                "depuis votre tableur au format « Classeur Excel (.xlsx) », ou déposez-le en CSV."
            )
        )
    else:
        table = _read_csv(data)
    if not table:
        raise UploadError(_("Le fichier est vide."))
    return ["" if cell is None else str(cell) for cell in table[0]], table[1:]


def column_letter(number):
    """The spreadsheet's name of a column: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _within_limits(rows):
    """The rows as lists, refusing a table with too many rows or columns or too long a cell.

    Rows are numbered as the spreadsheet numbers them (the header is row 1); blank rows stay, as
    (), so that the numbers hold, up to twice the row limit."""
    max_rows = settings.DIAGNOSIS_UPLOAD_MAX_ROWS
    max_columns = settings.DIAGNOSIS_UPLOAD_MAX_COLUMNS
    max_chars = settings.DIAGNOSIS_UPLOAD_MAX_CELL_CHARS
    too_many_rows = _("Le fichier dépasse %(limit)s lignes de chiffres : découpez-le en plusieurs fichiers.") % {
        "limit": french.number(max_rows)
    }
    table, data_rows = [], 0
    for number, cells in enumerate(rows, start=1):
        if number > 2 * max_rows + 1:
            raise UploadError(too_many_rows, row=number)
        if len(cells) > max_columns:
            extra = cells[max_columns:]
            # A wide row is counted in C: formatted but empty cells far to the right are dropped.
            if extra.count(None) + extra.count("") != len(extra):
                index = next(i for i, cell in enumerate(extra) if cell not in (None, ""))
                raise UploadError(
                    _("Le tableau a plus de %(limit)s colonnes : la colonne %(column)s n'est pas attendue.")
                    % {"limit": max_columns, "column": column_letter(max_columns + index + 1)},
                    row=number,
                    column=column_letter(max_columns + index + 1),
                )
            cells = cells[:max_columns]
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > max_chars:
                raise UploadError(
                    _("Cellule trop longue (%(length)s caractères) : %(limit)s caractères au plus.")
                    % {
                        "length": french.number(len(cell)),
                        "limit": french.number(max_chars),
                    },
                    row=number,
                    column=column_letter(index + 1),
                    value=cell[:40] + "…",
                )
        if is_blank(cells):
            table.append(())
            continue
        data_rows += number > 1
        if data_rows > max_rows:
            raise UploadError(too_many_rows, row=number)
        table.append(list(cells))
    return table


def _read_csv(data):
    text = decode(data).lstrip("\ufeff")
    control = CONTROL_CHARACTERS.search(text)
    if control and control.start() < 1024:  # binary from the start: there is no row to name
        raise UploadError(str(NOT_A_TABLE))
    if control:
        raise UploadError(
            str(NOT_A_TABLE) + " " + _("Il contient des caractères de contrôle ou binaires."),
            row=text.count("\n", 0, control.start()) + 1,
        )
    first_line = io.StringIO(text, newline="").readline()

    def recognised(sep):
        try:
            cells = next(csv.reader([first_line], delimiter=sep), [])
        except csv.Error:
            return 0
        return sum(1 for cell in cells[: settings.DIAGNOSIS_UPLOAD_MAX_COLUMNS] if field_for_header(cell))

    best = max((";", ",", "\t"), key=recognised)
    return _within_limits(_csv_rows(csv.reader(io.StringIO(text, newline=""), delimiter=best)))


def _csv_rows(reader):
    number = 0
    while True:
        number += 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # Field larger than the csv module's limit (far above ours), most often a quote left open.
            raise UploadError(
                _(
                    "Ligne illisible : une cellule dépasse %(limit)s caractères, ou des guillemets "
                    "ouverts ne sont pas refermés."
                )
                % {"limit": french.number(settings.DIAGNOSIS_UPLOAD_MAX_CELL_CHARS)},
                row=number,
            ) from error


def _read_xlsx(data):
    import openpyxl

    if openpyxl.LXML or not openpyxl.DEFUSEDXML:  # see OPENPYXL_LXML in config/settings.py
        raise ImproperlyConfigured("openpyxl must parse workbooks with defusedxml, not lxml")
    _check_archive(data)
    try:
        # data_only=False: a formula is seen as one (and refused), not as its cached value.
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, rich_text=False
        )
    except XLSX_ERRORS as error:
        raise _unreadable(error) from error
    try:
        sheet = workbook["Chiffres"] if "Chiffres" in workbook.sheetnames else workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared dimension may be wrong, or hostile (A1:XFD1048576)
        return _within_limits(_sheet_rows(sheet))
    except XLSX_ERRORS as error:
        raise _unreadable(error) from error
    finally:
        workbook.close()


def _sheet_rows(sheet):
    value = operator.attrgetter("value")
    for row in sheet.iter_rows():
        # Cells beyond the column limit are refused if not empty, so they need no look here.
        for cell in row[: settings.DIAGNOSIS_UPLOAD_MAX_COLUMNS]:
            if cell.data_type == "f":
                raise UploadError(
                    _(
                        "Cellule %(cell)s : les formules ne sont pas acceptées. Copiez les cellules puis "
                        "collez les valeurs seules (Collage spécial > Valeurs)."
                    )
                    % {"cell": cell.coordinate},
                    row=cell.row,
                    column=cell.column_letter,
                    value=str(cell.value)[:80],
                )
        yield list(map(value, row))


def _not_a_workbook(reason=""):
    return UploadError(" ".join(filter(None, [_("Le fichier n'est pas un classeur Excel (.xlsx) lisible."), reason])))


def _unreadable(error):
    """The refusal of a workbook that zipfile or openpyxl could not read. Should an entity
    declaration get past the archive check, the defused XML parser's refusal shows through the
    error openpyxl wraps it in."""
    cause = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return _not_a_workbook(_("Il contient des déclarations XML refusées (DTD, entités)."))
        cause = cause.__cause__ or cause.__context__
    return _not_a_workbook()


def _check_archive(data):
    """Refuses a zip that is not a workbook or would be too much to read, before an XML parser
    reads any of it: its declared sizes first, then the real ones, counted while inflating each
    member (a zip may lie about its sizes; the CRC is checked on the way), and its tags."""
    max_members = settings.DIAGNOSIS_XLSX_MAX_MEMBERS
    max_bytes = settings.DIAGNOSIS_XLSX_MAX_INFLATED_BYTES
    max_ratio = settings.DIAGNOSIS_XLSX_MAX_RATIO
    too_large = _("Le classeur décompressé dépasserait %(limit)s Mo : il ne peut pas être lu.") % {
        "limit": max_bytes // (1024 * 1024)
    }
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except XLSX_ERRORS as error:
        raise _unreadable(error) from error
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _not_a_workbook(
            _("Cette archive ne contient pas de classeur (un fichier .ods ou .xls se réenregistre en .xlsx).")
        )
    if len(members) > max_members:
        raise _not_a_workbook(
            _("L'archive compte %(count)s éléments (%(limit)s au plus).")
            % {"count": len(members), "limit": max_members}
        )
    declared = 0
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_a_workbook(_("L'archive est chiffrée ou compressée d'une façon inconnue."))
        declared += member.file_size
        if declared > max_bytes:
            raise UploadError(too_large)
        if member.file_size > 1024 * 1024 and member.file_size > max_ratio * member.compress_size:
            raise UploadError(
                _("L'élément « %(name)s » du classeur se décompresse %(ratio)s fois : il ne peut pas être lu.")
                % {"name": member.filename[:100], "ratio": member.file_size // max(member.compress_size, 1)}
            )
    try:
        _scan_members(archive, members, too_large)
    except XLSX_ERRORS as error:
        raise _unreadable(error) from error


def _scan_members(archive, members, too_large):
    """Inflates every member within the size limit and reads its markup as bytes, before any
    XML parser does (a tag cut between two chunks is read with the next one)."""
    max_bytes, inflated, markup = settings.DIAGNOSIS_XLSX_MAX_INFLATED_BYTES, 0, _Markup()
    for member in members:
        markup.start_member()
        with archive.open(member) as stream:
            size, carry = 0, b""
            while chunk := stream.read(64 * 1024):
                if not size:
                    _check_encoding(chunk)
                size += len(chunk)
                inflated += len(chunk)
                if size > member.file_size or inflated > max_bytes:
                    raise UploadError(too_large)
                text = carry + chunk
                cut = text.rfind(b"<", max(0, len(text) - 64))
                text, carry = (text, b"") if cut == -1 else (text[:cut], text[cut:])
                markup.read(text)
            markup.read(carry)


class _Markup:
    """Counts a workbook's tags, in all and within each row: openpyxl holds every tag of a row
    in memory at once, and every tag it does not know until the end of its sheet. Counting
    bytes holds because encodings that are not a superset of ASCII (UTF-16) are refused."""

    def __init__(self):
        self.max_tags = settings.DIAGNOSIS_XLSX_MAX_TAGS
        self.max_row_tags = 40 * settings.DIAGNOSIS_UPLOAD_MAX_COLUMNS  # 50 cells of inline strings: 400
        self.tags = 0

    def start_member(self):
        self.row_tags, self.in_row = 0, False

    def read(self, text):
        # OOXML has no DTD: a declaration is an entity bomb or an external entity (XXE).
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
            raise _not_a_workbook(_("Il contient des déclarations XML refusées (DTD, entités)."))
        self.tags += text.count(b"<")
        if self.tags > self.max_tags:
            raise UploadError(
                _(
                    "Le classeur contient trop d'éléments pour être lu (plus de %(limit)s) : gardez "
                    "seulement la feuille des chiffres, ou déposez-la en CSV."
                )
                % {"limit": french.number(self.max_tags)}
            )
        before, *rows = ROW_START.split(text)
        self.row_tags += before.count(b"<")
        for row in rows:
            self._check_row()
            self.in_row, self.row_tags = True, 1 + row.count(b"<")
        self._check_row()

    def _check_row(self):
        if self.in_row and self.row_tags > self.max_row_tags:
            raise _not_a_workbook(
                _("Une ligne du classeur contient plus de %(limit)s éléments.")
                % {"limit": french.number(self.max_row_tags)}
            )


def _check_encoding(start):
    """Refuses a member in UTF-16, or declared in an encoding that is not a superset of ASCII."""
    declared = XML_ENCODING.match(start)
    if (
        start.startswith((b"\xff\xfe", b"\xfe\xff"))
        or start[:2] in (b"<\x00", b"\x00<")
        or (declared and declared.group(1).lower() not in ASCII_COMPATIBLE)
    ):
        raise _not_a_workbook(_("Ses parties XML doivent être encodées en UTF-8."))
