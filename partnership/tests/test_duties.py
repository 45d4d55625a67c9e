import datetime

import pytest

from partnership import obligations
from partnership.legal_dates import add_months
from partnership.models import Termination
from partnership.obligations import State
from partnership.tests.factories import ConventionFactory

D = datetime.date


def by_key(partnership, today):
    return {d.key: d for d in obligations.collect([partnership.pk], today)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("effective_from", "months", "end", "c9"),
    [
        # clause C2 then C9: ends 31 December 2023; two months later is 29 February 2024 (leap year)
        (D(2021, 1, 1), 36, D(2023, 12, 31), D(2024, 2, 29)),
        # clause C9: 31 December 2024 + 2 months clamps to 28 February 2025
        (D(2022, 1, 1), 36, D(2024, 12, 31), D(2025, 2, 28)),
        # clause C9: 30 June + 2 months is 30 August
        (D(2022, 7, 1), 12, D(2023, 6, 30), D(2023, 8, 30)),
    ],
)
def test_renewal_and_c9_dates(effective_from, months, end, c9):
    convention = ConventionFactory(effective_from=effective_from, duration_months=months)
    duties = by_key(convention.partnership, D(2020, 1, 1))
    renewal = duties[f"convention:{convention.pk}:renewal"]
    assert renewal.due_date == end
    assert renewal.state == State.UPCOMING
    destruction = duties[f"convention:{convention.pk}:c9"]  # clause C9
    assert destruction.due_date == c9
    assert destruction.clause == "C9"
    assert destruction.convention_id == convention.pk


@pytest.mark.django_db
def test_renewal_is_done_once_a_later_cooperation_convention_exists():
    convention = ConventionFactory(effective_from=D(2021, 1, 1))
    key = f"convention:{convention.pk}:renewal"
    assert by_key(convention.partnership, D(2023, 12, 1))[key].state == State.DUE_SOON
    ConventionFactory(partnership=convention.partnership, effective_from=D(2024, 1, 1))
    assert by_key(convention.partnership, D(2023, 12, 1))[key].state == State.DONE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("letter", "last_day"),
    [
        (D(2024, 1, 31), D(2024, 2, 29)),  # clause C12: one month later, clamped, leap year
        (D(2023, 1, 31), D(2023, 2, 28)),  # clause C12: clamped to 28 February
        (D(2023, 3, 15), D(2023, 4, 15)),  # clause C12: in force to the end of 15 April
    ],
)
def test_termination_last_day_in_force(letter, last_day):
    convention = ConventionFactory(effective_from=D(2021, 1, 1), duration_months=60)
    Termination.objects.create(
        convention=convention,
        ground=Termination.Ground.REQUEST,
        requested_by=convention.partnership.commune,
        reasons="Motifs",
        letter_sent_on=letter,
    )
    key = f"convention:{convention.pk}:termination"
    duty = by_key(convention.partnership, letter)[key]
    assert duty.due_date == last_day
    assert duty.clause == "C12"
    # Still to come on the last day in force (a reminder goes out that day), done once it has ended.
    assert by_key(convention.partnership, last_day)[key].state == State.DUE_SOON
    assert by_key(convention.partnership, last_day + datetime.timedelta(days=1))[key].state == State.DONE
    # The C9 deadline follows the early end: two months after the last day in force.
    c9 = by_key(convention.partnership, letter)[f"convention:{convention.pk}:c9"]
    assert c9.due_date == add_months(last_day, 2)


@pytest.mark.django_db
def test_appeal_deadline_duty(cast):
    from partnership.models import CouncilSession, Deliberation

    session = CouncilSession.objects.create(
        commune=cast.partnership.commune,
        date=D(2021, 4, 12),
        convened_by="Le maire",
        president="Le maire",
        members_in_office=29,
        secretary="X",
    )
    deliberation = Deliberation.objects.create(
        partnership=cast.partnership,
        session=session,
        number="2021.04.14.8",
        object="Convention",
        rapporteur="R",
        outcome=Deliberation.Outcome.UNANIMOUS,
        published_on=D(2021, 4, 16),
    )
    key = f"deliberation:{deliberation.pk}:appeal"
    # clause D4: published 16 April 2021, last day to appeal 17 June 2021 (délai franc)
    duty = by_key(cast.partnership, D(2021, 6, 1))[key]
    assert duty.due_date == D(2021, 6, 17)
    assert duty.clause == "D4"
    assert duty.state == State.DUE_SOON
    assert by_key(cast.partnership, D(2021, 6, 18))[key].state == State.DONE


@pytest.mark.django_db
def test_duties_keep_to_the_partnerships_asked(cast, other_cast):
    keys = by_key(cast.partnership, D(2025, 1, 1))
    assert all(d.partnership_id == cast.partnership.pk for d in keys.values())
    assert f"convention:{other_cast.cooperation.pk}:renewal" not in keys


def paren_depth(text):
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


@pytest.mark.django_db
def test_duty_titles_never_nest_parentheses(cast):
    """Free text with parentheses (a place, an owner, a convention's title) never lands inside
    the duty title's own: « Action de suivi : X (Relais Emploi (Mme Y)) » is not written."""
    import zoneinfo

    from opus_accounts.models import Absence, RgcDesignation
    from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory
    from relais.tests.factories import ActionFactory, MeetingFactory

    cast.cooperation.title = "Convention de coopération (2024-2026)"
    cast.cooperation.save()
    cast.opus.title = "Convention OPUS (annexes 1 et 2)"
    cast.opus.save()
    AnnexFactory(convention=cast.opus)
    meeting = MeetingFactory(
        partnership=cast.partnership,
        place="Relais Emploi (salle 2)",
        starts_at=datetime.datetime(2026, 3, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
    )
    ActionFactory(meeting=meeting, text="Relancer l'agence (offres)", owner="Relais Emploi (Mme Y)")
    MeetingFactory(  # a further one than the next: an item of its own
        partnership=cast.partnership,
        place="Mairie (salle du conseil)",
        starts_at=datetime.datetime(2026, 5, 12, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
    )
    DesignationFactory(
        convention=cast.opus,
        approved=True,
        status=RgcDesignation.Status.ENDED,
        ended_on=D(2026, 3, 2),
        end_reason=RgcDesignation.EndReason.DEPARTURE,
    )
    in_office = DesignationFactory(convention=cast.opus, approved=True, person__first_name="Emilie (Milou)")
    Absence.objects.create(person=in_office.person, start=D(2026, 2, 1))
    account = AccountFactory(convention=cast.opus, active=True, person__first_name="Hugo (stagiaire)")
    Absence.objects.create(person=account.person, start=D(2026, 2, 15))
    duties = obligations.collect([cast.partnership.pk], D(2026, 3, 5))
    kinds = {duty.kind for duty in duties}
    assert {"meeting", "action", "c10", "rgc_o7", "opus_absence"} <= kinds
    titles = [duty.title for duty in duties]
    assert "Action de suivi : Relancer l'agence (offres) — Relais Emploi (Mme Y)" in titles
    assert "Réunion avec le conseiller référent — Mairie (salle du conseil)" in titles
    assert any(title.endswith("prévue le 10 mars 2026 à 10h00 — Relais Emploi (salle 2)") for title in titles)
    assert [title for title in titles if paren_depth(title) > 1] == []
