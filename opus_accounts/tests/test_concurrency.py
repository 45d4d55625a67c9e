import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from conftest import make_cast
from opus_accounts import services
from opus_accounts.models import OpusAccount
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership.permissions import Role
from reminders.tests.test_concurrency import run_at_once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_activations_fill_the_one_free_place_once():
    # clause O22: two RGC sessions activating at the same moment cannot exceed the cap
    cast = make_cast("conc-")
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    AccountFactory(convention=cast.opus, active=True)
    candidates = AccountFactory.create_batch(3, convention=cast.opus)
    user = cast[Role.RGC]
    accounts = iter(candidates * 7)

    def activate():
        try:
            services.activate(next(accounts), user, datetime.date(2026, 3, 2))
            return "ok"
        except ValidationError:
            return "refused"

    outcomes = run_at_once(activate, workers=20)
    connections.close_all()
    assert OpusAccount.objects.active().filter(convention=cast.opus).count() == 2
    assert len(outcomes) == 20
    # The winner's own retries see its account active and change nothing; the others are refused.
    assert outcomes.count("refused") >= 13
