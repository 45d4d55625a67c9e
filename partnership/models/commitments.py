"""The commitments of the parties and their follow-up (clauses C5 and C7)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.models.amendments import Amendment
from partnership.models.conventions import Convention
from partnership.models.organisations import Organisation, User
from partnership.scope import Scope


class Commitment(models.Model):
    """Clauses C5 and C7: what each party undertook, and how it is going."""

    class Status(models.TextChoices):
        TO_START = "a_engager", _l("À engager")
        IN_PROGRESS = "en_cours", _l("En cours")
        DONE = "realise", _l("Réalisé")
        NOT_DONE = "non_realise", _l("Non réalisé")

    convention = models.ForeignKey(
        Convention, verbose_name=_l("convention"), on_delete=models.CASCADE, related_name="commitments"
    )
    party = models.ForeignKey(Organisation, verbose_name=_l("partie engagée"), on_delete=models.PROTECT)
    clause = models.CharField(_l("clause"), max_length=10)
    text = models.TextField(_l("engagement"))
    order = models.PositiveSmallIntegerField(_l("ordre"), default=0)
    status = models.CharField(_l("état"), max_length=20, choices=Status.choices, default=Status.TO_START)
    # Clauses C5, C7: an amendment may add a commitment or drop one, from its date of effect.
    added_by = models.ForeignKey(
        Amendment, verbose_name=_l("ajouté par l'avenant"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="added_commitments",
    )  # fmt: skip
    dropped_by = models.ForeignKey(
        Amendment, verbose_name=_l("supprimé par l'avenant"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="dropped_commitments",
    )  # fmt: skip
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")

    class Meta:
        verbose_name = _l("engagement")
        ordering = ["convention", "party", "order", "id"]

    def __str__(self):
        return self.text[:80]


class CommitmentUpdate(models.Model):
    """A dated follow-up comment on a commitment, with the status it set."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(User, verbose_name=_l("auteur"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_l("date"), default=timezone.now)
    status = models.CharField(_l("état"), max_length=20, choices=Commitment.Status.choices)
    comment = models.TextField(_l("commentaire"))

    SCOPE = Scope(partnership="commitment__convention__partnership")

    class Meta:
        verbose_name = _l("suivi d'engagement")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y} {self.get_status_display()}"
