import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conftest import make_cast
from opus_accounts import services
from opus_accounts.models import OpusAccount
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership.permissions import Role


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_activations_fill_the_one_free_place_once():
    # clause O22: two RGC sessions activating at the same moment cannot exceed the cap
    cast = make_cast("conc-")
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    AccountFactory(convention=cast.opus, active=True)
    candidates = AccountFactory.create_batch(3, convention=cast.opus)
    user = cast[Role.RGC]
    barrier = threading.Barrier(20)
    outcomes = []

    def activate(account):
        try:
            connection.ensure_connection()  # connect first, so the activations really start together
            barrier.wait()
            services.activate(account, user, datetime.date(2026, 3, 2))
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=activate, args=(candidates[i % 3],)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connections.close_all()
    assert OpusAccount.objects.active().filter(convention=cast.opus).count() == 2
    assert len(outcomes) == 20
    # The winner's own retries see its account active and change nothing; the others are refused.
    assert outcomes.count("refused") >= 13
