"""Clause C9: the RGC named in a renewal's draft goes with the convention it renewed."""

import datetime

import pytest

from partnership.permissions import Role
from renewals import personal_data, services
from renewals.models import Renewal

pytestmark = pytest.mark.django_db


def test_the_rgc_named_in_the_draft_is_inventoried_and_erased_with_its_history(cast):
    # clause C9
    renewal = services.start(cast.cooperation, cast[Role.AGENT], today=datetime.date(2026, 6, 1))
    renewal.rgc_name, renewal.rgc_email = "Benoît THUILLIER", "rgc@example.org"
    renewal.save()
    assert personal_data.inventory([cast.cooperation]) == {cast.cooperation.pk: [(personal_data.LABEL, 1)]}
    assert personal_data.erase(cast.cooperation) == [(personal_data.LABEL, 1)]
    renewal = Renewal.objects.get()
    assert (renewal.rgc_name, renewal.rgc_email) == ("", "")
    assert not Renewal.history.exclude(rgc_name="").exists()
    assert personal_data.inventory([cast.cooperation]) == {cast.cooperation.pk: [(personal_data.LABEL, 0)]}
