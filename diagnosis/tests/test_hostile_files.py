"""Uploads nobody vouches for (clause C3): each hostile file is refused with a French message, in
bounded time and memory, and nothing is saved or kept. The files are built here, small on disk.

Memory is measured twice while the upload view handles a file: the peak of Python's allocations
(tracemalloc, zlib's and expat's buffers included), and the growth of the process's peak
resident size (VmHWM, reset first through /proc/self/clear_refs). The second is a floor, since
the process reuses memory it already holds, but it also sees what tracemalloc cannot. Run with
-s to read the figures of each file."""

import html
import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnosis import parsing, tables
from diagnosis.models import QuarterlyFigures
from diagnosis.tests.test_services import HEADERS, csv_bytes, row
from partnership.permissions import Role

SECONDS = 5
TRACED_MB = 64
RESIDENT_MB = 128
MB = 1024 * 1024
SHEET1 = "xl/worksheets/sheet1.xml"


def workbook(rows):
    book = openpyxl.Workbook()
    book.active.title = "Chiffres"
    for cells in rows:
        book.active.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def repack(xlsx, members, target=None, level=6):
    """A copy of the zip `xlsx` with `members` replaced or added, each bytes or an iterable of
    chunks (streamed: written to the file `target` when given, the copy is not held twice)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as old,
        zipfile.ZipFile(target or buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as new,
    ):
        for info in old.infolist():
            if info.filename not in members:
                new.writestr(info, old.read(info))
        for name, content in members.items():
            with new.open(name, "w") as stream:
                for chunk in [content] if isinstance(content, bytes) else content:
                    stream.write(chunk)
    return Path(target).read_bytes() if target else buffer.getvalue()


def repeated(chunk, total):
    for _n in range(total // len(chunk)):
        yield chunk


def lying_about_size(data, member, size):
    """The same zip, its local and central headers declaring `size` bytes for `member`."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info, offset = archive.getinfo(member), archive.start_dir
    struct.pack_into("<I", data, info.header_offset + 22, size)
    while data[offset : offset + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, offset + 24, size)
        offset += 46 + name_length + extra_length + comment_length
    return bytes(data)


SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
)
LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + LAUGHS.replace("{", "{{").replace("}", "}}")
    + "]>"
    + SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
)
XXE = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
)


