import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from diagnosis.tests.factories import QuarterlyFiguresFactory
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory
from partnership.models import Partnership
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory, ConventionFactory, PartnershipFactory, UserFactory
from relais.tests.factories import ActivityFactory, MeetingFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")
PDF_URL = reverse("dashboard:dashboard_pdf")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _fill(cast, quarters=8, year=2026):
    """A year of activity, eight quarters of figures, meetings, commitments and OPUS accounts."""
    partnership = cast.partnership
    for index in range(quarters):
        q_year, number = divmod((year * 4 + 2) - index, 4)
        QuarterlyFiguresFactory(partnership=partnership, year=q_year, quarter=number + 1, seekers_abc=400 + index)
    for y in (year - 1, year):
        for month in range(1, 13):
            ActivityFactory(partnership=partnership, year=y, month=month)
    for month in (2, 4, 6):
        MeetingFactory(
            partnership=partnership, held=True, starts_at=datetime.datetime(year, month, 10, 9, tzinfo=PARIS)
        )
    for _n in range(3):
        CommitmentFactory(convention=cast.cooperation, party=partnership.commune)
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    AccountFactory(convention=cast.opus, active=True)
    DesignationFactory(convention=cast.opus)


def test_elu_lands_on_the_dashboard(client, cast):
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("home"))  # served at the home address, no redirect to wait for
    assert response.status_code == 200
    assert "dashboard/dashboard.html" in [template.name for template in response.templates]
    # Its period form submits to the home page, which shows the quarter asked for.
    assert (
        client.get(reverse("home"), {"annee": 2025, "trimestre": 2}).context["board"].quarter.label
        == "2e trimestre 2025"
    )


def test_other_roles_keep_the_home_page(client, cast):
    client.force_login(cast[Role.AGENT])
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ELU, 200), (Role.AGENT, 200), (Role.RGC, 200), (Role.CORRESPONDENT, 200), (Role.ADMINISTRATOR, 403)],
)
@pytest.mark.parametrize("url", [URL, PDF_URL + "?html=1"])
def test_access_by_role(client, cast, role, status, url):
    client.force_login(cast[role])
    assert client.get(url).status_code == status


def test_shows_the_figures_with_links_the_user_may_follow(client, cast):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    response = client.get(URL, {"annee": 2026, "trimestre": 3})
    html = response.content.decode()
    assert response.status_code == 200
    assert "3e trimestre 2026" in html
    assert "<svg" in html and 'role="img"' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # two charts on the page, no repeated id
    assert reverse("diagnosis:quarter", args=[cast.partnership.pk, 2026, 3]) in html
    assert reverse("opus_register") in html
    assert reverse("relais:activity_table") in html
    # clause C6: three meetings held by the end of September, four due
    assert "3 / 4" in html
    # clause O22: one active account of two
    assert "1 / 2" in html


def test_correspondent_does_not_see_the_communes_activity(client, cast):
    _fill(cast)
    client.force_login(cast[Role.CORRESPONDENT])
    html = client.get(URL, {"annee": 2026, "trimestre": 3}).content.decode()
    assert "Activité du Relais Emploi" not in html
    assert reverse("relais:activity_table") not in html


def test_previous_period_is_compared(client, cast):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    html = client.get(URL, {"annee": 2026, "trimestre": 2}).content.decode()
    assert "2e trimestre 2026" in html
    assert "T1 2026" in html  # the column of the quarter before


def test_a_bad_period_falls_back_to_the_last_quarter(client, cast):
    client.force_login(cast[Role.ELU])
    assert client.get(URL, {"annee": "x", "trimestre": 9}).status_code == 200


def test_other_commune_is_not_found(client, cast, other_cast):
    client.force_login(other_cast[Role.ELU])
    assert client.get(URL, {"partenariat": cast.partnership.pk}).status_code == 404
    html = client.get(URL).content.decode()
    assert cast.partnership.commune.name not in html


def test_selector_for_a_user_seeing_several_partnerships(client, cast):
    region = cast.partnership.agency
    other = PartnershipFactory(agency=region)
    ConventionFactory(partnership=other, effective_from=datetime.date(2024, 1, 1))
    client.force_login(cast[Role.CORRESPONDENT])
    response = client.get(URL, {"partenariat": other.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="partenariat"' in html
    assert other.commune.name in html


def test_user_without_partnership_gets_404(client, db):
    user = UserFactory(role=Role.ELU)
    client.force_login(user)
    assert client.get(URL).status_code == 404


def test_query_count_does_not_grow_with_data(client, cast, django_assert_max_num_queries):
    """The demo has one partnership with 25 quarters: here ten partnerships seen by the same
    correspondent, each with years of figures, activity and meetings."""
    _fill(cast, quarters=40)
    agency = cast.partnership.agency
    for _n in range(9):
        partnership = PartnershipFactory(agency=agency)
        cooperation = ConventionFactory(partnership=partnership, effective_from=datetime.date(2024, 1, 1))
        ConventionFactory(partnership=partnership, opus=True, parent=cooperation)
        for year in range(2016, 2027):
            for number in range(1, 5):
                QuarterlyFiguresFactory(partnership=partnership, year=year, quarter=number)
        for month in range(1, 13):
            ActivityFactory(partnership=partnership, year=2026, month=month)
    assert Partnership.objects.count() == 10
    client.force_login(cast[Role.CORRESPONDENT])
    with django_assert_max_num_queries(48):
        assert client.get(URL, {"annee": 2026, "trimestre": 3}).status_code == 200
    client.force_login(cast[Role.ELU])
    with django_assert_max_num_queries(48):
        assert client.get(URL, {"annee": 2026, "trimestre": 3}).status_code == 200


def test_pdf_renders(client, cast):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    response = client.get(PDF_URL, {"annee": 2026, "trimestre": 3})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_floor_view_needs_a_login(client, cast):
    url = reverse("dashboard:floor")
    assert client.get(url).status_code == 302
    client.force_login(cast[Role.ADMINISTRATOR])
    assert client.get(url).content == b"ok"


def test_query_count_header(client, cast):
    with override_settings(MIDDLEWARE=["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]):
        _check_query_count_header(client, cast)


def _check_query_count_header(client, cast):
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("dashboard:floor"))
    count = int(response["X-Query-Count"])
    # the session (read, then saved again: each request pushes its end back) and the user at
    # least; a bare view adds nothing
    assert 2 <= count <= 9
    heavier = int(client.get(URL)["X-Query-Count"])
    assert heavier > count
