"""The page of clause C9: what the destruction will erase, and when (counts only)."""

import datetime

import pytest
from django.urls import reverse

from partnership.permissions import Role

D = datetime.date


@pytest.fixture
def today(monkeypatch):
    """Days are pinned: cast's cooperation convention ends 31 December 2026."""
    day = D(2026, 12, 10)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: day)
    return day


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AGENT, 200), (Role.RGC, 200), (Role.ELU, 200), (Role.ADMINISTRATOR, 200), (Role.CORRESPONDENT, 403)],
)
def test_personal_data_page_roles(client, cast, role, status, today):
    assert login(client, cast[role]).get(reverse("privacy:schedule")).status_code == status


@pytest.mark.django_db
def test_personal_data_page_lists_own_conventions_ahead(client, cast, other_cast, today):
    page = login(client, cast[Role.RGC]).get(reverse("privacy:schedule")).content.decode()
    assert cast.cooperation.title in page
    assert "28 février 2027" in page
    assert other_cast.cooperation.title not in page
    assert cast.opus.title not in page  # its data is erased with its cooperation convention
