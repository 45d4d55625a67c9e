"""The dashboard's figures written once and shown again until a source changes (partnership.duty_snapshots.page)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import views
from dashboard.tests.test_views import PARIS, _fill
from diagnosis.models import QuarterlyFigures
from opus_accounts.tests.factories import AccountFactory
from partnership import duty_snapshots
from partnership.models import DutyChange, DutySnapshot, OpusAnnex, PageSnapshot, User
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory
from relais.models import MonthlyActivity
from relais.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")
PERIOD = {"annee": 2026, "trimestre": 3}
BODY = "dashboard/_body.html"
# The session and the reader, the choice of the partnership and the partnership, its changes and
# its snapshot, the session saved; the request's transaction.
HIT_QUERIES = 11


def page(client, **period):
    """The response and its HTML, but for what each response has its own: the form's token, the
    Content-Security-Policy nonce and the charts' random ids."""
    response = client.get(URL, period or PERIOD)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())
    return response, re.sub(r'nonce="[^"]+"|[0-9a-f]{8}-[0-9a-f-]{27}', "", html)


def written_afresh(client, **period):
    """The page as it is written with no snapshot kept."""
    PageSnapshot.objects.all().delete()
    return page(client, **period)[1]


def test_the_figures_are_written_once_then_read_from_their_snapshot(client, cast):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    first, html = page(client)
    with CaptureQueriesContext(connection) as queries:
        again, same = page(client)
    assert BODY in [t.name for t in first.templates] and BODY not in [t.name for t in again.templates]
    assert same == html and "3 / 4" in html  # clause C6: three meetings held, four due
    assert len(queries) <= HIT_QUERIES
    assert PageSnapshot.objects.count() == 1
    # the charts' style sheets carry this response's nonce, not that of the response they were written for
    policy_nonce = re.search(r"'nonce-([^']+)'", again["Content-Security-Policy"]).group(1)
    styles = re.findall(r'<style nonce="([^"]+)"', again.content.decode())
    assert styles and set(styles) == {policy_nonce}
    assert policy_nonce not in first.content.decode()


def _activity(cast):
    row = MonthlyActivity.objects.get(partnership=cast.partnership, year=2026, month=9)
    row.free_slot_visitors += 400
    row.save()


def _annex(cast):
    annex = OpusAnnex.objects.get(convention=cast.opus)
    annex.active_accounts_cap = 5  # clause O22
    annex.save()


def _figures(cast):
    figures = QuarterlyFigures.objects.get(partnership=cast.partnership, year=2026, quarter=3)
    figures.seekers_abc += 50
    figures.save()


@pytest.mark.parametrize(
    "change",
    [
        _activity,
        _annex,
        _figures,
        lambda cast: CommitmentFactory(convention=cast.cooperation, party=cast.partnership.commune),
        lambda cast: MeetingFactory(
            partnership=cast.partnership, held=True, starts_at=datetime.datetime(2026, 8, 10, 9, tzinfo=PARIS)
        ),
        lambda cast: AccountFactory(convention=cast.opus, active=True),
    ],
    ids=["activity", "annex", "figures", "commitment", "meeting", "account"],
)
def test_a_change_to_any_source_writes_the_figures_again(client, cast, change):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    before = page(client)[1]
    change(cast)
    response, after = page(client)
    assert BODY in [t.name for t in response.templates]
    assert after != before and after == written_afresh(client)


def test_every_table_the_figures_are_read_from_is_a_source(client):
    """What the demo's dashboard reads for each role and quarter, its term comparison (clause
    C10), OPUS accounts and activity included: a source each, or the snapshots' own tables."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    tables = {model._meta.db_table for model in duty_snapshots.sources()}
    tables |= {model._meta.db_table for model in (DutyChange, DutySnapshot)}
    today, read = timezone.localdate(), set()
    for username in ("elu", "agent", "rgc", "correspondant"):
        client.force_login(User.objects.get(username=username))
        for year, quarter in ((2026, 3), (2025, 4), (2024, 1)):
            request = client.get(URL, {"annee": year, "trimestre": quarter}).wsgi_request
            choice, partnership = views.services.choose_partnership(request)
            period = views.services.parse_period(request.GET, today)
            with CaptureQueriesContext(connection) as queries:
                views.render_to_string(BODY, views._body(request, choice, partnership, period, today), request)
            read |= {name for query in queries for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    assert read and read <= tables, read - tables


def test_each_reader_has_the_figures_and_links_of_their_roles(client, cast):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    assert reverse("relais:activity_table") in page(client)[1]
    client.force_login(cast[Role.CORRESPONDENT])
    html = page(client)[1]
    assert "Activité du Relais Emploi" not in html and reverse("relais:activity_table") not in html
    assert PageSnapshot.objects.count() == 2


def test_a_change_of_permissions_writes_every_partnerships_figures_again(client, cast, other_cast):
    # an admin's link in a duty is shown to whom the admin would not refuse (permissions.may_open)
    _fill(cast)
    client.force_login(cast[Role.ELU])
    page(client)
    counts = duty_snapshots.change_counts([cast.partnership.pk, other_cast.partnership.pk], timezone.localdate())
    cast[Role.ELU].user_permissions.add(Permission.objects.get(codename="view_rgcdesignation"))
    again = duty_snapshots.change_counts([cast.partnership.pk, other_cast.partnership.pk], timezone.localdate())
    assert all(again[pk] == counts[pk] + 1 for pk in counts)
    cast[Role.ELU].groups.add(*cast[Role.ELU].groups.all())  # nothing added: nothing changed
    assert duty_snapshots.change_counts(list(counts), timezone.localdate()) == again
    assert BODY in [t.name for t in page(client)[0].templates]


def test_the_figures_are_of_one_day_language_and_release(client, cast, monkeypatch):
    _fill(cast)
    client.force_login(cast[Role.ELU])
    french = page(client)[1]
    client.cookies["django_language"] = "en"
    english = page(client)[1]
    assert "Employment in the commune" in english and "Emploi sur la commune" in french
    monkeypatch.setattr(duty_snapshots, "_release", lambda: "another")  # the code was deployed again
    assert BODY in [t.name for t in page(client)[0].templates]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: tomorrow)
    assert BODY in [t.name for t in page(client)[0].templates]
    duty_snapshots.prune(tomorrow)
    assert set(PageSnapshot.objects.values_list("day", flat=True)) == {tomorrow}


def test_the_c9_erasure_deletes_the_partnerships_figures_kept(client):
    """Clause C9: the figures' duties may name the people the hooks erase."""
    from partnership import personal_data
    from partnership.models import Convention
    from privacy.destruction import plans

    call_command("load_demo", stdout=open("/dev/null", "w"))
    for username in ("elu", "agent-valbrume"):
        client.force_login(User.objects.get(username=username))
        page(client)
    kept = dict(PageSnapshot.objects.values_list("partnership_id", "key"))
    assert len(kept) == 2
    erased = User.objects.get(username="elu").organisation.partnerships.get()
    personal_data.erase(plans([Convention.objects.filter(partnership=erased).first()]))
    assert set(PageSnapshot.objects.values_list("partnership_id", flat=True)) == set(kept) - {erased.pk}
