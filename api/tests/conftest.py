import datetime

import pytest
from django.core.cache import cache

from api.models import ApiToken
from api.urls import generated_schema
from diagnosis.tests.factories import QuarterlyFiguresFactory
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership.models import SteeringCommittee
from partnership.tests.factories import CommitmentFactory
from relais.tests.factories import MeetingFactory


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()  # the throttle's counts live in the cache
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _schema_generated_anew():
    generated_schema.cache_clear()  # each test of the schema sees it generated


def bearer(user, name="Système d'information"):
    """The headers of a request made with a new token of `user`."""
    _token, key = ApiToken.issue(user, name)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def fill(cast, n=1, start=0):
    """`n` of each thing the API lists, in `cast`'s partnership (the `start`-th onwards, to add more)."""
    partnership = cast.partnership
    if not hasattr(cast.opus, "opus_annex"):
        AnnexFactory(convention=cast.opus, active_accounts_cap=20)
    for index in range(start, start + n):
        CommitmentFactory(convention=cast.cooperation, party=partnership.commune)
        QuarterlyFiguresFactory(partnership=partnership, year=2024 + index // 4, quarter=index % 4 + 1)
        MeetingFactory(
            partnership=partnership,
            starts_at=datetime.datetime(2025, 1, 10, 10, tzinfo=datetime.UTC) + datetime.timedelta(days=61 * index),
        )
        SteeringCommittee.objects.create(
            partnership=partnership, year=2024 + index, date=datetime.date(2025 + index, 2, 1)
        )
        AccountFactory(convention=cast.opus, active=True)
