"""The meeting list at scale: paginated, filtered, a number of queries independent of the data."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.permissions import Role
from partnership.tests.scale import regional_partnerships
from relais.tests.factories import ActionFactory, MeetingFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def _at(days):
    today = timezone.localdate()
    return datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(10), tzinfo=PARIS)


def _links(html):
    """The hrefs of the pagination nav."""
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav)]


def test_regional_user_list_is_paginated_with_bounded_queries(client, django_assert_max_num_queries):
    user, partnerships = regional_partnerships(30)
    for index, partnership in enumerate(partnerships):
        for n in range(6):  # 180 meetings in the last year and the next months
            meeting = MeetingFactory(partnership=partnership, starts_at=_at(60 - 50 * n - index))
            ActionFactory(meeting=meeting)
    client.force_login(user)
    # Written: the page and its snapshot (the changes counted, the snapshot looked for and kept).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("relais:meeting_list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 180 - sum(1 for i in range(30) for n in range(6) if 60 - 50 * n - i < -365)
    assert len(page.object_list) == 50
    assert all(m.open_actions == 1 for m in page.object_list)
    html = response.content.decode()
    assert 'aria-current="page"' in html and 'aria-label="Pagination"' in html
    # Another page of a filtered list keeps its filter and stays bounded.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("relais:meeting_list"), {"partenariat": partnerships[3].pk, "page": 1})
    assert {m.partnership_id for m in response.context["page"]} == {partnerships[3].pk}


def test_pagination_links_keep_the_filters(client):
    user, partnerships = regional_partnerships(2)
    year = timezone.localdate().year - 2
    for n in range(120):
        MeetingFactory(
            partnership=partnerships[0],
            starts_at=datetime.datetime(year, 1, 1, 10, tzinfo=PARIS) + datetime.timedelta(days=3 * n),
        )
    MeetingFactory(partnership=partnerships[1], starts_at=datetime.datetime(year, 6, 1, 10, tzinfo=PARIS))
    client.force_login(user)
    url = reverse("relais:meeting_list")
    # Two years ago: not in the default list of upcoming and recent meetings.
    assert client.get(url).context["page"].paginator.count == 0
    response = client.get(url, {"partenariat": partnerships[0].pk, "annee": year})
    page = response.context["page"]
    assert page.paginator.count == 120 and page.paginator.num_pages == 3
    links = _links(response.content.decode())
    following = next(link for link in links if "page=2" in link)
    assert f"partenariat={partnerships[0].pk}" in following and f"annee={year}" in following
    second = client.get(url + following)
    assert second.context["page"].number == 2
    assert {m.partnership_id for m in second.context["page"]} == {partnerships[0].pk}
    assert all(timezone.localtime(m.starts_at).year == year for m in second.context["page"])
    last = client.get(url + following.replace("page=2", "page=3")).context["page"]
    assert len(last.object_list) == 20


def test_filters_outside_the_scope_are_404(cast, other_cast, client):
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:meeting_list")
    assert client.get(url, {"partenariat": other_cast.partnership.pk}).status_code == 404
    assert client.get(url, {"annee": "abc"}).status_code == 404
    assert client.get(url, {"page": "999"}).status_code == 200  # the last page


def test_agent_of_one_partnership_sees_no_partnership_filter(cast, client):
    for n in range(70):
        MeetingFactory(partnership=cast.partnership, starts_at=_at(-n))
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("relais:meeting_list"))
    html = response.content.decode()
    assert 'name="partenariat"' not in html
    assert response.context["page"].paginator.num_pages == 2


@pytest.mark.parametrize("wide_from", [1, 10])
def test_years_run_from_the_first_meeting_to_the_last_whatever_the_scope(settings, client, wide_from):
    """The years offered, read from the ends of the index (a wide scope) or as a MIN and a MAX of
    the scope's meetings (a few partnerships, or the one chosen): the same."""
    settings.WIDE_SCOPE_PARTNERSHIPS = wide_from
    user, partnerships = regional_partnerships(3)
    this_year = timezone.localdate().year
    for partnership, years_ago in zip(partnerships, (6, 2, 4), strict=True):
        MeetingFactory(
            partnership=partnership, starts_at=datetime.datetime(this_year - years_ago, 3, 1, 10, tzinfo=PARIS)
        )
    MeetingFactory(partnership=partnerships[2], starts_at=_at(40))  # one to come
    client.force_login(user)
    url = reverse("relais:meeting_list")
    assert client.get(url).context["years"] == list(range(timezone.localtime(_at(40)).year, this_year - 7, -1))
    chosen = client.get(url, {"partenariat": partnerships[1].pk}).context["years"]
    assert chosen == list(range(this_year, this_year - 3, -1))
