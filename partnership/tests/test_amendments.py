"""Amendments (avenants): each kind changes the terms in force from its date of effect, computed
in one place (`Convention.terms_on`), which the end date, the C9 deadline, the OPUS cap (kept by
the database) and the pages read. Run on SQLite and on PostgreSQL (CI runs both)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from opus_accounts import services as opus_services
from opus_accounts.models import OpusAccount
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership.models import AmendedService, Amendment, Commitment, Convention, OpusService
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def opus(cast):
    """`cast`'s OPUS convention (in force 15 January 2024 to 31 December 2026), annex 2 cap of 2."""
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    OpusService.objects.create(convention=cast.opus, name="Consultation des offres", description="…", access=True)
    OpusService.objects.create(convention=cast.opus, name="Contact des employeurs", description="…", access=True)
    return Convention.objects.get(pk=cast.opus.pk)


def _fresh(convention):
    return Convention.objects.prefetch_related(*Convention.TERMS_PREFETCH, "amendments__services").get(pk=convention.pk)


def test_c2_an_amendment_extends_the_duration_from_its_date(cast):
    # clause C2: 36 months from 1 January 2024, extended to 48 from 1 June 2026
    Amendment.objects.create(convention=cast.cooperation, number=1, object="Prolongation",
                             effective_from=D(2026, 6, 1), duration_months=48)  # fmt: skip
    cooperation, opus = _fresh(cast.cooperation), _fresh(cast.opus)
    assert cooperation.terms_on(D(2026, 5, 31)).end.date == D(2026, 12, 31)
    assert cooperation.terms_on(D(2026, 6, 1)).end.date == D(2027, 12, 31)
    assert cooperation.terms_on(D(2026, 6, 1)).duration_months == 48
    assert cooperation.end_date().date == D(2027, 12, 31) == cooperation.ends_on
    # clause C9: two months after the real end, 29 February 2028 (leap year)
    assert cooperation.personal_data_destruction_deadline().date == D(2028, 2, 29)
    # clause O20: the OPUS convention resting on it follows
    assert opus.end_date().date == D(2027, 12, 31) == opus.ends_on


def test_c2_an_amendment_applies_only_while_the_convention_runs(cast):
    early = Amendment(convention=cast.cooperation, number=1, object="x", effective_from=D(2027, 1, 1),
                      duration_months=48)  # fmt: skip
    with pytest.raises(ValidationError, match="plus en vigueur le 1er janvier 2027"):
        early.full_clean()
    short = Amendment(convention=cast.cooperation, number=1, object="x", effective_from=D(2026, 6, 1),
                      duration_months=12)  # fmt: skip
    with pytest.raises(ValidationError, match="aurait pris fin le 31 décembre 2024"):
        short.full_clean()
    on_opus = Amendment(convention=cast.opus, number=1, object="x", effective_from=D(2026, 6, 1), duration_months=48)
    with pytest.raises(ValidationError, match="clause O20"):
        on_opus.full_clean()


def test_o22_the_cap_in_force_follows_the_amendment_and_the_database_keeps_it(opus):
    # clause O22: 2 accounts besides the RGC, 3 from 2 November 2026
    AccountFactory.create_batch(2, convention=opus, active=True)
    third = AccountFactory(convention=opus)
    Amendment.objects.create(convention=opus, number=1, object="Plafond", effective_from=D(2026, 11, 2),
                             active_accounts_cap=3)  # fmt: skip
    opus = _fresh(opus)
    assert (opus.terms_on(D(2026, 11, 1)).accounts_cap, opus.terms_on(D(2026, 11, 2)).accounts_cap) == (2, 3)
    with pytest.raises(ValidationError, match="autorise 2 compte"):
        opus_services.activate(third, None, D(2026, 11, 1))
    with transaction.atomic(), pytest.raises(IntegrityError, match="opus_accounts_cap_reached"):
        OpusAccount.objects.filter(pk=third.pk).update(state="actif", activated_on=D(2026, 11, 1))
    opus_services.activate(third, None, D(2026, 11, 2))
    assert opus_services.cap_summary(opus, D(2026, 11, 2))[::2] == (3, 0)


def test_o22_a_cap_lowered_below_the_active_accounts_is_refused_until_accounts_are_freed(opus):
    # clause O22: the database refuses it, whatever the path; the page explains it in French
    accounts = AccountFactory.create_batch(2, convention=opus, active=True)
    with transaction.atomic(), pytest.raises(IntegrityError, match="opus_accounts_cap_below_active"):
        Amendment.objects.create(convention=opus, number=1, object="x", effective_from=D(2026, 6, 1),
                                 active_accounts_cap=1)  # fmt: skip
    opus_services.revoke(accounts[0], OpusAccount.Reason.DEPARTURE, None, D(2026, 5, 1))
    Amendment.objects.create(convention=opus, number=1, object="x", effective_from=D(2026, 6, 1),
                             active_accounts_cap=1)  # fmt: skip
    assert _fresh(opus).terms_on(D(2026, 6, 1)).accounts_cap == 1


def test_o22_an_account_activated_now_fits_under_a_lower_cap_to_come(opus):
    # clause O22: an account stays active: it must fit under every cap in force from its activation
    AccountFactory(convention=opus, active=True)
    waiting = AccountFactory(convention=opus)
    Amendment.objects.create(convention=opus, number=1, object="x", effective_from=D(2026, 9, 1),
                             active_accounts_cap=1)  # fmt: skip
    assert _fresh(opus).accounts_cap_from(D(2026, 3, 1)) == 1
    with pytest.raises(ValidationError, match="Plafond atteint"):
        opus_services.activate(waiting, None, D(2026, 3, 1))
    with transaction.atomic(), pytest.raises(IntegrityError, match="opus_accounts_cap_reached"):
        OpusAccount.objects.filter(pk=waiting.pk).update(state="actif", activated_on=D(2026, 3, 1))


