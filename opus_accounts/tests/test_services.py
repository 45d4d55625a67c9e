import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opus_accounts import services
from opus_accounts.models import Absence, HolderChange, OpusAccount, RgcDesignation
from opus_accounts.tests.factories import AccountFactory, DesignationFactory, HolderFactory, file_commitment
from partnership.permissions import Role

D = datetime.date
TODAY = D(2026, 3, 2)
State = OpusAccount.State


def test_cap_at_the_limit_refuses_with_the_active_accounts_named(opus, cast):
    # clause O22: two active accounts at once besides the RGC
    rgc = cast[Role.RGC]
    first, second, third = AccountFactory.create_batch(3, convention=opus)
    services.activate(first, rgc, TODAY)
    services.activate(second, rgc, TODAY)
    with pytest.raises(ValidationError) as error:
        services.activate(third, rgc, TODAY)
    message = error.value.messages[0]
    assert "Plafond atteint" in message and "clause O22" in message
    assert str(first.person) in message and str(second.person) in message
    third.refresh_from_db()
    assert third.state == State.REQUESTED
    assert OpusAccount.objects.active().filter(convention=opus).count() == 2


def test_revocation_frees_a_place(opus, cast):
    # clause O22 and clause O6: a revoked account no longer counts
    rgc = cast[Role.RGC]
    first, second, third = AccountFactory.create_batch(3, convention=opus)
    services.activate(first, rgc, TODAY)
    services.activate(second, rgc, TODAY)
    services.revoke(first, OpusAccount.Reason.DEPARTURE, rgc, TODAY)
    services.activate(third, rgc, TODAY)
    assert OpusAccount.objects.active().filter(convention=opus).count() == 2


def test_suspension_frees_a_place_and_reactivation_rechecks_the_cap(opus, cast):
    # clause O22
    rgc = cast[Role.RGC]
    first, second, third = AccountFactory.create_batch(3, convention=opus)
    services.activate(first, rgc, TODAY)
    services.activate(second, rgc, TODAY)
    services.suspend(first, rgc, TODAY)
    services.activate(third, rgc, TODAY)
    with pytest.raises(ValidationError):
        services.activate(first, rgc, TODAY)


def test_the_rgc_account_is_outside_the_cap(opus, cast):
    # clause O22: "hors compte RGC"
    designation = DesignationFactory(convention=opus, approved=True)
    account = AccountFactory(convention=opus, person=designation.person)
    with pytest.raises(ValidationError, match="hors plafond"):
        services.activate(account, cast[Role.RGC], TODAY)


def test_activation_refused_before_the_holder_is_informed(opus, cast):
    # clauses O6, O8, O14, O15: conditions of use and ethics told before activation
    account = AccountFactory(convention=opus, informed_on=None)
    with pytest.raises(ValidationError, match="informé"):
        services.activate(account, cast[Role.RGC], TODAY)
    services.record_information(account, TODAY, cast[Role.RGC])
    services.activate(account, cast[Role.RGC], TODAY)
    account.refresh_from_db()
    assert account.state == State.ACTIVE and account.activated_by == cast[Role.RGC]


def test_the_database_refuses_an_active_account_never_informed(opus):
    # clause O6: enforced in the database too
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountFactory(convention=opus, informed_on=None, state=State.ACTIVE, activated_on=TODAY)


def test_activation_refused_while_absent_or_gone(opus, cast):
    # clause O6
    account = AccountFactory(convention=opus)
    services.record_absence(account.person, D(2026, 3, 1), D(2026, 3, 20), cast[Role.RGC])
    with pytest.raises(ValidationError, match="absent"):
        services.activate(account, cast[Role.RGC], TODAY)
    other = AccountFactory(convention=opus)
    services.record_change(other.person, HolderChange.Kind.DEPARTURE, D(2026, 2, 28), cast[Role.RGC])
    with pytest.raises(ValidationError, match="quitté"):
        services.activate(other, cast[Role.RGC], TODAY)


@pytest.mark.parametrize("reason", OpusAccount.Reason.values)
def test_every_revocation_cause_is_recorded(opus, cast, reason):
    # clause O6: function change, absence over three months, departure, withdrawn by Pôle emploi, other
    account = AccountFactory(convention=opus, active=True)
    note = "Fin de mission" if reason == OpusAccount.Reason.OTHER else ""
    assert services.revoke(account, reason, cast[Role.RGC], TODAY, note) is True
    account.refresh_from_db()
    assert (account.state, account.revocation_reason, account.revoked_on) == (State.REVOKED, reason, TODAY)
    assert account.revoked_by == cast[Role.RGC]
    assert services.revoke(account, reason, cast[Role.RGC], TODAY, note) is False


def test_revocation_other_needs_a_precision(opus, cast):
    account = AccountFactory(convention=opus, active=True)
    with pytest.raises(ValidationError, match="Précisez"):
        services.revoke(account, OpusAccount.Reason.OTHER, cast[Role.RGC], TODAY)
    account.refresh_from_db()
    assert account.state == State.ACTIVE


def test_a_second_account_for_a_revoked_person_is_refused(opus, cast):
    # clause O8: the account is tied to the person; a person has at most one
    account = AccountFactory(convention=opus, active=True)
    services.revoke(account, OpusAccount.Reason.ABSENCE, cast[Role.RGC], TODAY)
    with pytest.raises(ValidationError) as error:
        services.request_account(opus, account.person, TODAY, informed_on=TODAY)
    assert "réactivez-le" in error.value.messages[0]
    assert OpusAccount.objects.filter(person=account.person).count() == 1


