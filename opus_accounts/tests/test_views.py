import pytest
from django.urls import reverse

from opus_accounts.models import AccessConfirmation
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, HolderFactory
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory

REGISTER = reverse("opus_register")


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.AGENT, 200),
        (Role.RGC, 200),
        (Role.ELU, 200),
        (Role.CORRESPONDENT, 200),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_register_access_matrix(client, cast, opus, role, status):
    # clause O6: the register, read-only in the app
    client.force_login(cast[role])
    assert client.get(REGISTER).status_code == status


def test_register_anonymous_goes_to_login(client, db):
    assert client.get(REGISTER).status_code == 302


def test_register_shows_only_own_convention_and_is_read_only_for_agents(client, cast, other_cast, opus):
    AnnexFactory(convention=other_cast.opus)
    mine = AccountFactory(convention=opus, active=True)
    theirs = AccountFactory(convention=other_cast.opus, active=True)
    client.force_login(cast[Role.AGENT])
    html = client.get(REGISTER).content.decode()
    assert str(mine.person) in html and str(theirs.person) not in html
    assert "Confirmer le besoin" not in html
    assert "1 sur 2 autorisés" in html


@pytest.mark.parametrize("role", [Role.AGENT, Role.ELU, Role.CORRESPONDENT, Role.ADMINISTRATOR])
def test_only_the_rgc_confirms_access(client, cast, opus, role):
    account = AccountFactory(convention=opus, active=True)
    client.force_login(cast[role])
    assert client.post(reverse("opus_confirm_access", args=[account.pk])).status_code == 403
    assert not AccessConfirmation.objects.exists()


def test_rgc_confirms_one_click_per_account(client, cast, opus):
    # clause O6: quarterly access review, recorded with the date and who
    account = AccountFactory(convention=opus, active=True)
    client.force_login(cast[Role.RGC])
    assert "Confirmer le besoin" in client.get(REGISTER).content.decode()
    response = client.post(reverse("opus_confirm_access", args=[account.pk]))
    assert response.status_code == 302
    confirmation = AccessConfirmation.objects.get()
    assert (confirmation.account, confirmation.confirmed_by) == (account, cast[Role.RGC])
    assert client.get(reverse("opus_confirm_access", args=[account.pk])).status_code == 405


def test_other_communes_rgc_gets_404(client, cast, other_cast, opus):
    account = AccountFactory(convention=opus, active=True)
    client.force_login(other_cast[Role.RGC])
    assert client.post(reverse("opus_confirm_access", args=[account.pk])).status_code == 404
    assert not AccessConfirmation.objects.exists()


def test_register_query_count_is_bounded(client, cast, opus, django_assert_max_num_queries):
    for _n in range(4):
        convention = ConventionFactory(partnership=cast.partnership, opus=True, parent=cast.cooperation)
        AnnexFactory(convention=convention, active_accounts_cap=10)
        for _ in range(8):
            AccountFactory(convention=convention, person=HolderFactory(organisation=cast.partnership.commune))
    client.force_login(cast[Role.RGC])
    with django_assert_max_num_queries(19):
        assert client.get(REGISTER).status_code == 200
