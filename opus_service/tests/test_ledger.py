import datetime

from opus_service.indicators import indicators
from opus_service.ledger import ledger, month_before
from opus_service.legal_dates import PARIS
from opus_service.tests.factories import ChangeFactory, InterruptionFactory, SupportRequestFactory


def at(m, d, hh, mm=0, y=2026):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=PARIS)


def test_each_request_is_on_time_or_late(cast):
    # clause O10: acknowledged within 15 working days, answered within 2
    on_time = SupportRequestFactory(
        partnership=cast.partnership, registered_at=at(3, 2, 10), acknowledged_at=at(3, 2, 11), answered_at=at(3, 4, 10)
    )
    late_answer = SupportRequestFactory(
        partnership=cast.partnership, registered_at=at(3, 6, 19), acknowledged_at=at(3, 9, 9), answered_at=at(3, 11, 9)
    )
    waiting = SupportRequestFactory(partnership=cast.partnership, registered_at=at(3, 30, 9))
    overdue = SupportRequestFactory(partnership=cast.partnership, registered_at=at(3, 23, 9))
    book = ledger(cast.partnership, 2026, now=at(3, 31, 9))
    by_pk = {r.pk: r for r in book.requests}
    assert (by_pk[on_time.pk].ack.status, by_pk[on_time.pk].reply.status) == ("a_temps", "a_temps")
    assert by_pk[late_answer.pk].reply.status == "en_retard"  # due Tuesday 10 March at 18:00
    assert by_pk[waiting.pk].reply.status == "en_attente"
    assert by_pk[overdue.pk].reply.status == "depasse"
    assert by_pk[overdue.pk].ack.status == "en_attente"
    march = book.months[2]
    assert (march.requests, march.late) == (4, 2)
    assert book.late_requests == 2


def test_monthly_availability_against_the_ninety_eight_percent(cast):
    # clause O10: 98 % guaranteed, about 14 hours of downtime a month
    InterruptionFactory(partnership=cast.partnership, starts_at=at(4, 10, 8), ends_at=at(4, 10, 20))  # 12 h
    # 16 hours across the end of April: 4 in April, 12 in May
    InterruptionFactory(partnership=cast.partnership, starts_at=at(4, 30, 20), ends_at=at(5, 1, 12))
    InterruptionFactory(partnership=cast.partnership, kind="degradation", starts_at=at(4, 3, 9), ends_at=at(4, 3, 17))
    # a June outage still going on: counted until now
    InterruptionFactory(partnership=cast.partnership, starts_at=at(6, 1, 0), ends_at=None)
    book = ledger(cast.partnership, 2026, now=at(6, 1, 15))
    april, may, june, july = book.months[3:7]
    assert april.outage == datetime.timedelta(hours=16)
    assert not april.guarantee_kept  # 16 h > 14 h 24
    assert round(april.availability, 2) == 97.78
    assert april.degraded == datetime.timedelta(hours=8)
    assert may.outage == datetime.timedelta(hours=12) and may.guarantee_kept
    assert june.outage == datetime.timedelta(hours=15) and not june.guarantee_kept
    assert not july.started
    assert book.months_below_guarantee == 2
    assert april.outage_hours == "16 h 00"


def test_an_outage_of_an_earlier_year_still_running_counts_in_january(cast):
    # clause O10
    InterruptionFactory(partnership=cast.partnership, starts_at=at(12, 31, 22, y=2025), ends_at=at(1, 1, 2))
    assert ledger(cast.partnership, 2026, now=at(2, 1, 0)).months[0].outage == datetime.timedelta(hours=2)


def test_changes_are_checked_against_five_days_notice(cast):
    # clause O10: "5 jours avant sa mise en ligne"
    kept = ChangeFactory(
        partnership=cast.partnership, announced_on=datetime.date(2026, 3, 4), goes_live_on=datetime.date(2026, 3, 9)
    )
    short = ChangeFactory(
        partnership=cast.partnership, announced_on=datetime.date(2026, 3, 5), goes_live_on=datetime.date(2026, 3, 9)
    )
    assert kept.notice_kept and not short.notice_kept
    assert ledger(cast.partnership, 2026).changes_without_notice == 1
    assert "4 jours sur 5" in short.notice_label()


