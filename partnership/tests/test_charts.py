"""Every chart of the application has a title and, where it shows counts, a y axis from zero
(partnership/charts.py `new_chart`, used by the dashboard, the Relais Emploi and the diagnosis).
Charts read on a phone: each page draws a chart twice, at its width and narrow with larger type
(app.css shows the one that fits the screen); a PDF and its preview keep one drawing."""

import re

import pygal
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from diagnosis.quarters import Quarter
from diagnosis.tests.factories import QuarterlyFiguresFactory
from partnership import charts
from partnership.permissions import Role
from relais.tests.factories import ActivityFactory

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
TITLE = re.compile(r'<text[^>]*class="title[^"]*"[^>]*>([^<]+)</text>')
Y_AXIS = re.compile(r'<g class="axis y[^"]*">(.*?)</g></g>', re.S)
LABEL = re.compile(r"<text[^>]*>([^<]*)</text>")


def charts_of(page):
    """[(title, y axis labels, svg)] of every drawing of a page, wide and narrow (pygal breaks a
    title too long for a narrow drawing into lines)."""
    found = []
    for svg in SVG.findall(page):
        title = " ".join(TITLE.findall(svg))
        axis = Y_AXIS.search(svg)
        labels = [label.replace("\u00a0", "") for label in LABEL.findall(axis.group(1))] if axis else []
        found.append((title, labels, svg))
    return found


LAST = Quarter(2026, 3)


def _figures(cast, quarters=8, last=LAST):
    for n in range(quarters):
        q = Quarter.from_index(last.index - n)
        QuarterlyFiguresFactory(
            partnership=cast.partnership, year=q.year, quarter=q.number, seekers_abc=480 + n, seekers_a=290 + n
        )


def _activity(cast):
    for year in (2025, 2026):
        for month in range(1, 13):
            ActivityFactory(
                partnership=cast.partnership, year=year, month=month, free_slot_visitors=300 + month, appointments=250
            )


def _pages(cast):
    pk = cast.partnership.pk
    return {
        "dashboard": reverse("dashboard:dashboard") + "?annee=2026&trimestre=3",
        "activity": reverse("relais:activity_table") + "?annee=2026",
        "series": reverse("diagnosis:series", args=[pk]),
        "quarter": reverse("diagnosis:quarter", args=[pk, 2026, 3]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "count"), [("dashboard", 2), ("activity", 2), ("series", 3), ("quarter", 1)])
def test_every_chart_has_a_title_and_counts_from_zero(client, cast, name, count):
    # clause C3 (figures), C10 (the dashboard and the annual report's indicators)
    _figures(cast)
    _activity(cast)
    client.force_login(cast[Role.AGENT])
    drawings = charts_of(client.get(_pages(cast)[name]).content.decode())
    assert len(drawings) == 2 * count  # each chart wide and narrow
    for title, labels, _svg in drawings:
        assert title.strip()
        assert labels and re.match(r"0(,0)?( %)?$", labels[0]), (title, labels)


@pytest.mark.django_db
def test_a_single_quarter_is_one_bar_among_eight_places(client, cast):
    # clause C3: the documents' quarter alone, beside the seven quarters before it, left empty
    QuarterlyFiguresFactory(partnership=cast.partnership, year=2020, quarter=3)
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("diagnosis:quarter", args=[cast.partnership.pk, 2020, 3])).content.decode()
    drawings = charts_of(page)
    assert len(drawings) == 2  # wide and narrow
    for (title, _labels, svg), width in zip(drawings, (800, charts.NARROW_WIDTH), strict=True):
        assert title == "Demandeurs A, B, C du T4 2018 au T3 2020"
        x_axis = re.search(r'<g class="axis x[^"]*">(.*?)</g></g>', svg, re.S).group(1)
        assert [label for label in LABEL.findall(x_axis) if label] == [
            "T4 2018", "T1 2019", "T2 2019", "T3 2019", "T4 2019", "T1 2020", "T2 2020", "T3 2020",
        ]  # fmt: skip
        bars = [tag for tag in re.findall(r"<rect\b[^>]*>", svg) if "tooltip-trigger" in tag]
        assert len(bars) == 1
        assert float(re.search(r' width="([0-9.]+)"', bars[0]).group(1)) < width / 8


def _chart():
    chart = charts.new_chart(pygal.Bar, "Personnes reçues", width=760, height=320, explicit_size=True)
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


def _bars(values, series="2025", title="Personnes reçues"):
    chart = charts.new_chart(pygal.Bar, title, width=760, height=320)
    chart.x_labels = charts.SHORT_MONTHS[: len(values)]
    chart.add(series, values)
    return chart


def test_the_same_chart_is_drawn_once_with_ids_of_its_own(monkeypatch):
    charts._draw.cache_clear()
    drawn = []
    monkeypatch.setattr(pygal.Bar, "render", lambda self, **kw: drawn.append(kw) or f'<svg id="{self.uuid}"/>')
    first, second = _bars([1, 2, 3]), _bars([1, 2, 3])
    assert charts.render(first, "a") == f'<svg role="img" aria-label="a" id="{first.uuid}"/>'
    assert charts.render(second, "a") == f'<svg role="img" aria-label="a" id="{second.uuid}"/>'
    assert len(drawn) == 1


@pytest.mark.parametrize(
    "other",
    [
        lambda: _bars([1, 2, 4]),  # a figure
        lambda: _bars([1, 2, 3], series="2026"),  # a series' name
        lambda: _bars([1, 2, 3], title="Rendez-vous"),  # the title
        lambda: _bars([1, 2, 3, 4]),  # a month more
    ],
)
def test_any_other_figure_label_or_option_is_drawn_afresh(other):
    charts._draw.cache_clear()
    svg = charts.render(_bars([1, 2, 3]), "Personnes reçues")
    assert SVG.findall(charts.render(other(), "Personnes reçues")) != SVG.findall(svg.replace(svg.chart.uuid, ""))
    assert charts._draw.cache_info().misses == 2
    assert svg.narrow() != svg  # the narrow drawing is another drawing
    assert charts._draw.cache_info().misses == 3


def test_a_chart_drawn_again_is_the_same_svg_but_for_its_uuid():
    charts._draw.cache_clear()
    fresh = _bars([5, 0, 7])
    first = charts.render(fresh, "Personnes reçues")
    again = _bars([5, 0, 7])
    second = charts.render(again, "Personnes reçues")
    assert charts._draw.cache_info().hits == 1
    assert second == first.replace(fresh.uuid, again.uuid) and fresh.uuid not in second
    assert again.uuid in second
