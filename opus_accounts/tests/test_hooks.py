import datetime

import pytest

from opus_accounts import duties, indicators, personal_data, services
from opus_accounts.models import Absence, OpusAccount, RgcDesignation
from opus_accounts.tests.factories import AccountFactory, DesignationFactory
from partnership import obligations
from partnership.permissions import Role
from privacy.destruction import plans

D = datetime.date


def _by_clause(partnership, today, clause):
    return [d for d in obligations.collect([partnership.pk], today) if d.clause == clause]


def test_o7_deadline_in_the_calendar(cast, opus):
    # clause O7: eight days to inform the regional director, done once the letter is sent
    designation = DesignationFactory(
        convention=opus,
        approved=True,
        status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.ABSENCE,
        ended_on=D(2026, 3, 1),
    )
    [duty] = _by_clause(cast.partnership, D(2026, 3, 2), "O7")
    assert duty.due_date == D(2026, 3, 9) and not duty.done and Role.RGC in duty.actors
    designation.letter_sent_on = D(2026, 3, 5)
    designation.save()
    [duty] = _by_clause(cast.partnership, D(2026, 3, 6), "O7")
    assert duty.done


def test_rgc_absence_beyond_three_months_puts_the_o7_deadline(cast, opus):
    # clause O7: "absence prolongée (absence de plus de trois mois) du RGC"
    designation = DesignationFactory(convention=opus, approved=True)
    Absence.objects.create(person=designation.person, start=D(2026, 11, 30))
    [duty] = _by_clause(cast.partnership, D(2026, 12, 1), "O7")
    assert duty.due_date == D(2027, 3, 9)  # exceeds on 1 March 2027, then eight days


def test_quarterly_review_duty(cast, opus):
    # clause O6: every quarter the RGC confirms each active account
    account = AccountFactory(convention=opus, active=True)
    [duty] = [d for d in _by_clause(cast.partnership, D(2026, 5, 10), "O6") if "trimestrielle" in d.title]
    assert duty.due_date == D(2026, 6, 30) and not duty.done
    services.confirm_access(account, cast[Role.RGC], D(2026, 5, 10))
    [duty] = [d for d in _by_clause(cast.partnership, D(2026, 5, 11), "O6") if "trimestrielle" in d.title]
    assert duty.done
    [duty] = [d for d in _by_clause(cast.partnership, D(2026, 7, 1), "O6") if "trimestrielle" in d.title]
    assert not duty.done and duty.due_date == D(2026, 9, 30)


def test_absence_warning_duty(cast, opus):
    # clause O6
    account = AccountFactory(convention=opus, active=True)
    Absence.objects.create(person=account.person, start=D(2026, 11, 30))
    [duty] = [d for d in duties.duties([cast.partnership.pk], D(2026, 12, 1)) if d.key.startswith("opusaccount:")]
    assert duty.due_date == D(2027, 3, 1)


def test_indicators(cast, opus):
    AccountFactory(convention=opus, active=True)
    revoked = AccountFactory(convention=opus, active=True)
    services.revoke(revoked, OpusAccount.Reason.DEPARTURE, None, D(2026, 3, 1))
    DesignationFactory(convention=opus, approved=True)
    [section] = indicators.indicators(cast.partnership, 2026)
    accounts, by_reason = section["tables"]
    assert accounts["columns"][:5] == [
        "Convention",
        "Comptes actifs",
        "Plafond",
        "Places libres",
        "Révocations dans l'année",
    ]
    assert accounts["rows"] == [[opus.title, "1", "2", "1", "1", "10 janvier 2026"]]
    assert by_reason["rows"] == [["Départ de la structure", "1"]]
    [section] = indicators.indicators(cast.partnership, 2025)
    [accounts] = section["tables"]
    assert accounts["rows"][0][4] == "0"


@pytest.mark.django_db
def test_personal_data_inventory_and_erase(cast, opus, other_cast):
    # clause C9: the register's personal data erased with the convention's
    account = AccountFactory(convention=opus, active=True, commitment=False)  # its documents are erased first
    Absence.objects.create(person=account.person, start=D(2026, 2, 1))
    DesignationFactory(convention=opus, approved=True)
    kept = AccountFactory(convention=other_cast.opus, commitment=False)
    inventory = dict(personal_data.inventory(plans([cast.cooperation]))[cast.cooperation.pk])
    assert inventory["Comptes OPUS"] == 1 and inventory["Absences des titulaires"] == 1
    personal_data.erase(plans([cast.cooperation]))
    assert not OpusAccount.objects.filter(convention=opus).exists()
    assert not OpusAccount.history.filter(id=account.pk).exists()
    assert not Absence.objects.exists() and not RgcDesignation.objects.exists()
    assert OpusAccount.objects.filter(pk=kept.pk).exists()
    assert all(count == 0 for _label, count in personal_data.inventory(plans([cast.cooperation]))[cast.cooperation.pk])


def test_titles_elide_before_a_vowel(cast, opus):
    # clause O7: « de la fin de fonction d'Emilie Arnaud », never « de Emilie »
    designation = DesignationFactory(
        convention=opus,
        approved=True,
        status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.DEPARTURE,
        ended_on=D(2026, 3, 2),
        person__first_name="Emilie",
        person__last_name="Arnaud",
    )
    [duty] = _by_clause(cast.partnership, D(2026, 3, 3), "O7")
    assert duty.title == "Informer par écrit le directeur régional de la fin de fonction d'Emilie Arnaud, RGC"
    account = AccountFactory(convention=opus, person__first_name="Benoît", person__last_name="Roux")
    assert str(account) == "Compte OPUS de Benoît Roux"
    account.person = designation.person
    assert str(account) == "Compte OPUS d'Emilie Arnaud"