def test_another_partnership_rows_stay_out(cast, other_cast):
    SupportRequestFactory(partnership=other_cast.partnership)
    InterruptionFactory(partnership=other_cast.partnership)
    book = ledger(cast.partnership, 2026)
    assert book.requests == [] and book.interruptions == []


def test_a_referent_meeting_reviews_the_month_before(cast, client):
    # clauses O10 and O17: the meeting that follows the placement activity sees last month's service
    from django.urls import reverse

    from partnership.permissions import Role
    from relais.tests.factories import MeetingFactory

    SupportRequestFactory(partnership=cast.partnership, registered_at=at(9, 7, 9), answered_at=at(9, 15, 9))
    InterruptionFactory(partnership=cast.partnership, starts_at=at(9, 14, 20), ends_at=at(9, 15, 14))
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=at(10, 13, 10))
    client.force_login(cast[Role.CORRESPONDENT])
    html = client.get(reverse("relais:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Service OPUS en septembre (clause O10)" in html
    assert "1 demande d'assistance, 1 en retard" in html
    assert "disponibilité 97,50&nbsp;%" in html and "sous les 98&nbsp;% garantis" in html
    assert " %" not in html  # a « % » never wraps away from its number


def test_one_months_figures_are_those_of_the_year_read_in_two_queries(cast, django_assert_num_queries):
    # clauses O10 and O17: the month a meeting reviews, read alone, is the ledger's month
    SupportRequestFactory(partnership=cast.partnership, registered_at=at(1, 30, 9))  # waiting, late by now
    SupportRequestFactory(partnership=cast.partnership, registered_at=at(3, 2, 10), acknowledged_at=at(3, 2, 11))
    InterruptionFactory(partnership=cast.partnership, starts_at=at(12, 31, 22, y=2025), ends_at=at(1, 1, 2))
    InterruptionFactory(partnership=cast.partnership, starts_at=at(4, 30, 20), ends_at=at(5, 1, 12))
    InterruptionFactory(partnership=cast.partnership, kind="degradation", starts_at=at(2, 27, 9), ends_at=None)
    ChangeFactory(partnership=cast.partnership, announced_on=datetime.date(2026, 3, 5))
    now = at(6, 10, 12)
    months = ledger(cast.partnership, 2026, now=now).months
    for number in range(1, 13):
        day = datetime.date(2026 + number // 12, number % 12 + 1, 5)  # a meeting in the month after
        with django_assert_num_queries(2):
            alone = month_before(cast.partnership, day, now=now)
        assert alone == months[number - 1], number


def test_the_availability_is_rounded_and_never_reads_as_the_guarantee_when_below_it(cast):
    # clause O10: the pages and the committee's report write the same figure
    InterruptionFactory(partnership=cast.partnership, starts_at=at(4, 10, 8), ends_at=at(4, 11, 0))  # 16 h
    InterruptionFactory(partnership=cast.partnership, starts_at=at(9, 10, 8), ends_at=at(9, 10, 22, 25))  # 14 h 25
    InterruptionFactory(partnership=cast.partnership, starts_at=at(11, 10, 8), ends_at=at(11, 10, 22, 24))  # 14 h 24
    book = ledger(cast.partnership, 2026, now=at(12, 1, 0))
    april, september, november = book.months[3], book.months[8], book.months[10]
    assert april.availability_figure == "97,78"  # 97.777…: rounded, no longer cut off to « 97,77 »
    assert not september.guarantee_kept and round(september.availability, 2) == 98.0
    assert september.availability_figure == "97,99"  # not « 98,00 » beside « sous les 98 % garantis »
    assert november.guarantee_kept and november.availability_figure == "98,00"
    assert book.months[0].availability_figure == "100,00"
    [section] = indicators(cast.partnership, 2026)
    [table] = section["tables"]
    written = {row[0]: row[-1] for row in table["rows"]}
    assert (written["Avril"], written["Septembre"]) == ("97,78\u00a0%", "97,99\u00a0%")
