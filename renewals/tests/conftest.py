import datetime

import pytest

from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory
from renewals import services


@pytest.fixture
def renewal(cast):
    """A renewal of the cast's cooperation convention under way, with a commitment of each party."""
    CommitmentFactory(convention=cast.cooperation, party=cast.partnership.agency, text="Nommer un référent.")
    CommitmentFactory(convention=cast.cooperation, party=cast.partnership.commune, text="Faire bénéficier d'OPUS.")
    return services.start(cast.cooperation, cast[Role.AGENT], today=datetime.date(2026, 6, 1))
