"""Personal data as the conventions require (clause C9): the record of each destruction done."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from partnership.models import Convention
from partnership.scope import Scope


class DestructionRecord(models.Model):
    """Clause C9: the personal data tied to an ended cooperation convention was erased, once."""

    convention = models.OneToOneField(
        Convention,
        verbose_name=_l("convention"),
        on_delete=models.PROTECT,
        related_name="destruction_record",
        limit_choices_to=Q(kind=Convention.Kind.COOPERATION),
    )
    performed_on = models.DateField(_l("effectuée le"))
    deadline = models.DateField(_l("échéance (clause C9)"))
    summary = models.JSONField(_l("bilan"), default=list, help_text=_l("[[libellé, nombre], …] par application."))
    created_at = models.DateTimeField(_l("enregistrée le"), default=timezone.now)

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("destruction des données personnelles")
        verbose_name_plural = _l("destructions des données personnelles")
        ordering = ["-performed_on"]

    def __str__(self):
        return str(self.convention)
