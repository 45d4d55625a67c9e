import datetime
from html import unescape

import pytest
from django.urls import reverse

from opus_service.legal_dates import PARIS
from opus_service.models import ServiceInterruption, SupportRequest
from opus_service.tests.factories import ChangeFactory, InterruptionFactory, SupportRequestFactory
from partnership.permissions import Role

READERS = {Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT}
EDITORS = {Role.AGENT, Role.RGC}


@pytest.fixture
def rows(cast):
    return {
        "demande": SupportRequestFactory(partnership=cast.partnership),
        "interruption": InterruptionFactory(partnership=cast.partnership),
        "evolution": ChangeFactory(partnership=cast.partnership),
    }


def _pages(rows):
    pages = [
        ("opus_service:ledger", [], READERS),
        ("opus_service:ledger_csv", ["demandes"], READERS),
        ("opus_service:ledger_csv", ["interruptions"], READERS),
    ]
    for kind, row in rows.items():
        pages += [
            ("opus_service:record_create", [kind], EDITORS),
            ("opus_service:record_edit", [kind, row.pk], EDITORS),
        ]
    return pages


@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_reaches_exactly_its_pages(cast, rows, client, role):
    client.force_login(cast[role])
    for name, args, allowed in _pages(rows):
        response = client.get(reverse(name, args=args) + "?annee=2026")
        assert response.status_code == (200 if role in allowed else 403), (name, args, role)


def test_another_commune_gets_404(cast, other_cast, rows, client):
    client.force_login(other_cast[Role.AGENT])
    for kind, row in rows.items():
        assert client.get(reverse("opus_service:record_edit", args=[kind, row.pk])).status_code == 404
    url = reverse("opus_service:ledger") + f"?partenariat={cast.partnership.pk}"
    assert client.get(url).status_code == 404
    csv_url = reverse("opus_service:ledger_csv", args=["demandes"])
    assert client.get(csv_url + f"?partenariat={cast.partnership.pk}").status_code == 404


def test_unknown_kind_and_bad_year_are_404(cast, client):
    client.force_login(cast[Role.AGENT])
    assert client.get(reverse("opus_service:record_create", args=["autre"])).status_code == 404
    assert client.get(reverse("opus_service:ledger_csv", args=["autre"])).status_code == 404
    assert client.get(reverse("opus_service:ledger") + "?annee=abc").status_code == 404


def test_recording_a_request_shows_it_on_the_ledger(cast, client):
    # clause O10
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("opus_service:record_create", args=["demande"]),
        {
            "partnership": cast.partnership.pk,
            "kind": "dysfonctionnement",
            "subject": "Mise en relation impossible",
            "portal_reference": "PP-2026-118",
            "registered_at": "2026-03-06T19:00",
            "answered_at": "2026-03-11T09:00",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Mise en relation impossible" in page
    assert "en retard" in page
    assert "10 mars 2026 à 18h00" in page  # the answer was due on Tuesday at closing time


def test_hostile_input_is_refused_in_french_and_nothing_saved(cast, client):
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("opus_service:record_create", args=["demande"]),
        {
            "partnership": cast.partnership.pk,
            "kind": "question",
            "subject": "x" * 500,
            "registered_at": "2026-03-06T19:00",
            "acknowledged_at": "2026-03-01T09:00",
        },
    )
    assert response.status_code == 400
    assert "ne peut précéder l'enregistrement de la demande" in unescape(response.content.decode())
    assert not SupportRequest.objects.exists()
    response = client.post(
        reverse("opus_service:record_create", args=["interruption"]),
        {"partnership": cast.partnership.pk, "kind": "indisponibilite", "description": "Panne",
         "starts_at": "2026-03-06T19:00", "ends_at": "2026-03-06T18:00"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not ServiceInterruption.objects.exists()


def test_an_editor_cannot_record_for_another_commune(cast, other_cast, client):
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("opus_service:record_create", args=["demande"]),
        {"partnership": other_cast.partnership.pk, "kind": "question", "subject": "Question",
         "registered_at": "2026-03-06T10:00"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not SupportRequest.objects.exists()


def test_csv_export_neutralises_formulas(cast, client):
    # clause O10: the export that backs a complaint
    SupportRequestFactory(partnership=cast.partnership, subject='=HYPERLINK("http://example.org")')
    client.force_login(cast[Role.RGC])
    response = client.get(reverse("opus_service:ledger_csv", args=["demandes"]) + "?annee=2026")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in text
    assert "02/03/2026 10:00;" in text and "04/03/2026 10:00" in text


def test_ledger_query_count_does_not_grow_with_rows(cast, client, django_assert_max_num_queries):
    for day in range(1, 28):
        registered = datetime.datetime(2026, 2, day, 9, tzinfo=PARIS)
        for _n in range(4):
            SupportRequestFactory(partnership=cast.partnership, registered_at=registered)
        InterruptionFactory(
            partnership=cast.partnership, starts_at=registered, ends_at=registered + datetime.timedelta(hours=1)
        )
        ChangeFactory(partnership=cast.partnership)
    client.force_login(cast[Role.AGENT])
    # one query for the partnership filter, one for the partnership shown; written, with its snapshot's
    with django_assert_max_num_queries(15):
        assert client.get(reverse("opus_service:ledger") + "?annee=2026").status_code == 200


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_percent_sign_never_wraps_away_from_its_number(cast, client, language):
    # clause O10: the guarantee, the allowed outage and a month below it, each « 98 % » unbreakable
    start = datetime.datetime(2026, 2, 3, 9, tzinfo=PARIS)
    InterruptionFactory(partnership=cast.partnership, starts_at=start, ends_at=start + datetime.timedelta(hours=16))
    client.force_login(cast[Role.AGENT])
    client.cookies["django_language"] = language
    html = client.get(reverse("opus_service:ledger") + "?annee=2026").content.decode()
    assert html.count("98&nbsp;%") >= 3 and "(2&nbsp;%)" in html
    assert " %" not in html


def test_outages_export_with_their_duration(cast, client):
    # clause O10: outages and degraded service, with start, end and duration
    InterruptionFactory(partnership=cast.partnership, description="-cmd|' /C calc'!A0")
    client.force_login(cast[Role.ELU])
    text = client.get(reverse("opus_service:ledger_csv", args=["interruptions"]) + "?annee=2026").content.decode(
        "utf-8-sig"
    )
    assert "Indisponibilité;'-cmd" in text
    assert "10/03/2026 09:00;10/03/2026 12:00;3 h 00;non" in text