def test_a_second_live_account_is_refused_by_the_database(opus, cast):
    # clause O8
    account = AccountFactory(convention=opus)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpusAccount.objects.create(convention=cast.cooperation, person=account.person, requested_on=TODAY)


def test_reactivation_asks_for_fresh_information_then_the_cap(opus, cast):
    # clause O8: a revoked account is reactivated, never doubled
    rgc = cast[Role.RGC]
    account = AccountFactory(convention=opus, active=True)
    services.revoke(account, OpusAccount.Reason.ABSENCE, rgc, TODAY)
    services.reactivate(account, rgc, D(2026, 6, 1))
    account.refresh_from_db()
    assert account.state == State.REQUESTED and account.informed_on is None and account.revoked_on is None
    with pytest.raises(ValidationError, match="informé"):
        services.activate(account, rgc, D(2026, 6, 1))
    services.record_information(account, D(2026, 6, 1), rgc)
    with pytest.raises(ValidationError, match="engagement signé"):  # clauses O8, O15: the old one is not enough
        services.activate(account, rgc, D(2026, 6, 1))
    file_commitment(account, D(2026, 6, 1))
    services.activate(account, rgc, D(2026, 6, 1))
    reasons = set(account.history.values_list("revocation_reason", flat=True))
    assert OpusAccount.Reason.ABSENCE in reasons  # the revocation stays in the history


def test_reactivation_refused_after_a_departure(opus, cast):
    account = AccountFactory(convention=opus, active=True)
    services.record_change(account.person, HolderChange.Kind.DEPARTURE, TODAY, cast[Role.RGC])
    services.revoke(account, OpusAccount.Reason.DEPARTURE, cast[Role.RGC], TODAY)
    with pytest.raises(ValidationError, match="quitté"):
        services.reactivate(account, cast[Role.RGC], TODAY)


def test_absence_ending_before_it_starts_is_refused_and_nothing_saved(cast):
    person = HolderFactory(organisation=cast.partnership.commune)
    with pytest.raises(ValidationError) as error:
        services.record_absence(person, D(2026, 3, 10), D(2026, 3, 1), cast[Role.RGC])
    assert "ne peut pas précéder" in error.value.messages[0]
    assert not Absence.objects.exists()


def test_holder_from_another_commune_is_refused(opus, other_cast):
    stranger = HolderFactory(organisation=other_cast.partnership.commune)
    with pytest.raises(ValidationError, match="commune partenaire"):
        services.request_account(opus, stranger, TODAY)


def test_function_change_updates_the_person(cast):
    person = HolderFactory(organisation=cast.partnership.commune)
    services.record_change(person, HolderChange.Kind.FUNCTION_CHANGE, TODAY, cast[Role.RGC], "Chargée de paie")
    person.refresh_from_db()
    assert person.function == "Chargée de paie"
    with pytest.raises(ValidationError, match="nouvelle fonction"):
        services.record_change(person, HolderChange.Kind.FUNCTION_CHANGE, TODAY, cast[Role.RGC])


def test_history_records_who_changed_what(opus, cast):
    # clause O6: who, when, what (django-simple-history)
    account = AccountFactory(convention=opus)
    services.activate(account, cast[Role.RGC], TODAY)
    services.suspend(account, cast[Role.RGC], TODAY)
    latest = account.history.first()
    assert latest.state == State.SUSPENDED and latest.history_user == cast[Role.RGC]
    assert [h.state for h in account.history.order_by("history_id")] == [State.REQUESTED, State.ACTIVE, State.SUSPENDED]


# RGC designation (clauses O5, O7)


def test_only_one_rgc_in_office(opus):
    # clause O5: a designation overlapping the RGC in office is refused
    DesignationFactory(convention=opus, approved=True)
    second = DesignationFactory.build(
        convention=opus,
        person=HolderFactory(organisation=opus.partnership.commune),
        status=RgcDesignation.Status.APPROVED,
        decided_on=D(2026, 2, 1),
        decision_reference="DT38-2026-009",
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "déjà RGC en fonction" in error.value.message_dict["status"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_approval_needs_date_and_reference_and_refusal_a_reason(opus):
    # clause O5: the territorial director's written approval
    designation = DesignationFactory(convention=opus)
    designation.status = RgcDesignation.Status.APPROVED
    with pytest.raises(ValidationError) as error:
        designation.full_clean()
    assert {"decided_on", "decision_reference"} <= set(error.value.message_dict)
    designation.status = RgcDesignation.Status.REFUSED
    designation.decided_on = D(2026, 1, 20)
    with pytest.raises(ValidationError) as error:
        designation.full_clean()
    assert "refusal_reason" in error.value.message_dict


def test_end_of_function_gives_the_eight_day_deadline(opus):
    # clause O7: inform the regional director within eight days
    designation = DesignationFactory(convention=opus, approved=True)
    assert designation.notice_deadline() is None
    designation.status = RgcDesignation.Status.ENDED
    designation.end_reason = RgcDesignation.EndReason.DEPARTURE
    designation.ended_on = D(2026, 4, 30)
    designation.full_clean()
    designation.save()
    assert designation.notice_deadline().date == D(2026, 5, 8)
    # Once ended, a successor can be approved.
    DesignationFactory(convention=opus, approved=True)


def test_access_waits_for_the_day_the_holder_is_told_of_confidentiality(opus, cast):
    # clause O15: what staff see in OPUS is confidential; the holder is told so before any access,
    # so an account whose information is dated tomorrow is not activated today
    account = AccountFactory(convention=opus, informed_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="déontologie"):
        services.activate(account, cast[Role.RGC], TODAY)
    services.activate(account, cast[Role.RGC], TODAY + datetime.timedelta(days=1))
    account.refresh_from_db()
    assert account.state == State.ACTIVE
