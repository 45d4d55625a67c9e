"""`Authorization: Bearer <token>`: the token's user, as long as the login is active."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiToken

# A token's last use is written at most this often, not at every request.
LAST_USE_PRECISION = datetime.timedelta(minutes=5)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_l("En-tête Authorization attendu : Bearer <jeton>."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_l("Jeton invalide.")) from error
        token = ApiToken.objects.for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_l("Jeton invalide ou révoqué."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_l("Un jeton créé sur la page « Jetons d'API ».")),
        }
