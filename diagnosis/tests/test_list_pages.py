"""The diagnosis index and series at scale: bounded queries, paginated index, shortened charts."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnosis.models import QuarterlyFigures
from diagnosis.quarters import Quarter
from diagnosis.tests.factories import valid_values
from partnership.permissions import Role
from partnership.tests.scale import regional_partnerships

pytestmark = pytest.mark.django_db


def _series(partnership, quarters, first=None, **values):
    first = first or Quarter(2006, 1)
    QuarterlyFigures.objects.bulk_create(
        QuarterlyFigures(
            partnership=partnership,
            year=quarter.year,
            quarter=quarter.number,
            figures_date=quarter.end,
            **valid_values(seekers_abc=400 + index, **values),
        )
        for index, quarter in enumerate(Quarter.from_index(first.index + i) for i in range(quarters))
    )


def _links(html):
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav)]


def test_index_shows_the_latest_current_quarter_with_bounded_queries(client, django_assert_max_num_queries):
    user, partnerships = regional_partnerships(60)
    for count, partnership in enumerate(partnerships[:40]):
        _series(partnership, 8 + count % 5)  # several hundred figures
    # A superseded later version never counts as the latest.
    first = min(partnerships[:40], key=lambda p: (p.commune.name, p.pk))  # on the first page
    latest = QuarterlyFigures.objects.filter(partnership=first).order_by("-year", "-quarter").first()
    latest.superseded_at = timezone.now()
    latest.save()
    client.force_login(user)
    url = reverse("diagnosis:index")
    # Written: the page and its snapshot (the changes counted, the snapshot looked for and kept).
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    items = dict(response.context["items"])
    assert len(items) == 50
    for partnership, figures in items.items():
        expected = (
            QuarterlyFigures.objects.current().filter(partnership=partnership).order_by("-year", "-quarter").first()
        )
        assert figures == expected
    assert items[first].period < latest.period
    second = _links(response.content.decode())
    following = next(link for link in second if "page=2" in link)
    with django_assert_max_num_queries(16):
        response = client.get(url + following)
    assert len(response.context["items"]) == 10
    assert response.context["page"].number == 2


def test_index_of_a_single_partnership_shows_its_series(cast, client, django_assert_max_num_queries):
    _series(cast.partnership, 30)
    client.force_login(cast[Role.AGENT])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("diagnosis:index"))
    assert response.status_code == 200
    assert response.context["partnership"] == cast.partnership
    # three charts, each drawn wide and narrow (the page shows the one that fits the screen)
    assert response.content.decode().count('<div class="chart-wide">') == 3
    assert response.content.decode().count("<svg") == 3 * 2
    # Its links still work from this address: the whole series, and the table's second page.
    whole = client.get(reverse("diagnosis:index"), {"tout": "1", "page": "2"})
    assert whole.context["whole"] and whole.context["page"].number == 2


def test_series_charts_the_last_twenty_quarters_unless_asked(cast, client, django_assert_max_num_queries):
    _series(cast.partnership, 80)
    client.force_login(cast[Role.AGENT])
    url = reverse("diagnosis:series", args=[cast.partnership.pk])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    html = response.content.decode()
    # The table keeps the whole series, newest first, by pages of twenty quarters.
    assert len(response.context["rows"]) == 20 and response.context["page"].paginator.count == 80
    assert html.count('<div class="chart-wide">') == 3 and html.count("<svg") == 3 * 2  # wide and narrow
    last = Quarter.from_index(Quarter(2006, 1).index + 79)
    first_charted = Quarter.from_index(last.index - 19)
    assert response.context["charted_from"] == first_charted
    assert 'href="?tout=1"' in html
    # The first charted quarter is labelled in the charts; an earlier one only in the table.
    charts = "".join(str(svg) for _title, svg in response.context["charts"])
    assert Quarter.from_index(first_charted.index - 1).short not in charts
    with django_assert_max_num_queries(15):
        whole = client.get(url, {"tout": "1"})
    assert whole.context["charted_from"] == Quarter(2006, 1)
    assert whole.context["whole"]
    assert 'href="?"' in whole.content.decode()
    following = next(link for link in _links(whole.content.decode()) if "page=4" in link)
    assert "tout=1" in following
    oldest = client.get(url + following)
    assert oldest.context["whole"] and oldest.context["page"].number == 4
    assert oldest.context["rows"][-1].period == Quarter(2006, 1)


def test_series_charts_have_unique_ids(cast, client):
    _series(cast.partnership, 8)
    client.force_login(cast[Role.AGENT])
    html = client.get(reverse("diagnosis:series", args=[cast.partnership.pk])).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "activate-serie-0" not in html
