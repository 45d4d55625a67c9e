"""Every PDF (partnership/pdf.py): a tagged PDF/UA whose charts are figures named by their
description and whose labels stay text, drawn as images (WeasyPrint lays out and styles a chart's
hundreds of SVG elements as part of the page otherwise, a tenth of an annual report's time)."""

import io
import threading

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


def test_a_chart_on_paper_keeps_only_what_is_drawn():
    """Its values' descriptions (for pygal's tooltips) and the style rules that cannot match on
    paper (a pointer's hover, classes the chart has not, browsers' prefixes) are left out; the
    colours and sizes stay."""
    chart = charts.new_chart(pygal.Line, "Personnes reçues", width=760, height=320, explicit_size=True)
    chart.x_labels = charts.SHORT_MONTHS
    chart.add("2025", list(range(12)))
    svg = str(charts.render(chart, "Personnes reçues chaque mois"))
    paper = pdf._on_paper(svg)
    assert "<desc" in svg and "<desc" not in paper
    assert ":hover" in svg and ":hover" not in paper
    assert "-webkit-" in svg and "-webkit-" not in paper
    assert ".no_data" in svg and ".no_data" not in paper  # a class of a chart without figures
    for kept in (".color-0", "#1f3b73", ".axis .guide.line", "font-size:12px", ".pygal-chart .tooltip"):
        assert kept in paper
    assert paper.count("<text") == svg.count("<text")


def test_a_thread_keeps_its_font_configuration_and_style_sheet(monkeypatch, tmp_path):
    # A new font configuration for each document cost time and memory a worker never got back.
    used = []
    monkeypatch.setattr(pdf, "render_to_string", lambda *args: "<html lang='fr'><body><p>Bilan</p></body></html>")
    from weasyprint import HTML

    write_pdf = HTML.write_pdf
    monkeypatch.setattr(HTML, "write_pdf", lambda self, **kw: used.append(kw) or write_pdf(self, **kw))
    monkeypatch.setattr(pdf, "_PRINTER", threading.local())

    first, second = (pdf.render_pdf("pdf/base.html", {}) for _ in range(2))
    elsewhere = threading.Thread(target=pdf.render_pdf, args=("pdf/base.html", {}))
    elsewhere.start()
    elsewhere.join()

    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    (a, b, other) = used
    assert a["font_config"] is b["font_config"] and a["stylesheets"] == b["stylesheets"]
    assert other["font_config"] is not a["font_config"]  # WeasyPrint's objects stay in their thread

    # The style sheet is read again once its file changes (here, another file found in its place).
    sheet = tmp_path / "print.css"
    sheet.write_text("p { color: black }")
    monkeypatch.setattr(pdf.finders, "find", lambda name: str(sheet))
    pdf.render_pdf("pdf/base.html", {})
    assert used[-1]["font_config"] is a["font_config"] and used[-1]["stylesheets"] != a["stylesheets"]
