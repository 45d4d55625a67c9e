import re

import pytest
from django.urls import reverse

from partnership.models import Commitment, CommitmentUpdate
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory, ConventionFactory

pytestmark = pytest.mark.django_db


def _pages(cast):
    commitment = CommitmentFactory(convention=cast.cooperation)
    return {
        "home": reverse("home"),
        "convention_list": reverse("convention_list"),
        "convention_detail": reverse("convention_detail", args=[cast.opus.pk]),
        "commitment_detail": reverse("commitment_detail", args=[commitment.pk]),
    }


@pytest.mark.parametrize("role", Role.ALL)
@pytest.mark.parametrize("page", ["home", "convention_list", "convention_detail", "commitment_detail"])
def test_every_role_reads_the_partnership_pages(client, cast, role, page):
    client.force_login(cast[role])
    response = client.get(_pages(cast)[page], follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["home", "convention_list", "convention_detail", "commitment_detail"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, cast, page):
    response = client.get(_pages(cast)[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_role_is_refused(client, cast):
    from partnership.tests.factories import UserFactory

    client.force_login(UserFactory(organisation=cast.partnership.commune))
    assert client.get(reverse("home")).status_code == 403


def test_other_commune_sees_nothing_of_this_partnership(client, cast, other_cast):
    client.force_login(other_cast[Role.AGENT])
    pages = _pages(cast)
    assert client.get(pages["convention_detail"]).status_code == 404
    assert client.get(pages["commitment_detail"]).status_code == 404
    listing = client.get(pages["convention_list"]).content.decode()
    assert cast.cooperation.title not in listing
    assert other_cast.cooperation.title in listing


def test_other_commune_cannot_change_a_commitment_by_guessing_its_id(client, cast, other_cast):
    commitment = CommitmentFactory(convention=cast.cooperation)
    client.force_login(other_cast[Role.AGENT])
    url = reverse("commitment_detail", args=[commitment.pk])
    response = client.post(url, {"status": Commitment.Status.DONE, "comment": "Piratage"})
    assert response.status_code == 404
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.TO_START
    assert not CommitmentUpdate.objects.exists()


def test_the_agency_correspondent_sees_the_partnerships_of_its_agency(client, cast, other_cast):
    client.force_login(cast[Role.CORRESPONDENT])
    assert client.get(reverse("convention_detail", args=[cast.cooperation.pk])).status_code == 200
    assert client.get(reverse("convention_detail", args=[other_cast.cooperation.pk])).status_code == 404


@pytest.mark.parametrize("role", Role.RELAIS_STAFF)
def test_relais_staff_update_a_commitment_with_a_dated_comment(client, cast, role):
    # clauses C5 and C7
    commitment = CommitmentFactory(convention=cast.cooperation)
    client.force_login(cast[role])
    url = reverse("commitment_detail", args=[commitment.pk])
    response = client.post(url, {"status": Commitment.Status.IN_PROGRESS, "comment": "Premier point fait."})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.IN_PROGRESS
    update = commitment.updates.get()
    assert update.author == cast[role]
    assert update.comment == "Premier point fait."
    # who changed what is kept
    assert commitment.history.first().history_user == cast[role]
    page = client.get(url).content.decode()
    assert "Premier point fait." in page


@pytest.mark.parametrize("role", [Role.ELU, Role.CORRESPONDENT, Role.ADMINISTRATOR])
def test_other_roles_only_read_commitments(client, cast, role):
    commitment = CommitmentFactory(convention=cast.cooperation)
    client.force_login(cast[role])
    url = reverse("commitment_detail", args=[commitment.pk])
    assert '<form method="post" novalidate>' not in client.get(url).content.decode()
    response = client.post(url, {"status": Commitment.Status.DONE, "comment": "x"})
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.TO_START


def test_a_comment_is_required(client, cast):
    commitment = CommitmentFactory(convention=cast.cooperation)
    client.force_login(cast[Role.AGENT])
    response = client.post(reverse("commitment_detail", args=[commitment.pk]), {"status": "realise", "comment": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not CommitmentUpdate.objects.exists()


def test_list_and_detail_query_counts_do_not_grow(client, cast, django_assert_max_num_queries):
    for _ in range(12):
        cooperation = ConventionFactory(partnership=cast.partnership)
        ConventionFactory(partnership=cast.partnership, opus=True, parent=cooperation)
        CommitmentFactory.create_batch(5, convention=cooperation)
    client.force_login(cast[Role.AGENT])
    with django_assert_max_num_queries(17):
        assert client.get(reverse("convention_list")).status_code == 200
    # Every app adds its duties to the home page through its hook: a fixed number of queries each.
    with django_assert_max_num_queries(43):
        assert client.get(reverse("home")).status_code == 200
    CommitmentFactory.create_batch(40, convention=cast.cooperation)
    # One for the convention's renewal (renewals app); when the page is written, four for its
    # snapshot (the convention's partnership, its changes, the snapshot read and written).
    url = reverse("convention_detail", args=[cast.cooperation.pk])
    with django_assert_max_num_queries(21):
        assert client.get(url).status_code == 200
    # Shown again: the session and the reader, the convention's partnership, its changes and its
    # snapshot, the session saved; the request's transaction.
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_a_user_who_sees_many_partnerships_gets_home_one_partnership_at_a_time(client, settings):
    from partnership.tests.scale import regional_partnerships

    settings.WIDE_SCOPE_PARTNERSHIPS = 3
    user, partnerships = regional_partnerships(4)
    for partnership in partnerships:
        ConventionFactory(partnership=partnership)
    client.force_login(user)
    response = client.get(reverse("home"))
    first = min(partnerships, key=lambda p: p.name)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{first.pk}" selected>' in page
    assert '<option value="">' not in page  # no "all" choice at that scale
    other = partnerships[-1] if partnerships[-1] != first else partnerships[0]
    assert client.get(f"{reverse('home')}?partenariat={other.pk}").status_code == 200


def test_home_refuses_a_partnership_outside_the_scope(client, cast, other_cast):
    client.force_login(cast[Role.AGENT])
    assert client.get(f"{reverse('home')}?partenariat={other_cast.partnership.pk}").status_code == 404


def test_home_lists_the_readers_duties_first_then_who_must_act(client, cast, monkeypatch):
    # The RGC's own duty (the quarterly review, clause O6) under "À vous"; the agency's figures
    # (clause C3) under "Qui doit agir", with who must act.
    import datetime

    from opus_accounts.tests.factories import AccountFactory, AnnexFactory

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 12, 10))
    AnnexFactory(convention=cast.opus)
    AccountFactory(convention=cast.opus, active=True)
    client.force_login(cast[Role.RGC])
    response = client.get(reverse("home"))
    mine = [d.title for d in response.context["late"] + response.context["upcoming"]]
    others = response.context["others"]
    assert any("Revue trimestrielle des comptes OPUS" in title for title in mine)
    assert all(Role.RGC in d.actors for d in response.context["upcoming"] + response.context["late"])
    assert others and all(Role.RGC not in d.actors for d in others)
    html = response.content.decode()
    assert html.index("À vous") < html.index("Qui doit agir")
    assert "À faire par : Correspondant Pôle emploi" in html


def test_a_duty_acted_on_in_the_admin_shows_no_dead_link_to_those_who_cannot_open_it(client, cast):
    # clause O7: the RGC's letter to the regional director is written in the admin panel
    from opus_accounts.tests.factories import DesignationFactory
    from partnership import permissions

    designation = DesignationFactory(convention=cast.opus, approved=True)
    url = reverse("admin:opus_accounts_rgcdesignation_change", args=[designation.pk])
    assert permissions.may_open(cast[Role.RGC], url)
    for role in (Role.AGENT, Role.ELU, Role.CORRESPONDENT):
        assert not permissions.may_open(cast[role], url)
    assert not permissions.may_open(cast[Role.ADMINISTRATOR], reverse("admin:auth_group_changelist"))
    assert permissions.may_open(cast[Role.ADMINISTRATOR], reverse("admin:index"))


def test_the_convention_page_writes_the_first_of_the_month_1er(client, cast):
    # clause C2: the cast's cooperation convention takes effect on 1 January 2024, signed on 1 December 2023
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("convention_detail", args=[cast.cooperation.pk])).content.decode()
    assert "1er janvier 2024" in page
    assert "1er décembre 2023" in page
    assert not re.search(r"(?<![0-9])1 (janvier|décembre)", page)