def test_o9_o21_an_amendment_changes_the_services_of_annex_1(opus):
    # clauses O9, O21: access to a service withdrawn, a new one given, from the amendment's date
    amendment = Amendment.objects.create(convention=opus, number=1, object="Périmètre", effective_from=D(2026, 4, 1))
    AmendedService.objects.create(amendment=amendment, name="Contact des employeurs", access=False)
    AmendedService.objects.create(amendment=amendment, name="Présélection", description="Nouvelle", access=True)
    opus = _fresh(opus)
    before = {s.name: s.access for s in opus.terms_on(D(2026, 3, 31)).services}
    after = {s.name: s.access for s in opus.terms_on(D(2026, 4, 1)).services}
    assert before == {"Consultation des offres": True, "Contact des employeurs": True}
    assert after == {"Consultation des offres": True, "Contact des employeurs": False, "Présélection": True}


def test_c5_c7_an_amendment_drops_and_adds_commitments(client, cast):
    kept, dropped = CommitmentFactory.create_batch(2, convention=cast.cooperation)
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("amendment_new", args=[cast.cooperation.pk]),
        {"number": 1, "object": "Engagements", "effective_from": "2025-01-01", "dropped": [dropped.pk],
         "new_party": cast.partnership.commune.pk, "new_clause": "C7", "new_text": "Organiser un forum par an"},
    )  # fmt: skip
    amendment = Amendment.objects.get()
    assert response.status_code == 302 and response.url == amendment.get_absolute_url()
    cooperation = _fresh(cast.cooperation)
    before = cooperation.terms_on(D(2024, 12, 31)).commitments(cooperation)
    after = cooperation.terms_on(D(2025, 1, 1)).commitments(cooperation)
    added = Commitment.objects.get(added_by=amendment)
    assert set(before) == {kept, dropped} and set(after) == {kept, added}
    page = client.get(amendment.get_absolute_url()).content.decode()
    assert "Engagement supprimé" in page and "Organiser un forum par an" in page


def test_the_pages_raise_the_cap_and_show_the_terms_before_and_after(client, cast, opus):
    client.force_login(cast[Role.RGC])
    assert client.get(reverse("amendment_new", args=[opus.pk])).status_code == 200
    response = client.post(
        reverse("amendment_new", args=[opus.pk]),
        {"number": 1, "object": "Plafond", "signed_on": "2026-10-29", "effective_from": "2026-11-02",
         "active_accounts_cap": 3, "service_1": "non"},
    )  # fmt: skip
    amendment = Amendment.objects.get()
    assert response.status_code == 302
    page = client.get(amendment.get_absolute_url()).content.decode()
    assert "Le 1er novembre 2026" in page and "Le 2 novembre 2026" in page and "<strong>3</strong>" in page
    assert "accès retiré au service « Contact des employeurs »" in page
    detail = client.get(opus.get_absolute_url()).content.decode()
    assert "modifié par avenant ; 2 à la signature" in detail and "Avenant" in detail


def test_the_page_refuses_a_cap_below_the_active_accounts_in_french(client, cast, opus):
    AccountFactory.create_batch(2, convention=opus, active=True)
    client.force_login(cast[Role.AGENT])
    data = {"number": 1, "object": "x", "effective_from": "2026-06-01", "active_accounts_cap": 1}
    response = client.post(reverse("amendment_new", args=[opus.pk]), data)
    assert response.status_code == 422
    assert "Le plafond ne peut pas descendre sous le nombre de comptes actifs" in response.content.decode()
    assert not Amendment.objects.exists()


def test_hostile_input_is_refused_and_nothing_saved(client, cast, opus):
    client.force_login(cast[Role.AGENT])
    for data in (
        {"number": "x", "object": "x", "effective_from": "2026-06-01"},
        {"number": 1, "object": "x", "effective_from": "2030-01-01"},
        {"number": 1, "object": "x", "effective_from": "2026-06-01", "active_accounts_cap": -1},
    ):
        assert client.post(reverse("amendment_new", args=[opus.pk]), data).status_code == 422
    orphan = {"number": 1, "object": "x", "effective_from": "2026-06-01", "new_text": "sans partie"}
    assert client.post(reverse("amendment_new", args=[cast.cooperation.pk]), orphan).status_code == 422
    assert not Amendment.objects.exists() and not Commitment.objects.exists()


@pytest.mark.parametrize("role", [Role.ELU, Role.CORRESPONDENT])
def test_who_may_record_an_amendment(client, cast, role):
    amendment = Amendment.objects.create(
        convention=cast.cooperation, number=1, object="x", effective_from=D(2025, 1, 1)
    )
    client.force_login(cast[role])
    assert client.get(reverse("amendment_new", args=[cast.cooperation.pk])).status_code == 403
    assert client.get(amendment.get_absolute_url()).status_code == 200
    client.force_login(cast[Role.ADMINISTRATOR])
    assert client.get(reverse("amendment_new", args=[cast.cooperation.pk])).status_code == 200


def test_another_commune_never_reaches_an_amendment(client, cast, other_cast):
    amendment = Amendment.objects.create(
        convention=cast.cooperation, number=1, object="x", effective_from=D(2025, 1, 1)
    )
    client.force_login(other_cast[Role.AGENT])
    assert client.get(amendment.get_absolute_url()).status_code == 404
    assert client.get(reverse("amendment_new", args=[cast.cooperation.pk])).status_code == 404
