import pytest

from opus_accounts.tests.factories import AnnexFactory


@pytest.fixture
def opus(cast):
    """`cast`'s OPUS convention with its annex 2 (cap of 2 active accounts besides the RGC)."""
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    return cast.opus
