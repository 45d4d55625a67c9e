import datetime
import zoneinfo

import pytest
from django.urls import reverse

from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership import committees, term_comparison
from partnership.models import Convention, Partnership
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory, PartnershipFactory
from relais.tests.factories import ActivityFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TITLE = "Comparaison avec le mandat précédent (clause C10)"


def _previous(cast, **fields):
    """The 2021–2023 term the cast's 2024–2026 cooperation convention renews."""
    return ConventionFactory(partnership=cast.partnership, effective_from=D(2021, 1, 1), duration_months=36, **fields)


def _conventions(cast):
    return list(Convention.objects.filter(partnership=cast.partnership))


def _opus(parent):
    opus = ConventionFactory(partnership=parent.partnership, opus=True, parent=parent, signed_on=parent.effective_from)
    AnnexFactory(convention=opus, active_accounts_cap=10)
    return opus


def _account(convention, day):
    return AccountFactory(convention=convention, active=True, requested_on=day, informed_on=day, activated_on=day)


def _rows(comparison):
    return {label: (before, now) for label, before, now in comparison.rows}


def test_the_previous_term_is_the_latest_of_the_same_kind_ended_before(cast):
    # clause C10: a renewal follows the previous cooperation convention of the same partnership
    older = ConventionFactory(partnership=cast.partnership, effective_from=D(2018, 1, 1), duration_months=36)
    previous = _previous(cast)
    ConventionFactory(partnership=PartnershipFactory(), effective_from=D(2021, 1, 1))  # another partnership
    assert term_comparison.previous_term(cast.cooperation, _conventions(cast)) == previous
    assert term_comparison.previous_term(previous, _conventions(cast)) == older
    assert term_comparison.previous_term(older, _conventions(cast)) is None
    assert term_comparison.previous_term(cast.opus, _conventions(cast)) is None  # no earlier OPUS convention


def test_a_running_term_compares_the_same_elapsed_months(cast):
    # clause C10: eight whole months of 2024 against the first eight of 2021
    previous = _previous(cast)
    previous_period, current_period, months = term_comparison.comparable_periods(
        cast.cooperation, previous, D(2024, 9, 15)
    )
    assert months == 8
    assert (previous_period.first, previous_period.last) == (D(2021, 1, 1), D(2021, 8, 31))
    assert (current_period.first, current_period.last) == (D(2024, 1, 1), D(2024, 8, 31))
    # clause C10: the last day of a month completes it
    assert term_comparison.comparable_periods(cast.cooperation, previous, D(2024, 9, 30))[2] == 9
    # clause C10: nothing to compare before the first month is over
    assert term_comparison.comparable_periods(cast.cooperation, previous, D(2024, 1, 30)) is None


def test_an_ended_term_compares_whole_terms(cast):
    # clause C10
    previous = _previous(cast)
    previous_period, current_period, months = term_comparison.comparable_periods(
        cast.cooperation, previous, D(2027, 3, 1)
    )
    assert months is None
    assert (previous_period.first, previous_period.last) == (D(2021, 1, 1), D(2023, 12, 31))
    assert (current_period.first, current_period.last) == (D(2024, 1, 1), D(2026, 12, 31))


def test_a_longer_current_term_stops_the_previous_period_at_its_end(cast):
    # clause C10: a shorter previous term is compared whole, never beyond its last day
    previous = ConventionFactory(partnership=cast.partnership, effective_from=D(2023, 1, 1), duration_months=12)
    previous_period, _current, months = term_comparison.comparable_periods(cast.cooperation, previous, D(2025, 3, 5))
    assert months == 14
    assert previous_period.last == D(2023, 12, 31)


