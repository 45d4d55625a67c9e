"""Behind a trusted proxy the login lockout counts the failures of each client apart, from the
X-Forwarded-For entry the proxy wrote; without one it ignores the header."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.proxy import client_ip
from partnership.permissions import Role

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
VICTIM = "198.51.100.7"
PASSWORD = "un-mot-de-passe-de-test"


def request(forwarded=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (1, ATTACKER, ATTACKER),
        (1, f"{VICTIM}, {ATTACKER}", ATTACKER),  # the leftmost came from the client
        (1, f"{VICTIM},{ATTACKER}", ATTACKER),
        (2, f"{VICTIM}, {ATTACKER}, 10.0.0.1", ATTACKER),  # two proxies: the outer one wrote the client's
        (2, ATTACKER, ATTACKER),  # fewer entries than proxies: all written by them
        (1, "2001:db8::1", "2001:db8::1"),
        (1, None, PROXY),  # not through the proxy
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_behind_proxies_the_entry_the_outermost_wrote(settings, count, forwarded, expected):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded)) == expected


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_ip(request(ATTACKER)) == PROXY


@pytest.fixture
def lockout(settings, cast):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    user = cast[Role.AGENT]
    user.set_password(PASSWORD)
    user.save()
    return user.username


def log_in(client, username, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize(
    "attacker_sends",
    [ATTACKER, f"{VICTIM}, {ATTACKER}"],  # the second forges the victim's address on the left
    ids=["plain", "forged-leftmost"],
)
@pytest.mark.django_db
def test_an_attacker_behind_the_proxy_does_not_lock_the_owner_out(client, lockout, attacker_sends):
    statuses = [log_in(client, lockout, "wrong", attacker_sends).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the attacker out
    assert log_in(client, lockout, PASSWORD, attacker_sends).status_code == 429  # even with the password
    assert log_in(client, lockout, PASSWORD, VICTIM).status_code == 302  # the owner is not


@pytest.mark.django_db
def test_without_behind_proxy_every_client_of_the_proxy_is_one(client, lockout, settings):
    """What BEHIND_PROXY=true is for: with it off, X-Forwarded-For is not read at all."""
    settings.BEHIND_PROXY = False
    for _ in range(5):
        log_in(client, lockout, "wrong", ATTACKER)
    assert log_in(client, lockout, PASSWORD, VICTIM).status_code == 429
