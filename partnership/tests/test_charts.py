"""Charts readable on a phone: each page draws a chart twice, at its width and narrow with larger
type (app.css shows the one that fits the screen); a PDF and its preview keep one drawing."""

import re

import pygal
from django.template import Context, Template
from django.test import RequestFactory

from partnership import charts


def _chart():
    chart = pygal.Bar(width=760, height=320, title="Personnes reçues", explicit_size=True, **charts.COMMON)
    chart.x_labels = charts.SHORT_MONTHS
    chart.add("2025", list(range(12)))
    return charts.render(chart, "Personnes reçues chaque mois")


def _font_sizes(svg):
    """The type size of the title, the legend and the axes' labels."""
    found = re.findall(r"(\.title|\.legend text|\.axis text(?:\.major)?)\s*\{[^}]*font-size:\s*(\d+)px", svg)
    return {int(size) for _rule, size in found}


def test_the_narrow_drawing_is_narrow_with_larger_type_and_ids_of_its_own():
    wide = _chart()
    narrow = wide.narrow()
    assert 'width="760"' in wide and 'width="400"' in narrow
    assert min(_font_sizes(narrow)) >= 15 > min(_font_sizes(wide))
    assert 'role="img" aria-label="Personnes reçues chaque mois"' in narrow
    ids = re.findall(r'\bid="([^"]+)"', wide + narrow)
    assert len(ids) == len(set(ids))
    assert "<script" not in narrow and "style=" not in narrow


def _rendered(context):
    return Template("{% load partnership_tags %}{% chart svg %}").render(Context(context))


def test_a_page_gets_both_drawings_a_pdf_one():
    request = RequestFactory().get("/")
    request.csp_nonce = "abc"
    page = _rendered({"svg": _chart(), "request": request})
    assert page.count("<svg") == 2
    assert page.index('<div class="chart-wide">') < page.index('<div class="chart-narrow">')
    assert page.count('<style nonce="abc"') == 2
    preview = _rendered({"svg": _chart(), "request": request, "as_html": True})  # a PDF's ?html=1
    pdf = _rendered({"svg": _chart()})  # WeasyPrint's, without a request
    assert preview.count("<svg") == pdf.count("<svg") == 1 and "chart-narrow" not in preview + pdf
