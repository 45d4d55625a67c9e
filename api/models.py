"""The API's tokens: each belongs to a user and sees what that user sees in the pages.

Only a token's SHA-256 digest is stored: the token itself is shown once, when it is created. A
token is random (256 bits), so a plain digest is enough to keep it from being read back."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _l

from partnership.scope import Scope

PREFIX = "rep_"  # recognisable in a leaked configuration file or a secret scanner's rules


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_key(self, key):
        """The token whose secret is `key`, with its user and organisation, or None."""
        return self.select_related("user__organisation").filter(key_hash=digest(key)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("utilisateur"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _l("nom"), max_length=100, help_text=_l("Le système qui l'utilise, pour le reconnaître plus tard.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, shown in the list so that its holder can tell tokens apart.
    key_start = models.CharField(_l("début du jeton"), max_length=12, editable=False)
    created_at = models.DateTimeField(_l("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_l("dernière utilisation"), null=True, blank=True, editable=False)

    SCOPE = Scope(member="user")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _l("jeton d'API")
        verbose_name_plural = _l("jetons d'API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @classmethod
    def issue(cls, user, name):
        """(the new token, its secret): the secret is not kept and cannot be shown again."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=digest(key), key_start=key[: len(PREFIX) + 4])
        return token, key
