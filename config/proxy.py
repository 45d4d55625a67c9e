"""The client's address, for the login lockout (django-axes calls `client_ip` through
AXES_CLIENT_IP_CALLABLE)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of the client, as the first of our trusted proxies saw it.

    Each proxy appends to X-Forwarded-For the address it was reached from, so with
    TRUSTED_PROXY_COUNT proxies in front of the application the rightmost entries are theirs and
    the TRUSTED_PROXY_COUNT-th from the right is the client's; whatever stands to its left came
    from the client and may be forged. Without BEHIND_PROXY the header is ignored, since anyone
    may send it: the address is the connection's.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if not forwarded:
        return remote  # not through the proxies: a check from the host itself
    # Fewer entries than proxies: all of them were written by our proxies, the leftmost first.
    entry = forwarded[-min(settings.TRUSTED_PROXY_COUNT, len(forwarded))]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return remote
