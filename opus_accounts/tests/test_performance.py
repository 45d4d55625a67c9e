"""Query counts of the register and the admin cap panel stay bounded when a regional correspondent
sees many partnerships (the benchmark's large dataset)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opus_accounts import exports
from opus_accounts.models import OpusAccount, opus_conventions_visible_to
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory
from partnership.models import Organisation
from partnership.permissions import Role
from partnership.tests.factories import AgencyFactory, ConventionFactory, PartnershipFactory, UserFactory

REGISTER = reverse("opus_register")


def make_region(partnerships=30, accounts=25):
    """`partnerships` partnerships whose agencies report to one regional direction, each with a
    cooperation convention in force, an OPUS convention with its annex 2, an RGC in office and
    `accounts` accounts (one in five active); returns the correspondent of the regional direction."""
    region = Organisation.objects.create(kind=Organisation.Kind.REGIONAL_DIRECTION, name="DR Auvergne-Rhône-Alpes")
    for _n in range(partnerships):
        partnership = PartnershipFactory(agency=AgencyFactory(parent=region))
        cooperation = ConventionFactory(
            partnership=partnership, effective_from=datetime.date(2024, 1, 1), signed_on=datetime.date(2023, 12, 1)
        )
        opus = ConventionFactory(
            partnership=partnership, opus=True, parent=cooperation, signed_on=datetime.date(2024, 1, 15)
        )
        AnnexFactory(convention=opus, active_accounts_cap=accounts)
        DesignationFactory(convention=opus, approved=True)
        for index in range(accounts):
            AccountFactory(convention=opus, active=index % 5 == 0)
    return UserFactory(role=Role.CORRESPONDENT, organisation=region)


def count_queries(function):
    with CaptureQueriesContext(connection) as context:
        result = function()
    return len(context.captured_queries), result


def test_register_queries_do_not_grow_with_partnerships_or_accounts(client, db, django_assert_max_num_queries):
    # clause O6: the register; a regional correspondent sees 30 partnerships of 25 accounts each
    correspondent = make_region(30, 25)
    client.force_login(correspondent)
    # one more than the accounts' for the scope of access (annex 1, clauses O9, O21) and one for
    # the partnership filter, which gives the partnership shown
    with django_assert_max_num_queries(19):
        response = client.get(REGISTER)
    assert response.status_code == 200
    assert len(response.context["choice"].options) == 30
    assert len(response.context["groups"]) == 1  # one partnership at a time, the first by default
    other, _name = response.context["choice"].options[-1]
    with django_assert_max_num_queries(19):
        response = client.get(REGISTER, {"partenariat": other, "toutes": "1"})
    assert response.context["partnership"] == other
    [group] = response.context["groups"]
    assert (group["cap"], len(group["active"]), group["free"]) == (25, 5, 20)
    assert group["rgc"] is not None and len(group["accounts"]) == 25


def test_register_query_count_is_the_same_for_one_or_many_partnerships(client, db):
    client.force_login(make_region(2, 3))
    few, _result = count_queries(lambda: client.get(REGISTER))
    client.force_login(make_region(12, 20))
    many, response = count_queries(lambda: client.get(REGISTER))
    assert response.status_code == 200
    assert many == few


def test_register_unknown_partnership_is_404(client, cast, other_cast, opus):
    client.force_login(cast[Role.AGENT])
    assert client.get(REGISTER, {"partenariat": other_cast.partnership.pk}).status_code == 404
    assert client.get(REGISTER, {"partenariat": "x"}).status_code == 404


def test_register_hides_ended_conventions_unless_asked(client, cast, opus):
    # clause O20: the OPUS convention ends with the cooperation convention
    ended = ConventionFactory(
        partnership=cast.partnership, opus=True, signed_on=datetime.date(2021, 5, 3), title="OPUS 2021"
    )  # its parent ran 2021-2023
    AccountFactory(convention=ended, requested_on=datetime.date(2021, 6, 1), informed_on=None)
    client.force_login(cast[Role.AGENT])
    response = client.get(REGISTER)
    assert [g["convention"] for g in response.context["groups"]] == [opus]
    assert response.context["ended"] == 1
    assert "toutes=1" in response.content.decode()
    response = client.get(REGISTER, {"toutes": "1"})
    assert {g["convention"] for g in response.context["groups"]} == {opus, ended}


def test_register_groups_and_pdf_are_bounded(rf, db, django_assert_max_num_queries):
    # clause O6: the register ready to sign, for every convention the user sees
    correspondent = make_region(20, 10)
    conventions = exports.pdf_conventions(opus_conventions_visible_to(correspondent))
    with django_assert_max_num_queries(8):
        groups = exports.register_groups(list(conventions), OpusAccount.objects.visible_to(correspondent))
    assert len(groups) == 20 and all(len(g["active"]) == 2 and g["free"] == 8 and g["rgc"] for g in groups)
    with django_assert_max_num_queries(9):
        groups = exports.register_groups(
            list(conventions), OpusAccount.objects.filter(state="demande"), active_from_rows=False
        )
    assert all(len(g["active"]) == 2 and len(g["accounts"]) == 8 for g in groups)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, role=Role.ADMINISTRATOR)


def test_admin_cap_panel_is_bounded(client, superuser):
    # clause O22: the cap panel at the top of the admin list
    client.force_login(superuser)
    make_region(2, 3)
    few, _response = count_queries(lambda: client.get(reverse("admin:opus_accounts_opusaccount_changelist")))
    make_region(15, 10)
    many, response = count_queries(lambda: client.get(reverse("admin:opus_accounts_opusaccount_changelist")))
    assert response.status_code == 200 and len(response.context["caps"]) == 17
    assert many == few
    convention = response.context["caps"][0]["convention"]
    response = client.get(reverse("admin:opus_accounts_opusaccount_changelist"), {"convention": convention.pk})
    assert [row["convention"] for row in response.context["caps"]] == [convention]
