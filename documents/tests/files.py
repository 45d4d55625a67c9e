"""Files the tests upload, built here (nothing on disk): good documents of each accepted kind,
and a corpus of bad ones."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(pages=1, text="Convention signée"):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png(size=(40, 20)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def _zip(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx():
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def odt():
    return _zip(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"},
        zipfile.ZIP_STORED,
    )


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def zip_bomb(inflated=300 * 1024 * 1024):
    """A DOCX whose document part inflates to `inflated` bytes of zeros, streamed (small on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def png_bomb():
    """A PNG that declares 100,000 × 100,000 pixels (its data would inflate to tens of GB)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def encrypted_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# (name, bytes, words the French refusal holds)
def bad_corpus():
    return [
        ("vide.pdf", b"", "vide"),
        ("texte.pdf", b"Ceci n'est pas un PDF.", "ni un PDF"),
        ("page.html.pdf", b"<html><script>alert(1)</script></html>", "ni un PDF"),
        ("casse.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100, "PDF est endommagé"),
        ("tronque.pdf", pdf()[:200], "PDF est endommagé"),
        ("protege.pdf", encrypted_pdf(), "mot de passe"),
        ("archive.docx", _zip({"notes.txt": "bonjour"}), "pas un texte ODT ou DOCX"),
        ("archive.pdf", _zip({"notes.txt": "bonjour"}), "pas un texte ODT ou DOCX"),
        ("mauvais-type.odt", _zip({"mimetype": "application/zip", "content.xml": "<x/>"}), "ni un PDF"),
        ("bombe.docx", zip_bomb(), "décompressé dépasserait"),
        ("zip-tronque.docx", docx()[:60], "ni un PDF"),
        ("image-bombe.png", png_bomb(), "trop grande"),
        ("image-tronquee.jpg", jpeg()[:40], "endommagée"),
        ("executable.pdf", b"MZ\x90\x00" + b"\x00" * 500, "ni un PDF"),
    ]
