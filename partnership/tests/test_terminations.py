"""The dates of a termination (clauses C12, O18, O19, O20): the convention stays in force through
the whole notice, the first termination to take effect ends it, the breach route counts from
Pôle emploi's notified decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership.legal_dates import add_months
from partnership.models import Convention, Termination
from partnership.tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db
D = datetime.date
Ground = Termination.Ground


def _terminate(convention, ground, by=None, **dates):
    by = by or (convention.partnership.agency if ground in (Ground.SERVICE_NEEDS, Ground.BREACH) else None)
    return Termination.objects.create(
        convention=convention, ground=ground, requested_by=by or convention.partnership.commune, reasons="Motifs",
        **dates,
    )  # fmt: skip


def _stored_end(convention):
    return Convention.objects.get(pk=convention.pk).ends_on


@pytest.mark.parametrize(
    ("sent", "last_day"),
    [
        (D(2022, 3, 15), D(2022, 4, 15)),  # the month runs to the end of 15 April, not 14
        (D(2022, 1, 31), D(2022, 2, 28)),  # no 31 February: the month's last day
        (D(2024, 1, 31), D(2024, 2, 29)),  # leap year
        (D(2024, 1, 29), D(2024, 2, 29)),
        (D(2024, 2, 29), D(2024, 3, 29)),
        (D(2023, 11, 30), D(2023, 12, 30)),
    ],
)
def test_c12_the_convention_stays_in_force_through_the_whole_notice(sent, last_day):
    # clause C12: « effective de plein droit à l'expiration d'un délai d'un mois suivant l'envoi » ;
    # « jusqu'à l'expiration du délai de préavis, les parties respectent leurs obligations »
    convention = ConventionFactory(effective_from=D(2021, 1, 1), duration_months=60)
    termination = _terminate(convention, Ground.REQUEST, letter_sent_on=sent)
    assert termination.last_day_in_force().date == last_day
    assert termination.last_day_in_force().clause == "C12"
    assert termination.effective_date().date == last_day + datetime.timedelta(days=1)
    assert convention.end_date().date == last_day == _stored_end(convention)
    assert convention.status(last_day) == Convention.Status.TERMINATING
    assert convention.in_force_on(last_day)
    assert convention.status(last_day + datetime.timedelta(days=1)) == Convention.Status.TERMINATED
    # clause C9: two months after the real end
    assert convention.personal_data_destruction_deadline().date == add_months(last_day, 2)
    assert convention.personal_data_destruction_deadline().clause == "C9"


def test_c12_a_termination_not_sent_yet_does_not_end_the_convention():
    # clause C12: the month runs from the registered letter's sending, which the ledger records
    convention = ConventionFactory(effective_from=D(2024, 1, 1))
    termination = _terminate(convention, Ground.REQUEST)
    assert termination.last_day_in_force() is None
    assert convention.end_date().date == D(2026, 12, 31) == _stored_end(convention)
    assert convention.status(D(2025, 6, 1)) == Convention.Status.TERMINATING


def test_c12_a_notice_running_beyond_the_natural_end_changes_nothing():
    # clause C2: the convention ends on 31 December 2026 whatever a later notice says
    convention = ConventionFactory(effective_from=D(2024, 1, 1))
    _terminate(convention, Ground.REQUEST, letter_sent_on=D(2026, 12, 15))
    assert convention.end_date().date == D(2026, 12, 31)
    assert convention.ending_termination() is None
    assert convention.status(D(2027, 1, 1)) == Convention.Status.EXPIRED


def test_o18_the_partners_notice_and_pole_emplois_at_most_one_month():
    # clause O18: the partner's notice of one month; Pôle emploi's of one month at most
    opus = ConventionFactory(opus=True, parent__duration_months=60)
    notice = _terminate(opus, Ground.PARTNER_NOTICE, letter_sent_on=D(2024, 1, 31))
    assert notice.last_day_in_force().date == D(2024, 2, 29)
    service = Termination(
        convention=opus, ground=Ground.SERVICE_NEEDS, requested_by=opus.partnership.agency, reasons="Décision",
        letter_sent_on=D(2023, 1, 31), notice_ends_on=D(2023, 3, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="au plus tard le 28 février 2023"):
        service.full_clean()
    service.notice_ends_on = None
    assert service.last_day_in_force().date == D(2023, 2, 28)  # the longest notice allowed
    service.notice_ends_on = D(2023, 2, 10)
    service.full_clean()
    assert service.last_day_in_force().date == D(2023, 2, 10)
    assert service.effective_date().date == D(2023, 2, 11)


def test_o18_the_breach_route_counts_from_the_decision_notified():
    # clause O18: reasons sent, one month to answer (a duty), then the decision maintained takes
    # effect within one month of its notification to the partner
    opus = ConventionFactory(opus=True, parent__duration_months=60)
    breach = _terminate(opus, Ground.BREACH, letter_sent_on=D(2024, 1, 10), reasons_received_on=D(2024, 1, 12))
    assert breach.observations_deadline().date == D(2024, 2, 12)
    assert breach.observations_deadline().clause == "O18"
    assert breach.last_day_in_force() is None  # no decision yet: in force
    breach.answer_received_on = D(2024, 2, 5)
    breach.decision_maintained = True
    breach.save()
    assert breach.last_day_in_force() is None  # maintained, but not notified yet
    breach.decision_notified_on = D(2024, 3, 31)
    breach.full_clean()
    breach.save()
    assert breach.last_day_in_force().date == D(2024, 4, 30)
    assert _stored_end(opus) == D(2024, 4, 30)
    breach.notice_ends_on = D(2024, 5, 1)  # beyond the month of the notification
    with pytest.raises(ValidationError, match="au plus tard le 30 avril 2024"):
        breach.full_clean()
    breach.decision_notified_on = D(2024, 1, 5)  # before the reasons were sent: refused
    breach.notice_ends_on = None
    with pytest.raises(ValidationError, match="Les dates se suivent"):
        breach.full_clean()


def test_o18_of_several_pending_terminations_the_first_to_take_effect_ends_the_convention():
    # clauses C12, O18: a notice, then a breach procedure: the earlier end wins, whichever came first
    opus = ConventionFactory(opus=True, parent__duration_months=60)
    notice = _terminate(opus, Ground.PARTNER_NOTICE, letter_sent_on=D(2024, 3, 20))  # last day 20 April
    breach = _terminate(
        opus, Ground.BREACH, letter_sent_on=D(2024, 1, 5), reasons_received_on=D(2024, 1, 8),
        decision_maintained=True, decision_notified_on=D(2024, 2, 29),
    )  # fmt: skip
    assert opus.ending_termination() == breach
    assert opus.end_date().date == D(2024, 3, 29) == _stored_end(opus)
    breach.withdrawn = True  # Pôle emploi does not maintain its decision after all
    breach.save()
    assert opus.ending_termination() == notice
    assert opus.end_date().date == D(2024, 4, 20) == _stored_end(opus)
    notice.withdrawn = True
    notice.save()
    assert opus.end_date().date == D(2025, 12, 31)  # O20: its parent's natural end (2021 + 60 months)
    assert opus.end_date().clause == "O20"


def test_o19_ending_the_opus_convention_leaves_the_cooperation_convention():
    # clause O19
    opus = ConventionFactory(opus=True, parent__duration_months=60)
    _terminate(opus, Ground.PARTNER_NOTICE, letter_sent_on=D(2024, 6, 30))
    assert opus.in_force_on(D(2024, 7, 30))  # a month from 30 June: to the end of 30 July
    assert opus.status(D(2024, 7, 31)) == Convention.Status.TERMINATED
    assert opus.parent.end_date().date == D(2025, 12, 31)
    assert opus.parent.status(D(2024, 8, 1)) == Convention.Status.IN_FORCE


def test_o20_ending_the_cooperation_convention_ends_the_opus_convention_no_later():
    # clause O20: the OPUS convention never lasts beyond the partnership convention
    opus = ConventionFactory(opus=True, parent__duration_months=60)
    _terminate(opus.parent, Ground.REQUEST, by=opus.partnership.agency, letter_sent_on=D(2024, 1, 31))
    assert opus.end_date().date == D(2024, 2, 29) == _stored_end(opus)
    assert opus.end_date().clause == "O20"
    assert opus.in_force_on(D(2024, 2, 29))
    assert opus.status(D(2024, 3, 1)) == Convention.Status.TERMINATED
    # its own earlier termination still ends it first
    _terminate(opus, Ground.PARTNER_NOTICE, letter_sent_on=D(2023, 12, 31))
    assert opus.end_date().date == D(2024, 1, 31)


def test_the_terms_read_with_the_conventions_are_those_the_convention_reckons_alone(django_assert_num_queries):
    # clauses C2, C12, O18, O20: `with_terms` reads the terminations and amendments of a list of
    # conventions and of their parents in two queries, and their dates and statuses are the same
    opus = ConventionFactory(opus=True, parent__duration_months=60)
    _terminate(opus.parent, Ground.REQUEST, by=opus.partnership.agency, letter_sent_on=D(2024, 1, 31))
    other = ConventionFactory(effective_from=D(2022, 1, 1), duration_months=24)
    other.amendments.create(number=1, object="Prolongation", effective_from=D(2023, 6, 1), duration_months=48)
    other.amendments.create(number=2, object="Durée", effective_from=D(2023, 3, 1), duration_months=36)
    day = D(2024, 2, 15)
    alone = {
        c.pk: (c.end_date(), c.status(day), [a.number for a in c.amendments_in_order()])
        for c in (Convention.objects.get(pk=pk) for pk in (opus.pk, other.pk))
    }
    with django_assert_num_queries(4):  # the conventions, the parents, their terminations, their amendments
        listed = list(Convention.objects.filter(pk__in=[opus.pk, other.pk]).with_terms())
        read = {c.pk: (c.end_date(), c.status(day), [a.number for a in c.amendments_in_order()]) for c in listed}
    assert read == alone
    assert alone[other.pk][2] == [2, 1]
    assert alone[other.pk][0].date == D(2025, 12, 31)  # amendment 1's 48 months, in effect last
    # the parent listed with its OPUS convention is the one the list holds (and joined, not read again)
    second = ConventionFactory(opus=True, partnership=opus.partnership, parent=opus.parent)
    with django_assert_num_queries(3):
        pair = list(Convention.objects.filter(pk__in=[opus.pk, second.pk]).select_related("parent").with_terms())
        assert pair[0].parent is pair[1].parent  # one parent read once, however many rest on it
        assert [c.status(D(2024, 3, 1)) for c in pair] == [Convention.Status.TERMINATED] * 2
    with django_assert_num_queries(3):
        listed = list(Convention.objects.filter(pk__in=[opus.pk, opus.parent_id]).order_by("kind").with_terms())
        assert listed[1].parent is listed[0]
        assert listed[1].status(D(2024, 3, 1)) == Convention.Status.TERMINATED
