import io

import pytest
from django.core.management import CommandError, call_command

from diagnosis.models import QuarterlyFigures
from opus_accounts.models import OpusAccount
from partnership.models import Partnership, User
from relais.models import MonthlyActivity, ReferentMeeting

pytestmark = pytest.mark.django_db

SMALL = ["--partnerships", "4", "--years", "2", "--accounts", "5", "--meetings", "3", "--activity-years", "2"]


def _counts():
    return (
        Partnership.objects.count(),
        QuarterlyFigures.objects.count(),
        OpusAccount.objects.count(),
        ReferentMeeting.objects.count(),
        MonthlyActivity.objects.count(),
    )


def test_generates_then_does_nothing_then_resets(cast):
    out = io.StringIO()
    call_command("generate_large_dataset", *SMALL, stdout=out)
    assert "generated in" in out.getvalue()
    first = _counts()
    assert first[0] == 4 + 1  # and the cast's partnership
    assert first[1] == 4 * 8
    assert first[2] == 20
    assert first[3] == 12
    assert User.objects.filter(username__startswith="bench-").count() == 5

    call_command("generate_large_dataset", *SMALL, stdout=io.StringIO())
    assert _counts() == first

    history = ReferentMeeting.history.count()
    call_command("generate_large_dataset", *SMALL, "--reset", stdout=io.StringIO())
    assert _counts() == first
    assert ReferentMeeting.history.count() == history  # generated rows leave no history
    # the cast's own partnership is untouched
    assert Partnership.objects.filter(pk=cast.partnership.pk).exists()


def test_the_regional_user_sees_every_generated_partnership(cast):
    call_command("generate_large_dataset", *SMALL, stdout=io.StringIO())
    region = User.objects.get(username="bench-region")
    assert Partnership.objects.visible_to(region).count() == 4
    elu = User.objects.get(username="bench-elu")
    assert Partnership.objects.visible_to(elu).count() == 1


@pytest.mark.parametrize("size", ["0", "10001", "beaucoup"])
def test_a_number_of_partnerships_out_of_range_is_refused(size):
    with pytest.raises(CommandError):
        call_command("generate_large_dataset", "--partnerships", size, stdout=io.StringIO())
    assert not Partnership.objects.exists()
