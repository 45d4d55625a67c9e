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
    # The status filter is a condition on the stored term: the queries stay fixed all the same.
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
    # Written: the page and its snapshot (the changes counted, the snapshot looked for and kept).
    with django_assert_max_num_queries(15):
        response = client.get(url)
    page = response.context["page"]
    assert page.paginator.count == 120 and len(page.object_list) == 50
    assert all(c.member_count == 4 for c in page.object_list)
    assert "<td>4</td>" in response.content.decode()
    with django_assert_max_num_queries(15):
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


def test_convention_status_filter_in_the_database_keeps_what_status_reckons():
    """The list's status filter is a condition on the stored term: it keeps the conventions
    whose `status(today)` is among the filter's, whatever their dates and terminations."""
    from partnership.models import Convention, Termination
    from partnership.views import CONVENTION_STATUS_FILTERS, _status_filter

    user, partnerships = regional_partnerships(1)
    partnership = partnerships[0]
    make = ConventionFactory
    make(partnership=partnership, signed_on=None, effective_from=None)  # unsigned, no date of effect
    make(partnership=partnership, signed_on=None, effective_from=D(2024, 1, 1))  # effect stated, unsigned
    make(partnership=partnership, signed_on=D(2020, 1, 1), effective_from=None)  # signed, no date of effect
    make(partnership=partnership, signed_on=D(2029, 1, 1), effective_from=D(2030, 1, 1))  # upcoming
    in_force = make(partnership=partnership, signed_on=D(2024, 12, 1), effective_from=D(2025, 1, 1))
    make(partnership=partnership, signed_on=D(2010, 1, 1), effective_from=D(2010, 1, 1))  # expired
    make(partnership=partnership, opus=True, parent=in_force, signed_on=None)  # unsigned OPUS
    make(partnership=partnership, opus=True, parent=in_force, signed_on=D(2025, 3, 1))
    make(partnership=partnership, opus=True, parent=in_force, signed_on=D(2031, 3, 1))  # signed after its parent
    terminated = make(partnership=partnership, signed_on=D(2024, 12, 1), effective_from=D(2025, 1, 1))
    opus = make(partnership=partnership, opus=True, parent=terminated, signed_on=D(2025, 2, 1))
    for convention, sent in ((terminated, D(2025, 6, 2)), (opus, D(2026, 5, 4))):
        Termination.objects.create(
            convention=convention, ground=Termination.Ground.REQUEST, requested_by=partnership.commune,
            reasons="Motifs", letter_sent_on=sent,
        )  # fmt: skip
    undecided = make(partnership=partnership, signed_on=D(2024, 12, 1), effective_from=D(2025, 1, 1))
    Termination.objects.create(
        convention=undecided, ground=Termination.Ground.REQUEST, requested_by=partnership.commune, reasons="Motifs"
    )  # pending, not yet dated
    conventions = list(Convention.objects.prefetch_related(*Convention.TERMS_PREFETCH).select_related("parent"))
    statuses = set()
    for today in (
        D(2009, 6, 1),
        D(2024, 6, 1),
        D(2025, 3, 1),
        D(2025, 7, 3),
        D(2026, 6, 1),
        D(2029, 6, 1),
        D(2035, 1, 1),
    ):
        for key, (_label, kept) in CONVENTION_STATUS_FILTERS.items():
            expected = {c.pk for c in conventions if c.status(today) in kept}
            assert set(Convention.objects.filter(_status_filter(key, today)).values_list("pk", flat=True)) == expected
        statuses |= {c.status(today) for c in conventions}
    assert statuses == set(Convention.Status)  # every status met
