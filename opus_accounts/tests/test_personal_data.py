"""The personal-data hook (clause C9) looks up only the people of the convention being erased.

The accounts come without their signed commitments: the documents' hook erases those first."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from opus_accounts import personal_data
from opus_accounts.models import Absence, OpusAccount
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory
from partnership.tests.factories import ConventionFactory
from privacy.destruction import plans


def inventory_of(convention):
    return dict(personal_data.inventory(plans([convention]))[convention.pk])


def erase(convention):
    return personal_data.erase(plans([convention]))[convention.pk]


def count_queries(function):
    with CaptureQueriesContext(connection) as context:
        result = function()
    return len(context.captured_queries), result


def test_personal_data_queries_do_not_read_unrelated_people(cast, opus, other_cast):
    # clause C9: erasing one convention's data looks up only its own people
    account = AccountFactory(commitment=False, convention=opus, active=True)
    DesignationFactory(convention=opus, approved=True)
    few, _result = count_queries(lambda: inventory_of(cast.cooperation))
    AnnexFactory(convention=other_cast.opus, active_accounts_cap=50)
    for _n in range(40):
        AccountFactory(commitment=False, convention=other_cast.opus)
    DesignationFactory(convention=other_cast.opus, approved=True)
    with CaptureQueriesContext(connection) as context:
        inventory = inventory_of(cast.cooperation)
    assert len(context.captured_queries) == few
    assert inventory["Comptes OPUS"] == 1 and inventory["Désignations du RGC"] == 1
    # The people's other accounts and designations are looked up by person, not read whole.
    lookups = [q["sql"] for q in context.captured_queries if 'FROM "opus_accounts_opusaccount"' in q["sql"]]
    assert any('"person_id" IN' in sql for sql in lookups)
    with CaptureQueriesContext(connection) as context:
        erase(cast.cooperation)
    erase_many = len(context.captured_queries)
    assert not OpusAccount.objects.filter(pk=account.pk).exists()
    assert OpusAccount.objects.filter(convention=other_cast.opus).count() == 40
    # The same convention, with no unrelated data, erases in as many queries.
    account = AccountFactory(commitment=False, convention=opus, active=True)
    DesignationFactory(convention=opus, approved=True)
    OpusAccount.objects.filter(convention=other_cast.opus).delete()
    with CaptureQueriesContext(connection) as context:
        erase(cast.cooperation)
    assert len(context.captured_queries) == erase_many


def test_personal_data_keeps_absences_of_a_holder_still_elsewhere(cast, opus, other_cast):
    # clause C9: the absences stay while the person holds an account under another convention
    revoked = AccountFactory(
        commitment=False,
        convention=opus,
        state=OpusAccount.State.REVOKED,
        revoked_on=datetime.date(2026, 2, 1),
        revocation_reason=OpusAccount.Reason.OTHER,
    )
    other_opus = ConventionFactory(
        partnership=cast.partnership, opus=True, parent=cast.cooperation, signed_on=datetime.date(2024, 2, 1)
    )
    other_cooperation = ConventionFactory(partnership=cast.partnership, effective_from=datetime.date(2024, 1, 1))
    other_opus.parent = other_cooperation
    other_opus.save()
    AccountFactory(commitment=False, convention=other_opus, person=revoked.person)
    Absence.objects.create(person=revoked.person, start=datetime.date(2026, 2, 1))
    assert inventory_of(cast.cooperation)["Absences des titulaires"] == 0
    erase(cast.cooperation)
    assert Absence.objects.filter(person=revoked.person).exists()