def unknown_tags(count):
    rng = random.Random(0)
    return "".join(f'<x/><x/><x/><x/><x/><x/><x/><x/><x/><y a="{rng.randrange(10_000)}"/>' for _n in range(count // 10))


def styled_cells(count):
    rng = random.Random(0)
    return "".join(f'<c s="{rng.randrange(1000)}"/>' for _n in range(count))


def xml(template, encoding):
    return template.format(encoding=encoding).encode(encoding)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    """The two big ones, built once in a temporary folder: a workbook whose sheet is 250 MB of
    zeros (1 MB on disk), and one whose only shared string is 300 MB long (300 kB on disk)."""
    folder = tmp_path_factory.mktemp("bombs")
    base = workbook([HEADERS])
    bomb = repack(base, {SHEET1: repeated(b"\0" * MB, 250 * MB)}, folder / "bomb.xlsx", level=1)
    strings = with_shared_strings(base, sst(repeated(b"A" * MB, 300 * MB)), folder / "strings.xlsx")
    return {"bomb": bomb, "strings": strings}


SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def with_shared_strings(xlsx, strings, target=None):
    """`xlsx` whose cell A2 shows the first string of the shared strings part `strings` (chunks)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        types = archive.read("[Content_Types].xml").replace(b"</Types>", SHARED_STRINGS_TYPE.encode())
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"</row></sheetData>", b'</row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>')
    return repack(xlsx, {"[Content_Types].xml": types, SHEET1: sheet, "xl/sharedStrings.xml": strings}, target)


def sst(chunks):
    """The shared strings part of one string, given as chunks."""
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    yield from chunks
    yield b"</t></si></sst>"


def patched_sheet(xlsx, old, new):
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert old in sheet
    return repack(xlsx, {SHEET1: sheet.replace(old, new)})


def png():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")


def valid_cells(insee):
    return [insee, 2020, 3, "", 482, 294, 71, 118, 251, 193, 10420, 412]


XXE_WORKBOOK = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="&xxe;" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
NOT_READABLE = "Le fichier n'est pas un classeur Excel (.xlsx) lisible."
NOT_A_TABLE = "Ce fichier n'est pas un tableau CSV ou Excel lisible."
TOO_LARGE = "Le classeur décompressé dépasserait 32 Mo"
DTD = "Il contient des déclarations XML refusées (DTD, entités)."
UTF8_ONLY = "Ses parties XML doivent être encodées en UTF-8."
ROWS_LIMIT = "Le fichier dépasse 10\xa0000 lignes de chiffres"


def _csv_with(insee, count, **cells):
    return csv_bytes([row(insee) if n != count - 1 else row(insee, **cells) for n in range(count)])


# (id, name, build(insee, bombs) -> bytes, French message shown, (row, column) of the first problem or None)
CORPUS = [
    ("png-renamed-csv", "photo.csv", lambda i, b: png(), NOT_A_TABLE, None),
    ("csv-nul-bytes", "chiffres.csv", lambda i, b: _csv_with(i, 40, c1="20\x0020"), "caractères de contrôle", (41, "")),
    (
        "csv-200-kb-cell",
        "chiffres.csv",
        lambda i, b: csv_bytes([row(i, c2="T" * 200_000)]),
        "Ligne illisible : une cellule dépasse 1\xa0000 caractères",
        (2, ""),
    ),
    (
        "csv-2-kb-cell",
        "chiffres.csv",
        lambda i, b: csv_bytes([row(i), row(i, c11="4" * 2000)]),
        "Cellule trop longue (2\xa0000 caractères) : 1\xa0000 caractères au plus.",
        (3, "L"),
    ),
    (
        "csv-unclosed-quote",
        "chiffres.csv",
        lambda i, b: csv_bytes([row(i)]) + b'"' + b"38000;2020;T3\r\n" * 20_000,
        "des guillemets ouverts ne sont pas refermés",
        (3, ""),
    ),
    (
        "csv-100000-rows",
        "chiffres.csv",
        lambda i, b: csv_bytes([[i, "2020", "3", "", "1", "1", "1", "1", "1", "1", "9", "1"]] * 100_000),
        ROWS_LIMIT,
        (10_002, ""),
    ),
    (
        "csv-500-columns",
        "chiffres.csv",
        lambda i, b: csv_bytes([row(i) + ["1"] * 488], headers=HEADERS + [f"Colonne {n}" for n in range(488)]),
        "Le tableau a plus de 50 colonnes : la colonne AY n'est pas attendue.",
        (1, "AY"),
    ),
    (
        "csv-count-beyond-any-integer",
        "chiffres.csv",
        lambda i, b: csv_bytes([row(i, abc="9" * 20, a="1", capi="9" * 20)]),
        "Effectif trop grand",
        (2, "Demandeurs A, B, C"),
    ),
    (
        # A UTF-8 byte order mark before Windows-1252 text: read as Windows-1252.
        "csv-bom-then-windows-1252",
        "chiffres.csv",
        lambda i, b: b"\xef\xbb\xbf" + csv_bytes([row(i, c4="-5")], encoding="cp1252"),
        "Un effectif ne peut pas être négatif.",
        (2, "Demandeurs A, B, C"),
    ),
    ("empty-file", "chiffres.csv", lambda i, b: b"", "Le fichier est vide.", None),
    ("blank-file", "chiffres.csv", lambda i, b: b" \r\n\r\n", "Le fichier est vide.", None),
    (
        "text-named-xlsx",
        "chiffres.xlsx",
        lambda i, b: csv_bytes([row(i)]),
        "Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel",
        None,
    ),
    (
        "excel-97-named-xlsx",
        "chiffres.xlsx",
        lambda i, b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        "Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel",
        None,
    ),
    (
        "zip-without-workbook",
        "chiffres.xlsx",
        lambda i, b: _zip({"notes.txt": b"rien"}),
        "Cette archive ne contient pas de classeur",
        None,
    ),
    ("truncated-zip", "chiffres.xlsx", lambda i, b: (x := workbook([HEADERS]))[: len(x) // 2], NOT_READABLE, None),
    (
        "xlsx-many-members",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {f"xl/media/m{n}": b"" for n in range(2000)}),
        "L'archive compte 2009 éléments (100 au plus).",
        None,
    ),
    (
        "xlsx-malformed-sheet",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {SHEET1: b"<worksheet><sheetData><row>"}),
        NOT_READABLE,
        None,
    ),
    (
        "xlsx-billion-laughs",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {SHEET1: xml(BILLION_LAUGHS, "utf-8")}),
        DTD,
        None,
    ),
    (
        # UTF-16 would hide the declaration, and the tags, from a byte search.
        "xlsx-billion-laughs-utf16",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {SHEET1: xml(BILLION_LAUGHS, "utf-16")}),
        UTF8_ONLY,
        None,
    ),
    (
        "xlsx-xxe",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {SHEET1: xml(XXE, "utf-8")}),
        DTD,
        None,
    ),
    (
        "xlsx-xxe-utf16-workbook",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {"xl/workbook.xml": xml(XXE_WORKBOOK, "utf-16")}),
        UTF8_ONLY,
        None,
    ),
    (
        "xlsx-declared-in-ebcdic",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {SHEET1: b'<?xml version="1.0" encoding="cp037"?>' + bytes(64)}),
        UTF8_ONLY,
        None,
    ),
    (
        # A 2 MB upload (random styles keep the ratio low): openpyxl would hold the row's
        # million cells in memory at once, 700 MB, for 6 s.
        "xlsx-row-of-a-million-cells",
        "chiffres.xlsx",
        lambda i, b: repack(
            workbook([HEADERS]), {SHEET1: SHEET.format(f"<row>{styled_cells(1_000_000)}</row>").encode()}
        ),
        "Une ligne du classeur contient plus de 2\xa0000 éléments.",
        None,
    ),
    (
        # Tags openpyxl does not know stay in memory while it reads: a million is 100 MB. Random
        # numbers keep the ratio low.
        "xlsx-1100000-unknown-tags",
        "chiffres.xlsx",
        lambda i, b: repack(
            workbook([HEADERS]),
            {SHEET1: SHEET.format("").replace("<sheetData>", unknown_tags(1_100_000) + "<sheetData>").encode()},
        ),
        "Le classeur contient trop d'éléments pour être lu (plus de 1\xa0000\xa0000)",
        None,
    ),
    (
        "xlsx-huge-declared-dimension",
        "chiffres.xlsx",
        lambda i, b: patched_sheet(
            workbook([HEADERS]), b'<dimension ref="A1:L1" />', b'<dimension ref="A1:XFD1048576"/>'
        ),
        "Le fichier ne contient aucune ligne de chiffres.",
        None,
    ),
    ("zip-bomb", "chiffres.xlsx", lambda i, b: b["bomb"], TOO_LARGE, None),
    (
        # Declares 30 MB (a ratio of 27): inflating stops there and the CRC gives the lie away.
        "zip-bomb-lying-about-its-size",
        "chiffres.xlsx",
        lambda i, b: lying_about_size(b["bomb"], "xl/worksheets/sheet1.xml", 30 * MB),
        NOT_READABLE,
        None,
    ),
    (
        "xlsx-member-inflating-1000-times",
        "chiffres.xlsx",
        lambda i, b: repack(workbook([HEADERS]), {"xl/media/image1.png": repeated(b"\0" * MB, 20 * MB)}, level=9),
        "se décompresse 1",
        None,
    ),
    ("xlsx-300-mb-shared-string", "chiffres.xlsx", lambda i, b: b["strings"], TOO_LARGE, None),
    (
        "xlsx-2-kb-shared-string",
        "chiffres.xlsx",
        lambda i, b: with_shared_strings(workbook([HEADERS]), sst([b"A" * 2000])),
        "Cellule trop longue (2\xa0000 caractères)",
        (2, "A"),
    ),
    (
        "xlsx-formula-with-cached-value",
        "chiffres.xlsx",
        lambda i, b: patched_sheet(
            workbook([HEADERS, [*valid_cells(i)[:4], "=294+86+102", *valid_cells(i)[5:]]]), b"<v />", b"<v>482</v>"
        ),
        "Cellule E2 : les formules ne sont pas acceptées.",
        (2, "E"),
    ),
    (
        "xlsx-cell-in-column-xfd",
        "chiffres.xlsx",
        lambda i, b: patched_sheet(
            workbook([HEADERS, valid_cells(i)]),
            b"</row></sheetData>",
            b'<c r="XFD2" t="n"><v>1</v></c></row></sheetData>',
        ),
        "la colonne XFD n'est pas attendue",
        (2, "XFD"),
    ),
    (
        "xlsx-cell-in-row-1048576",
        "chiffres.xlsx",
        lambda i, b: patched_sheet(
            workbook([HEADERS, valid_cells(i)]),
            b"</row></sheetData>",
            b'</row><row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row></sheetData>',
        ),
        ROWS_LIMIT,
        (20_002, ""),
    ),
    (
        "xlsx-infinite-number",
        "chiffres.xlsx",
        lambda i, b: patched_sheet(workbook([HEADERS, valid_cells(i)]), b"<v>482</v>", b"<v>1E999</v>"),
        "Valeur non numérique.",
        (2, "Demandeurs A, B, C"),
    ),
]


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _status_kb(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def _reset_peak_resident():
    """Resets VmHWM to the current resident size (Linux: 5 > /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@pytest.mark.parametrize("label,name,build,message,where", CORPUS, ids=[entry[0] for entry in CORPUS])
def test_hostile_file_is_refused_in_bounded_time_and_memory(
    client, cast, settings, bombs, label, name, build, message, where
):
    # clause C3
    data = build(cast.partnership.commune.insee_code, bombs)
    upload = SimpleUploadedFile(name, data)
    client.force_login(cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:upload")
    client.get(url)  # the session and the page's imports, outside the measure
    resident = _reset_peak_resident() and _status_kb("VmRSS")
    tracemalloc.start()
    started = time.perf_counter()
    response = client.post(url, {"file": upload})
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    resident_growth = (_status_kb("VmHWM") - resident) / 1024 if resident else None
    print(
        f"\n{label:<34} {len(data) / 1024:9.1f} kB  {1000 * elapsed:7.0f} ms  traced peak {traced_peak:6.1f} MB"
        + (f"  VmHWM +{resident_growth:.1f} MB" if resident_growth is not None else "")
    )
    assert response.status_code == 422
    assert message in html.unescape(response.content.decode())
    plan = response.context["plan"]
    if where:
        assert (plan.problems[0].row, plan.problems[0].column) == where
    assert elapsed < SECONDS
    assert traced_peak < TRACED_MB
    if resident_growth is not None:
        assert resident_growth < RESIDENT_MB
    assert QuarterlyFigures.objects.count() == 0
    uploads = Path(settings.MEDIA_ROOT) / "diagnosis" / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())
    assert not client.session.get("diagnosis_uploads")


def test_the_defused_parser_refuses_what_the_archive_check_would_miss(monkeypatch):
    # clause C3: with the archive check off, openpyxl's defused XML parser still refuses the
    # entity declarations, and the refusal is the same French one.
    monkeypatch.setattr(tables, "_check_archive", lambda data: None)
    for member, content in [(SHEET1, xml(BILLION_LAUGHS, "utf-16")), ("xl/workbook.xml", xml(XXE_WORKBOOK, "utf-16"))]:
        with pytest.raises(parsing.UploadError, match="déclarations XML refusées"):
            tables.read_table("chiffres.xlsx", repack(workbook([HEADERS]), {member: content}))


def test_workbooks_are_parsed_by_defusedxml_even_where_lxml_is_installed():
    # openpyxl would take lxml whenever it can be imported (python-docx brings it), and then not defusedxml
    import openpyxl

    assert not openpyxl.LXML and openpyxl.DEFUSEDXML
