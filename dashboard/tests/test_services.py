import datetime

import pytest

from dashboard import services
from partnership.models import Amendment, Convention

pytestmark = pytest.mark.django_db


def test_an_opus_conventions_parent_is_the_cooperation_convention_of_the_list(cast, django_assert_num_queries):
    # clause O20: the OPUS convention ends with the cooperation convention, read once
    Amendment.objects.create(
        convention=cast.cooperation, number=1, object="Prolongation", effective_from=datetime.date(2026, 6, 1),
        duration_months=48,
    )  # fmt: skip
    with django_assert_num_queries(3):  # the conventions, their terminations, their amendments
        conventions = services.conventions_of(cast.partnership)
        by_pk = {c.pk: c for c in conventions}
        opus = by_pk[cast.opus.pk]
        assert opus.parent is by_pk[cast.cooperation.pk]
        ends = {c.pk: c.end_date() for c in conventions}
    assert ends == {c.pk: c.end_date() for c in Convention.objects.filter(partnership=cast.partnership)}
