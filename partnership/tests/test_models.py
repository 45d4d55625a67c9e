import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partnership.models import Convention, CouncilSession, Deliberation, SessionAbsence, Termination
from partnership.tests.factories import CommuneFactory, ConventionFactory, PartnershipFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    commune = CommuneFactory(siren="213804495", insee_code="38449")
    session = CouncilSession.objects.create(
        commune=commune,
        date=D(2021, 4, 12),
        convened_by="le Maire",
        president="Le Maire",
        members_in_office=29,
        secretary="Henri HUBERT",
    )
    for member, holder in [("A", "E"), ("B", "F"), ("C", "G"), ("D", "H"), ("I", ""), ("J", "")]:
        SessionAbsence.objects.create(session=session, member=member, proxy_holder=holder)
    return session


def test_quorum_and_votes_of_the_session(session):
    # clause D1: 29 in office, 4 proxies, 2 absent -> 23 present, quorum 15, 27 votes
    assert session.present_count == 23
    assert session.represented_count == 4
    assert session.absent_count == 2
    assert session.quorum == 15
    assert session.quorum_reached
    assert session.votes_cast_possible == 27


def test_quorum_not_reached(session):
    # clause D1: a majority of members in office must be present
    session.members_in_office = 12
    assert session.present_count == 6
    assert not session.quorum_reached


def test_a_councillor_holds_one_proxy_only(session):
    # clause D1 (CGCT L2121-20)
    with pytest.raises(IntegrityError):
        SessionAbsence.objects.create(session=session, member="K", proxy_holder="E")


def test_proxy_holder_must_be_present(session):
    # clause D1
    absence = SessionAbsence(session=session, member="K", proxy_holder="I")
    with pytest.raises(ValidationError, match="doit être présent"):
        absence.full_clean()


def _deliberation(session, **fields):
    values = {
        "partnership": PartnershipFactory(commune=session.commune),
        "session": session,
        "number": "2021.04.14.8",
        "object": "Renouvellement",
        "rapporteur": "Emilie JOUBERT",
        "outcome": Deliberation.Outcome.UNANIMOUS,
        "published_on": D(2021, 4, 16),
        "actes_identifier": "038-213804495-20210412-Imc19454-DE-1-1",
    }
    values.update(fields)
    return Deliberation(**values)


def test_deliberation_adopted_unanimously_counts_every_vote(session):
    # clause D2
    deliberation = _deliberation(session)
    deliberation.full_clean()
    assert deliberation.votes == 27
    assert deliberation.appeal_deadline().date == D(2021, 6, 17)  # clause D4


def test_deliberation_refuses_an_identifier_of_another_commune_or_date(session):
    # clause D3
    deliberation = _deliberation(session, actes_identifier="038-219999992-20210414-Imc19454-DE-1-1")
    with pytest.raises(ValidationError) as error:
        deliberation.full_clean()
    messages = " ".join(error.value.message_dict["actes_identifier"])
    assert "n'est pas celui de la commune (213804495)" in messages
    assert "n'est pas celle de l'acte (12/04/2021)" in messages


def test_recours_gracieux_after_the_deadline_is_refused(session):
    # clause D4
    deliberation = _deliberation(session, recours_gracieux_filed_on=D(2021, 6, 18))
    with pytest.raises(ValidationError, match="ne suspend plus"):
        deliberation.full_clean()


def test_recours_gracieux_moves_the_deadline(session):
    # clause D4
    deliberation = _deliberation(session, recours_gracieux_filed_on=D(2021, 5, 10))
    assert deliberation.appeal_deadline().date == D(2021, 9, 13)


def test_cooperation_convention_dates_and_status():
    # clause C2: in force from 1 January 2021 to 31 December 2023
    convention = ConventionFactory(effective_from=D(2021, 1, 1), duration_months=36)
    assert convention.effective_date().date == D(2021, 1, 1)
    assert convention.end_date().date == D(2023, 12, 31)
    assert convention.end_date().clause == "C2"
    assert convention.status(D(2020, 12, 31)) == Convention.Status.UPCOMING
    assert convention.status(D(2021, 1, 1)) == Convention.Status.IN_FORCE
    assert convention.status(D(2023, 12, 31)) == Convention.Status.IN_FORCE
    assert convention.status(D(2024, 1, 1)) == Convention.Status.EXPIRED
    # clause C9: personal data destroyed two months after the end at the latest (leap year)
    assert convention.personal_data_destruction_deadline().date == D(2024, 2, 29)


def test_opus_convention_takes_effect_at_signature_and_ends_with_its_parent():
    # clauses O20 and O1
    opus = ConventionFactory(opus=True, signed_on=D(2021, 5, 3))
    assert opus.effective_date().date == D(2021, 5, 3)
    assert opus.effective_date().clause == "O20"
    assert opus.end_date().date == D(2023, 12, 31)
    assert opus.end_date().clause == "O20"
    assert opus.status(D(2021, 5, 2)) == Convention.Status.UPCOMING
    assert opus.status(D(2024, 1, 1)) == Convention.Status.EXPIRED


def test_unsigned_opus_convention_is_awaiting_signature():
    # clause O20
    opus = ConventionFactory(opus=True, signed_on=None)
    assert opus.status(D(2022, 1, 1)) == Convention.Status.UNSIGNED
    assert opus.end_date().date == D(2023, 12, 31)


