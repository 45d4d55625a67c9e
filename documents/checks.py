"""What an uploaded document may be: a PDF, an ODT or DOCX text, a PNG or JPEG image, told by its
content and never by its name, checked whole within bounded time and memory before anything is
saved. Every refusal is a French `DocumentRefused`."""

import io
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

NOT_A_DOCUMENT = _l(
    "Ce fichier n'est ni un PDF, ni un texte ODT ou DOCX, ni une image PNG ou JPEG lisible : il n'a pas été enregistré."
)


class DocumentRefused(Exception):
    pass


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


PDF = Kind("application/pdf", "pdf")
ODT = Kind("application/vnd.oasis.opendocument.text", "odt")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
PNG = Kind("image/png", "png")
JPEG = Kind("image/jpeg", "jpg")


def check(upload):
    """The `Kind` of the uploaded file if it is an accepted document, else DocumentRefused.

    The size is refused from what the upload handler counted, before the content is read."""
    limit = settings.DOCUMENTS_MAX_BYTES
    if upload.size == 0:
        raise DocumentRefused(_("Le fichier est vide."))
    if upload.size > limit:
        raise DocumentRefused(
            _("Le fichier pèse %(size)s : la limite est de %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image(data, PNG, "PNG")
    if data.startswith(b"\xff\xd8\xff"):
        return _image(data, JPEG, "JPEG")
    if data[:4] == b"PK\x03\x04":
        return _office(data)
    raise DocumentRefused(str(NOT_A_DOCUMENT))


def _pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentRefused(_("Ce PDF est protégé par un mot de passe : déposez-le sans protection."))
        pages = len(reader.pages)
        if not 1 <= pages <= settings.DOCUMENTS_MAX_PAGES:
            raise DocumentRefused(
                _("Ce PDF compte %(pages)s pages (de 1 à %(limit)s acceptées).")
                % {"pages": pages, "limit": settings.DOCUMENTS_MAX_PAGES}
            )
    except DocumentRefused:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError, RecursionError,
            zlib.error, AssertionError) as error:  # fmt: skip
        raise DocumentRefused(_("Ce PDF est endommagé ou illisible : il n'a pas été enregistré.")) from error
    return PDF


def _image(data, kind, name):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.DOCUMENTS_MAX_IMAGE_PIXELS  # beyond it, Pillow refuses (a bomb)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != name:
                raise DocumentRefused(str(NOT_A_DOCUMENT))
            image.verify()
    except DocumentRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DocumentRefused(_("Cette image est trop grande pour être lue : réduisez-la.")) from error
    except (OSError, ValueError, SyntaxError, TypeError, zlib.error) as error:
        raise DocumentRefused(_("Cette image est endommagée ou illisible : elle n'a pas été enregistrée.")) from error
    return kind


def _office(data):
    """An ODT or DOCX: a zip archive holding the parts of a text document, within limits of
    members and of what it inflates to, its every member read to check it is whole."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise DocumentRefused(str(NOT_A_DOCUMENT)) from error
    names = {member.filename for member in members}
    if "mimetype" in names and "content.xml" in names:
        kind = ODT
        if archive.read("mimetype")[:100].strip() != ODT.content_type.encode():
            raise DocumentRefused(str(NOT_A_DOCUMENT))
    elif "[Content_Types].xml" in names and "word/document.xml" in names:
        kind = DOCX
    else:
        raise DocumentRefused(
            _("Cette archive n'est pas un texte ODT ou DOCX : déposez le document lui-même, en PDF de préférence.")
        )
    too_large = _("Ce document décompressé dépasserait %(limit)s : il ne peut pas être enregistré.") % {
        "limit": filesizeformat(settings.DOCUMENTS_MAX_INFLATED_BYTES)
    }
    if len(members) > settings.DOCUMENTS_MAX_MEMBERS:
        raise DocumentRefused(str(NOT_A_DOCUMENT))
    declared = 0
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentRefused(_("Ce document est chiffré ou compressé d'une façon inconnue."))
        declared += member.file_size
        if (
            declared > settings.DOCUMENTS_MAX_INFLATED_BYTES
            or member.file_size > 100 * max(member.compress_size, 1) + 1e6
        ):
            raise DocumentRefused(too_large)
    inflated = 0
    try:
        for member in members:  # the real sizes, counted while inflating (the CRC is checked at the end)
            with archive.open(member) as stream:
                size = 0
                while chunk := stream.read(64 * 1024):
                    size += len(chunk)
                    inflated += len(chunk)
                    if size > member.file_size or inflated > settings.DOCUMENTS_MAX_INFLATED_BYTES:
                        raise DocumentRefused(too_large)
    except DocumentRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        raise DocumentRefused(_("Ce document est endommagé : il n'a pas été enregistré.")) from error
    return kind
