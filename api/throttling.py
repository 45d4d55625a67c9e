"""Requests counted per token (API_RATE_LIMIT) in the shared cache, so that every instance counts
the same requests."""

from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        # Only authenticated requests get this far; one without a token is a session (the schema).
        ident = f"token-{request.auth.pk}" if request.auth is not None else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
