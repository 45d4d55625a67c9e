"""Which organisations let ProConnect open an account on first login, for which e-mail domain."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.permissions import Role
from partnership.scope import Scope

# The roles an account opened through ProConnect may get: never the Administrateur's.
ROLE_CHOICES = [(role, role) for role in Role.ALL if role != Role.ADMINISTRATOR]


class AllowedDomain(models.Model):
    """An e-mail domain whose agents may have an account opened at their first ProConnect login,
    in this organisation and with this role. Without one, ProConnect only logs in existing accounts."""

    organisation = models.ForeignKey(
        "partnership.Organisation",
        verbose_name=_l("organisation"),
        on_delete=models.CASCADE,
        related_name="proconnect_domains",
    )
    domain = models.CharField(
        _l("domaine des adresses électroniques"),
        max_length=253,
        unique=True,
        help_text=_l("Par exemple mairie-exemple.fr."),
    )
    role = models.CharField(_l("rôle des comptes ouverts"), max_length=40, choices=ROLE_CHOICES)

    SCOPE = Scope(organisation="organisation")

    class Meta:
        verbose_name = _l("domaine autorisé pour ProConnect")
        verbose_name_plural = _l("domaines autorisés pour ProConnect")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def clean(self):
        self.domain = (self.domain or "").strip().lower().removeprefix("@")
        if "." not in self.domain or "@" in self.domain or " " in self.domain:
            raise ValidationError({"domain": _("Indiquez un nom de domaine, par exemple mairie-exemple.fr.")})
