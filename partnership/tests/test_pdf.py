"""Every PDF (partnership/pdf.py): a tagged PDF/UA whose charts are figures named by their
description and whose labels stay text, drawn as images (WeasyPrint lays out and styles a chart's
hundreds of SVG elements as part of the page otherwise, a tenth of an annual report's time)."""

import io

import pygal
from pypdf import PdfReader

from partnership import charts, pdf


def _figures(node):
    """The alternative texts of the figures under a node of the PDF's structure tree."""
    node = node.get_object()
    found = [str(node["/Alt"])] if node.get("/S") == "/Figure" else []
    kids = node.get("/K")
    kids = kids.get_object() if kids is not None else []
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid.get_object(), "get"):
            found += _figures(kid)
    return found


def test_a_chart_is_a_figure_with_its_description_and_its_text(monkeypatch):
    chart = charts.new_chart(pygal.Bar, "Personnes reçues", width=760, height=320, explicit_size=True)
    chart.x_labels = charts.SHORT_MONTHS
    chart.add("2025", list(range(12)))
    svg = charts.render(chart, "Personnes reçues chaque mois « 2025 »")
    page = f"<html lang='fr'><body><h1>Bilan</h1>{svg}</body></html>"
    monkeypatch.setattr(pdf, "render_to_string", lambda *args: page)

    reader = PdfReader(io.BytesIO(pdf.render_pdf("pdf/base.html", {}, title="Bilan")))

    assert "<svg" not in pdf.CHART.sub(pdf._as_image, svg)
    assert _figures(reader.trailer["/Root"]["/StructTreeRoot"]) == ["Personnes reçues chaque mois « 2025 »"]
    text = reader.pages[0].extract_text()
    assert "Personnes reçues" in text and "janv." in text and "2025" in text