def test_the_indicators_of_both_terms(cast):
    # clause C10: the activity, the referent meetings and the OPUS accounts of each period
    previous = _previous(cast)
    for year, visitors in ((2021, 20), (2024, 30)):
        for month in range(1, 13):
            ActivityFactory(partnership=cast.partnership, year=year, month=month, free_slot_visitors=visitors)
    for day in (D(2021, 2, 10), D(2021, 4, 10), D(2021, 10, 10), D(2024, 3, 10)):
        MeetingFactory(
            partnership=cast.partnership, held=True, starts_at=datetime.datetime(*day.timetuple()[:3], 9, tzinfo=PARIS)
        )
    MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2024, 4, 10, 9, tzinfo=PARIS))  # planned
    old_opus = _opus(previous)
    AnnexFactory(convention=cast.opus, active_accounts_cap=10)
    _account(old_opus, D(2021, 6, 1))
    _account(cast.opus, D(2024, 2, 1))
    _account(cast.opus, D(2024, 3, 1))
    comparison = term_comparison.compare(cast.cooperation, _conventions(cast), D(2024, 7, 1))
    assert comparison.previous == previous and comparison.months == 6
    rows = _rows(comparison)
    # six months each: 6 × (20 + 10) then 6 × (30 + 10) people received
    assert rows["Personnes accueillies (accueil libre, rendez-vous, aide à l'inscription et à l'actualisation)"] == (
        180,
        240,
    )
    assert rows["Mois d'activité renseignés"] == (6, 6)
    assert rows["Réunions avec le conseiller référent tenues (clause C6)"] == (2, 1)
    assert rows["Comptes OPUS activés"] == (1, 2)
    assert "6 premiers mois de chaque mandat : du 1er janvier 2021 au 30 juin 2021" in comparison.basis
    table = comparison.section()["tables"][0]
    assert table["columns"] == ["Indicateur", "Mandat précédent", "Mandat en cours", "Évolution"]
    assert ["Comptes OPUS activés", "1", "2", "+1\u00a0(+100,0\u00a0%)"] in table["rows"]


def test_change_reads_in_french():
    # clause C10
    assert term_comparison.change_text(10, 7) == "−3\u00a0(−30,0\u00a0%)"
    assert term_comparison.change_text(0, 4) == "+4"
    assert term_comparison.change_text(5, 5) == "="
    assert term_comparison.change_text(None, 5) == "—"


def test_a_first_convention_has_no_comparison(cast):
    # clause C10
    assert term_comparison.compare(cast.cooperation, _conventions(cast), D(2024, 7, 1)) is None
    assert committees.current_comparison(cast.partnership.pk, D(2024, 7, 1)) is None


def test_the_committees_record_freezes_the_comparison(cast, client):
    # clause C10: the steering committee's file, on its page and in its PDF
    _previous(cast)
    ActivityFactory(partnership=cast.partnership, year=2021, month=2)
    committee = committees.create_committee(cast.partnership, year=2024, date=D(2025, 1, 20))
    committee, _frozen = committees.mark_held(committee.pk, Partnership.objects.all())
    section = committee.indicators["sections"][-1]
    assert section["title"] == TITLE
    assert section["facts"][2][1].startswith("12 premiers mois de chaque mandat")  # the end of 2024
    client.force_login(cast[Role.CORRESPONDENT])
    assert TITLE in client.get(reverse("committee_detail", args=[committee.pk])).content.decode()
    assert client.get(reverse("committee_pdf", args=[committee.pk])).status_code == 200


def test_the_dashboard_shows_the_comparison_to_the_communes_officials(cast, client):
    # clause C10
    _previous(cast)
    client.force_login(cast[Role.ELU])
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert TITLE in page and "Mandat précédent" in page
    client.force_login(cast[Role.CORRESPONDENT])  # the commune's activity is not Pôle emploi's to read here
    assert TITLE not in client.get(reverse("dashboard:dashboard")).content.decode()


def test_query_count_does_not_grow_with_the_terms(cast, client, django_assert_max_num_queries):
    # clause C10: many terms, years of activity, meetings and accounts
    for start in range(2000, 2024, 3):
        convention = ConventionFactory(partnership=cast.partnership, effective_from=D(start, 1, 1), duration_months=36)
        opus = _opus(convention)
        for year in range(start, start + 3):
            for month in range(1, 13):
                ActivityFactory(partnership=cast.partnership, year=year, month=month)
            MeetingFactory(
                partnership=cast.partnership, held=True, starts_at=datetime.datetime(year, 5, 10, 9, tzinfo=PARIS)
            )
        _account(opus, D(start, 6, 1))
    with django_assert_max_num_queries(4):
        comparison = committees.current_comparison(cast.partnership.pk, D(2025, 7, 1))
    assert comparison.previous.effective_from == D(2021, 1, 1)
    client.force_login(cast[Role.ELU])
    with django_assert_max_num_queries(48 + 3):  # the dashboard's bound, and the comparison's three
        assert client.get(reverse("dashboard:dashboard")).status_code == 200