def test_opus_convention_that_would_outlast_its_parent_is_refused():
    # clause O20: "Sa durée ne peut excéder celle de la convention de partenariat"
    opus = ConventionFactory(opus=True, signed_on=D(2021, 5, 3), duration_months=36)
    with pytest.raises(ValidationError) as error:
        opus.full_clean()
    message = error.value.message_dict["duration_months"][0]
    assert "finirait le 02/05/2024" in message
    assert "qui finit le 31/12/2023" in message
    assert "clause O20" in message


def test_opus_convention_needs_a_cooperation_parent_of_the_same_partnership():
    # clause O1
    opus = ConventionFactory.build(opus=True, parent=None, partnership=PartnershipFactory())
    with pytest.raises(ValidationError, match="repose sur une convention de coopération"):
        opus.full_clean()
    elsewhere = ConventionFactory()
    opus = ConventionFactory.build(opus=True, parent=elsewhere, partnership=PartnershipFactory())
    with pytest.raises(ValidationError, match="même partenariat"):
        opus.full_clean()


def test_cooperation_termination_takes_effect_one_month_after_the_letter():
    # clause C12
    convention = ConventionFactory(effective_from=D(2021, 1, 1))
    termination = Termination.objects.create(
        convention=convention,
        ground=Termination.Ground.REQUEST,
        requested_by=convention.partnership.commune,
        reasons="Réorganisation du service",
        letter_sent_on=D(2022, 1, 31),
    )
    # the month from 31 January runs to the end of 28 February: in force that day, ended the next
    assert termination.last_day_in_force().date == D(2022, 2, 28)
    assert termination.effective_date().date == D(2022, 3, 1)
    assert termination.effective_date().clause == "C12"
    assert convention.status(D(2022, 2, 1)) == Convention.Status.TERMINATING
    assert convention.status(D(2022, 2, 28)) == Convention.Status.TERMINATING
    assert convention.status(D(2022, 3, 1)) == Convention.Status.TERMINATED
    assert convention.end_date().date == D(2022, 2, 28)


def test_terminating_the_opus_convention_leaves_the_partnership_convention():
    # clause O19
    opus = ConventionFactory(opus=True)
    Termination.objects.create(
        convention=opus,
        ground=Termination.Ground.PARTNER_NOTICE,
        requested_by=opus.partnership.commune,
        reasons="Plus d'usage",
        letter_sent_on=D(2022, 3, 15),
    )
    assert opus.status(D(2022, 4, 15)) == Convention.Status.TERMINATING
    assert opus.status(D(2022, 4, 16)) == Convention.Status.TERMINATED
    assert opus.parent.status(D(2022, 4, 16)) == Convention.Status.IN_FORCE


def test_terminating_the_partnership_convention_ends_the_opus_convention():
    # clause O20
    opus = ConventionFactory(opus=True)
    Termination.objects.create(
        convention=opus.parent,
        ground=Termination.Ground.REQUEST,
        requested_by=opus.partnership.agency,
        reasons="Fin du partenariat",
        letter_sent_on=D(2022, 3, 15),
    )
    assert opus.end_date().date == D(2022, 4, 15)
    assert opus.status(D(2022, 4, 15)) == Convention.Status.IN_FORCE
    assert opus.status(D(2022, 4, 16)) == Convention.Status.TERMINATED


def test_opus_termination_rules():
    # clause O18
    opus = ConventionFactory(opus=True)
    service = Termination(
        convention=opus,
        ground=Termination.Ground.SERVICE_NEEDS,
        requested_by=opus.partnership.agency,
        reasons="Décision administrative",
        letter_sent_on=D(2022, 1, 31),
        notice_ends_on=D(2022, 3, 1),
    )
    with pytest.raises(ValidationError, match="au plus tard le 28 février 2022"):
        service.full_clean()
    service.notice_ends_on = D(2022, 2, 15)
    service.full_clean()
    assert service.last_day_in_force().date == D(2022, 2, 15)
    assert service.effective_date().date == D(2022, 2, 16)

    breach = Termination(
        convention=opus,
        ground=Termination.Ground.BREACH,
        requested_by=opus.partnership.agency,
        reasons="Identifiants partagés",
        letter_sent_on=D(2022, 3, 1),
        answer_received_on=D(2022, 3, 20),
    )
    assert breach.effective_date() is None  # not maintained yet
    breach.decision_maintained = True
    assert breach.effective_date() is None  # maintained, not notified yet
    breach.decision_notified_on = D(2022, 4, 20)
    assert breach.last_day_in_force().date == D(2022, 5, 20)

    wrong = Termination(
        convention=opus,
        ground=Termination.Ground.REQUEST,
        requested_by=opus.partnership.commune,
        reasons="x",
        letter_sent_on=D(2022, 3, 1),
    )
    with pytest.raises(ValidationError, match="article 12"):
        wrong.full_clean()


def test_termination_must_be_reasoned():
    # clause C12: "demande expresse et motivée"
    convention = ConventionFactory()
    termination = Termination(
        convention=convention,
        ground=Termination.Ground.REQUEST,
        requested_by=convention.partnership.commune,
        reasons="  ",
        letter_sent_on=D(2022, 3, 1),
    )
    with pytest.raises(ValidationError, match="motivée"):
        termination.full_clean()
