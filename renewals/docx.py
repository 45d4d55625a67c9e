"""The word-processor version (DOCX, python-docx) of a convention text (`renewals.texts`), for the
lawyers to edit: the same parties, preamble, articles, annexes and signatures as the PDF."""

import io

from django.utils.translation import gettext as _


def _blocks(document, blocks):
    for block in blocks:
        if block.kind == "p":
            document.add_paragraph(block.text)
        elif block.kind == "h":
            document.add_heading(block.text, level=3)
        elif block.kind == "ul":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = str(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = str(text)


def convention_docx(text):
    """The DOCX bytes of a `ConventionText`."""
    from docx import Document  # imported where a file is made

    document = Document()
    document.core_properties.title = text.title
    document.core_properties.language = "fr-FR"
    document.add_heading(text.title, level=0)
    for reference in text.references:
        document.add_paragraph(reference)
    document.add_paragraph(_("Entre,"))
    for index, party in enumerate(text.parties):
        if index:
            document.add_paragraph(_("Et,"))
        document.add_paragraph().add_run(party.name).bold = True
        for line in party.lines:
            document.add_paragraph(line)
        document.add_paragraph(_("Dénommé(e) ci-après « %(designation)s »,") % {"designation": party.designation})
    document.add_paragraph(_("Il est convenu ce qui suit :"))
    document.add_heading(_("Préambule"), level=1)
    for section in text.preamble:
        if section.title:
            document.add_heading(section.title, level=2)
        _blocks(document, section.blocks)
    for number, article in enumerate(text.articles, start=1):
        document.add_heading(_("Article %(number)d : %(title)s") % {"number": number, "title": article.title}, level=1)
        _blocks(document, article.blocks)
    document.add_paragraph(_("Fait à %(place)s, le :") % {"place": text.place})
    for signatory in text.signatories:
        paragraph = document.add_paragraph()
        paragraph.add_run(signatory.label).bold = True
        paragraph.add_run(f"\n{signatory.name}\n{signatory.capacity}")
    for annex in text.annexes:
        document.add_page_break()
        document.add_heading(annex.title, level=1)
        _blocks(document, annex.blocks)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
