"""Logging in with ProConnect (OpenID Connect, mozilla-django-oidc).

The ID token must be signed by the provider's key, addressed to this application (audience),
issued by the provider configured, unexpired, and carry the nonce of this login. Its e-mail
then names an existing active account of the agent's organisation (the SIRET ProConnect gives
must be the organisation's when both are known). Without one, an account is opened only where
the Administrateur allowed the e-mail's domain (`AllowedDomain`); otherwise nobody logs in.
Nothing about the person is logged."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from proconnect.models import AllowedDomain

logger = logging.getLogger("proconnect")


class ProConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if "nonce" not in kwargs or not settings.PROCONNECT_ENABLED:
            return None  # a password login: not ours
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException, ValueError) as error:
            logger.warning("ProConnect login refused: %s", type(error).__name__)
            return None

    def get_payload_data(self, token, key):
        """The library checks the signature only: the audience, the issuer and the expiry too."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        return jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_OP_ISSUER,
            leeway=30,
        )

    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.filter(email__iexact=claims["email"], is_active=True)
        users = users.select_related("organisation")
        siret = str(claims.get("siret") or "")
        return [user for user in users if _of_organisation(user, siret)]

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("no e-mail in the claims")
        users = self.filter_users_by_claims(claims)
        if len(users) == 1:
            return users[0]
        if users:
            logger.warning("ProConnect login refused: several accounts share the e-mail")
            return None
        allowed = AllowedDomain.objects.select_related("organisation").filter(domain=_domain(claims["email"])).first()
        if allowed is None:
            logger.info("ProConnect login refused: no account for the e-mail and its domain is not allowed")
            return None
        return self.create_user(claims, allowed)

    def create_user(self, claims, allowed):
        email = claims["email"].strip().lower()
        with transaction.atomic():
            user = self.UserModel.objects.create_user(
                username=email[:150],
                email=email,
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("usual_name") or "")[:150],
                organisation=allowed.organisation,
            )  # no password: the account logs in with ProConnect only
            user.groups.add(Group.objects.get(name=allowed.role))
        logger.info("ProConnect opened an account in organisation %s", allowed.organisation_id)
        return user


def _of_organisation(user, siret):
    """Whether the SIRET of the agent's employer, when ProConnect gives one, is that of the
    account's organisation (a SIRET begins with its SIREN)."""
    siren = user.organisation.siren if user.organisation else ""
    return not (siret and siren) or siret.startswith(siren)


def _domain(email):
    return email.rsplit("@", 1)[-1].strip().lower()
