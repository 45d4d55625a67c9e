"""The page of clause C9: what the destruction will erase, and when (counts only)."""

import datetime

import pytest
from django.urls import reverse

from partnership.permissions import Role

D = datetime.date


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: D(2026, 12, 10))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AGENT, 200), (Role.RGC, 200), (Role.ELU, 200), (Role.ADMINISTRATOR, 200), (Role.CORRESPONDENT, 403)],
)
def test_personal_data_page_roles(client, cast, role, status, today):
    client.force_login(cast[role])
    assert client.get(reverse("privacy:schedule")).status_code == status


@pytest.mark.django_db
def test_personal_data_page_lists_own_conventions_ahead(client, cast, other_cast, today):
    client.force_login(cast[Role.RGC])
    page = client.get(reverse("privacy:schedule")).content.decode()
    assert cast.cooperation.title in page
    assert "28 février 2027" in page
    assert other_cast.cooperation.title not in page
    assert cast.opus.title not in page  # its data is erased with its cooperation convention


@pytest.mark.django_db
def test_the_data_to_erase_is_named_by_its_apps_french_name(client, cast, today):
    from opus_accounts.tests.factories import AccountFactory

    AccountFactory(convention=cast.opus)
    client.force_login(cast[Role.RGC])
    page = client.get(reverse("privacy:schedule")).content.decode()
    assert "<td>Comptes OPUS</td>" in page
    assert "<td>opus_accounts</td>" not in page


@pytest.mark.django_db
def test_a_destruction_record_in_the_admin_says_what_was_erased_in_words(client, cast):
    from privacy.models import DestructionRecord

    record = DestructionRecord.objects.create(
        convention=cast.cooperation,
        performed_on=D(2027, 2, 28),
        deadline=D(2027, 2, 28),
        summary=[{"app": "opus_accounts", "label": "Comptes OPUS", "count": 3}],
    )
    client.force_login(cast[Role.ADMINISTRATOR])
    page = client.get(reverse("admin:privacy_destructionrecord_change", args=[record.pk])).content.decode()
    assert "<p>Comptes OPUS : Comptes OPUS (3)</p>" in page
    assert "opus_accounts" not in page.split('id="content-main"')[1]


def record_of(cast):
    from privacy.models import DestructionRecord

    return DestructionRecord.objects.create(
        convention=cast.cooperation,
        performed_on=D(2027, 2, 28),
        deadline=D(2027, 2, 28),
        summary=[{"app": "partnership", "label": "Personnes (nom, fonction, adresse électronique)", "count": 4}],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AGENT, 403), (Role.ELU, 403), (Role.CORRESPONDENT, 403), (Role.RGC, 200), (Role.ADMINISTRATOR, 200)],
)
def test_the_dry_run_names_the_people_for_the_rgc_and_the_administrator(client, cast, role, status, today):
    # clause C9: who would go, who is kept and why
    from opus_accounts.tests.factories import AccountFactory, AnnexFactory

    AnnexFactory(convention=cast.opus)
    account = AccountFactory(convention=cast.opus)
    client.force_login(cast[role])
    response = client.get(reverse("privacy:dry_run", args=[cast.cooperation.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert str(account.person) in page and "1 personne effacée" in page


@pytest.mark.django_db
def test_the_dry_run_and_the_certificate_of_another_commune_are_not_found(client, cast, other_cast, today):
    record = record_of(other_cast)
    client.force_login(cast[Role.ADMINISTRATOR])
    assert client.get(reverse("privacy:dry_run", args=[other_cast.cooperation.pk])).status_code == 404
    assert client.get(reverse("privacy:certificate", args=[record.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.ALL)
def test_the_certificate_is_for_both_parties(client, cast, role):
    # clause C9: the proof of the destruction, kinds and counts only, for the other party too
    record = record_of(cast)
    client.force_login(cast[role])
    response = client.get(reverse("privacy:certificate", args=[record.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    html = client.get(reverse("privacy:certificate", args=[record.pk]), {"html": 1}).content.decode()
    assert "Personnes (nom, fonction, adresse électronique)" in html and "<td>4</td>" in html
    assert "28 février 2027" in html


@pytest.mark.django_db
def test_the_page_leads_to_the_dry_run_before_and_to_the_certificate_once_done(client, cast, today):
    client.force_login(cast[Role.RGC])
    page = client.get(reverse("privacy:schedule")).content.decode()
    assert reverse("privacy:dry_run", args=[cast.cooperation.pk]) in page
    record = record_of(cast)
    page = client.get(reverse("privacy:schedule")).content.decode()
    assert reverse("privacy:certificate", args=[record.pk]) in page
    assert reverse("privacy:dry_run", args=[cast.cooperation.pk]) not in page


def more_people(cast, meetings):
    """Per meeting of the convention's term, five account holders who took part and a referent of
    the agency, who takes part in a meeting of the next term too (kept): several times the demo."""
    from opus_accounts.tests.factories import AccountFactory, HolderFactory
    from relais.tests.factories import PARIS, MeetingFactory

    def meeting(day, people):
        start = datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS)
        MeetingFactory(partnership=cast.partnership, starts_at=start).participants.set(people)

    referents = []
    for n in range(meetings):
        holders = [HolderFactory(organisation=cast.partnership.commune) for _ in range(5)]
        for holder in holders:
            AccountFactory(convention=cast.opus, person=holder)
        referents.append(HolderFactory(organisation=cast.partnership.agency))
        meeting(D(2025, 5, 1 + n), [*holders, referents[-1]])
    meeting(D(2027, 5, 1), referents)


@pytest.mark.django_db
def test_the_dry_run_and_the_schedule_do_not_grow_with_the_people(client, cast, today, django_assert_max_num_queries):
    # clause C9: who would go and who stays, for a commune several times the demo
    from privacy.tests.test_erasure import build

    build(cast)
    client.force_login(cast[Role.RGC])
    pages = [reverse("privacy:dry_run", args=[cast.cooperation.pk]), reverse("privacy:schedule")]
    counts = []
    # Written: the page's queries and those of its snapshot (the changes counted, the snapshot
    # looked for, then written).
    for url, most in zip(pages, (30, 30), strict=True):
        with django_assert_max_num_queries(most) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    more_people(cast, 6)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
    page = client.get(pages[0]).content.decode()
    assert "35 personnes effacées" in page and "9 personnes conservées" in page


@pytest.mark.django_db
def test_the_schedule_reads_a_page_of_conventions_in_as_many_queries_as_one(client, cast, today):
    # clause C9: the inventory of each convention shown is read for the whole page at once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opus_accounts.tests.factories import AccountFactory
    from partnership.tests.factories import ConventionFactory, PartnershipFactory

    def ending_with_an_account():
        partnership = PartnershipFactory(commune=cast.partnership.commune)
        cooperation = ConventionFactory(partnership=partnership, effective_from=D(2024, 1, 1), signed_on=D(2023, 12, 1))
        opus = ConventionFactory(partnership=partnership, opus=True, parent=cooperation, signed_on=D(2024, 1, 15))
        AccountFactory(convention=opus)
        return cooperation

    ending_with_an_account()
    client.force_login(cast[Role.RGC])

    def queries():  # of the page's body (its snapshot is written once, then updated)
        from privacy import views

        request = client.get(reverse("privacy:schedule")).wsgi_request
        with CaptureQueriesContext(connection) as context:
            page = views._schedule_body(request, D(2026, 12, 10))
        return len(context), page

    few, _page = queries()
    more = [ending_with_an_account() for _n in range(6)]
    count, page = queries()
    assert count == few
    assert all(convention.title in page for convention in more)
