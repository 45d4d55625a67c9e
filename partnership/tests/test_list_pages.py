"""The convention and committee lists at scale: paginated, filtered, bounded queries."""

import datetime
import re

import pytest
from django.urls import reverse

from partnership.models import CommitteeMember, SteeringCommittee
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory
from partnership.tests.scale import regional_partnerships

D = datetime.date
pytestmark = pytest.mark.django_db


def _links(html):
    """The hrefs of the pagination nav."""
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav)]


def _conventions(partnership, n, first_year=2015):
    for index in range(n):
        year = first_year + index
        cooperation = ConventionFactory(
            partnership=partnership, effective_from=D(year, 1, 1), signed_on=D(year - 1, 12, 1)
        )
        ConventionFactory(partnership=partnership, opus=True, parent=cooperation, signed_on=D(year, 2, 1))


def _committees(partnership, n):
    for index in range(n):
        committee = SteeringCommittee.objects.create(
            partnership=partnership, year=2000 + index, date=D(2001 + index, 2, 1)
        )
        for order in range(4):
            CommitteeMember.objects.create(committee=committee, name=f"Membre {order}", order=order)


def test_regional_user_convention_list_is_paginated_with_bounded_queries(client, django_assert_max_num_queries):
    user, partnerships = regional_partnerships(30)
    for partnership in partnerships:
        _conventions(partnership, 2)  # 120 conventions
    client.force_login(user)
    url = reverse("convention_list")
    with django_assert_max_num_queries(17):
        response = client.get(url)
    page = response.context["page"]
    assert page.paginator.count == 120 and len(page.object_list) == 50
    html = response.content.decode()
    assert 'name="partenariat"' in html and 'aria-current="page"' in html
    with django_assert_max_num_queries(17):
        response = client.get(url, {"page": 3})
    assert len(response.context["page"].object_list) == 20
    # The status filter is computed in Python: the queries stay fixed all the same.
    with django_assert_max_num_queries(17):
        response = client.get(url, {"statut": "terminee"})
    assert response.status_code == 200
    ended = response.context["page"]
    # clause C2: a cooperation convention of 2015 for 36 months ended in 2017; its OPUS convention with it (O20)
    assert ended.paginator.count > 0
    assert all(c.status() in ("echue", "resiliee") for c in ended.object_list)


def test_convention_list_links_keep_the_filters(client):
    user, partnerships = regional_partnerships(2)
    _conventions(partnerships[0], 30, first_year=1980)  # 60 ended conventions, 2 pages
    _conventions(partnerships[0], 1, first_year=2025)  # and two in force
    _conventions(partnerships[1], 1)
    client.force_login(user)
    url = reverse("convention_list")
    response = client.get(url, {"partenariat": partnerships[0].pk, "statut": "terminee"})
    page = response.context["page"]
    assert page.paginator.num_pages == 2
    following = next(link for link in _links(response.content.decode()) if "page=2" in link)
    assert f"partenariat={partnerships[0].pk}" in following and "statut=terminee" in following
    second = client.get(url + following).context["page"]
    assert second.number == 2
    assert {c.partnership_id for c in second.object_list} == {partnerships[0].pk}
    assert all(c.status() in ("echue", "resiliee") for c in second.object_list)
    in_force = client.get(url, {"partenariat": partnerships[0].pk, "statut": "en_vigueur"}).context["page"]
    assert all(c.status() in ("en_vigueur", "resiliation_en_cours") for c in in_force.object_list)
    assert in_force.paginator.count == 2


def test_convention_list_filters_outside_the_scope_are_404(cast, other_cast, client):
    client.force_login(cast[Role.AGENT])
    url = reverse("convention_list")
    assert client.get(url, {"partenariat": other_cast.partnership.pk}).status_code == 404
    assert client.get(url, {"statut": "nimporte"}).status_code == 404
    response = client.get(url)
    assert 'name="partenariat"' not in response.content.decode()  # one partnership: no choice to offer


def test_regional_user_committee_list_is_paginated_with_bounded_queries(client, django_assert_max_num_queries):
    user, partnerships = regional_partnerships(30)
    for partnership in partnerships:
        _committees(partnership, 4)  # 120 committees of 4 members
    client.force_login(user)
    url = reverse("committee_list")
    with django_assert_max_num_queries(13):
        response = client.get(url)
    page = response.context["page"]
    assert page.paginator.count == 120 and len(page.object_list) == 50
    assert all(c.member_count == 4 for c in page.object_list)
    assert "<td>4</td>" in response.content.decode()
    with django_assert_max_num_queries(13):
        response = client.get(url, {"partenariat": partnerships[5].pk})
    assert {c.partnership_id for c in response.context["page"].object_list} == {partnerships[5].pk}


def test_committee_list_links_keep_the_filter(client, other_cast):
    user, partnerships = regional_partnerships(2)
    _committees(partnerships[1], 60)
    _committees(partnerships[0], 1)
    client.force_login(user)
    url = reverse("committee_list")
    response = client.get(url, {"partenariat": partnerships[1].pk})
    following = next(link for link in _links(response.content.decode()) if "page=2" in link)
    assert f"partenariat={partnerships[1].pk}" in following
    second = client.get(url + following).context["page"]
    assert second.number == 2 and len(second.object_list) == 10
    assert {c.partnership_id for c in second.object_list} == {partnerships[1].pk}
    assert client.get(url, {"partenariat": other_cast.partnership.pk}).status_code == 404
