"""Every chart of the application has a title and, where it shows counts, a y axis from zero
(partnership/charts.py `new_chart`, used by the dashboard, the Relais Emploi and the diagnosis)."""

import re

import pytest
from django.urls import reverse

from diagnosis.quarters import Quarter
from diagnosis.tests.factories import QuarterlyFiguresFactory
from partnership.permissions import Role
from relais.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
TITLE = re.compile(r'<text[^>]*class="title[^"]*"[^>]*>([^<]+)</text>')
Y_AXIS = re.compile(r'<g class="axis y[^"]*">(.*?)</g></g>', re.S)
LABEL = re.compile(r"<text[^>]*>([^<]*)</text>")


def charts_of(page):
    """[(title, y axis labels, svg)] of every chart of a page."""
    found = []
    for svg in SVG.findall(page):
        titles = TITLE.findall(svg)
        axis = Y_AXIS.search(svg)
        labels = [label.replace("\u00a0", "") for label in LABEL.findall(axis.group(1))] if axis else []
        found.append((titles, labels, svg))
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


@pytest.mark.parametrize(("name", "count"), [("dashboard", 2), ("activity", 2), ("series", 3), ("quarter", 1)])
def test_every_chart_has_a_title_and_counts_from_zero(client, cast, name, count):
    # clause C3 (figures), C10 (the dashboard and the annual report's indicators)
    _figures(cast)
    _activity(cast)
    client.force_login(cast[Role.AGENT])
    charts = charts_of(client.get(_pages(cast)[name]).content.decode())
    assert len(charts) == count
    for titles, labels, _svg in charts:
        assert len(titles) == 1 and titles[0].strip()
        assert labels and re.match(r"0(,0)?( %)?$", labels[0]), (titles, labels)


def test_a_single_quarter_is_one_bar_among_eight_places(client, cast):
    # clause C3: the documents' quarter alone, beside the seven quarters before it, left empty
    QuarterlyFiguresFactory(partnership=cast.partnership, year=2020, quarter=3)
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("diagnosis:quarter", args=[cast.partnership.pk, 2020, 3])).content.decode()
    [(titles, labels, svg)] = charts_of(page)
    assert titles == ["Demandeurs A, B, C du T4 2018 au T3 2020"]
    x_axis = re.search(r'<g class="axis x[^"]*">(.*?)</g></g>', svg, re.S).group(1)
    assert [label for label in LABEL.findall(x_axis) if label] == [
        "T4 2018", "T1 2019", "T2 2019", "T3 2019", "T4 2019", "T1 2020", "T2 2020", "T3 2020",
    ]  # fmt: skip
    bars = [tag for tag in re.findall(r"<rect\b[^>]*>", svg) if "tooltip-trigger" in tag]
    assert len(bars) == 1
    assert float(re.search(r' width="([0-9.]+)"', bars[0]).group(1)) < 800 / 8
