"""Clauses O9 and O21 (article 5.2 of the OPUS application convention): « Toute modification de
l'étendue de ce périmètre d'accès doit faire l'objet d'une notification écrite par le directeur
régional de Pôle emploi au partenaire. » A change of annex 1 recorded here rests on that written,
dated notice, a paper of the documents ledger: the SCOPE_CHANGE letter recorded in the ledger, or
the filed scan of the director's letter (or of annex 1 as the director signs it again). The
database refuses a change without one (partnership migration 0011). The scope in force on a day
is computed with the amendments' in one place, `Convention.terms_on`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.models import HistoricalRecords

from partnership.french import de, french_date
from partnership.models.conventions import Convention, ServiceChangeFields
from partnership.scope import Scope

NOTICE_REQUIRED = _l(
    "Une modification du périmètre d'accès repose sur la notification écrite et datée du directeur régional de "
    "Pôle emploi (clause O9) : choisissez son courrier dans le registre ou le document déposé."
)


class ScopeNotice(models.Model):
    """Clauses O9, O21: a written notice of the regional director that changes annex 1 from
    `effective_from`, the paper it is (`letter` or `document`), and the acknowledgement the commune
    sent back, if any."""

    convention = models.ForeignKey(
        Convention, verbose_name=_l("convention OPUS"), on_delete=models.CASCADE, related_name="scope_notices",
        limit_choices_to={"kind": Convention.Kind.OPUS},
    )  # fmt: skip
    effective_from = models.DateField(_l("prend effet le"))
    letter = models.ForeignKey(
        "documents.Letter", verbose_name=_l("courrier du directeur régional (registre)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="scope_notices",
        help_text=_l("Le courrier « Notification d'une modification du périmètre d'accès (O9) » du registre."),
    )  # fmt: skip
    document = models.ForeignKey(
        "documents.Document", verbose_name=_l("document déposé (scan de la notification)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="scope_notices",
        help_text=_l("Le scan de la lettre reçue, ou de l'annexe 1 signée à nouveau par le directeur régional."),
    )  # fmt: skip
    acknowledgement = models.ForeignKey(
        "documents.Letter", verbose_name=_l("accusé de réception envoyé"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="acknowledged_scope_notices",
    )  # fmt: skip
    notes = models.TextField(_l("notes"), blank=True)
    history = HistoricalRecords()

    SCOPE = Scope(partnership="convention__partnership")
    # The ledger's papers a notice may be (documents.models: Letter.Kind, Document.Kind).
    LETTER_KIND = "perimetre_o9"
    ACKNOWLEDGEMENT_KIND = "accuse_perimetre_o9"
    DOCUMENT_KINDS = ("lettre_recue", "annexe")

    class Meta:
        verbose_name = _l("notification de modification du périmètre d'accès")
        verbose_name_plural = _l("notifications de modification du périmètre d'accès")
        ordering = ["convention", "effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(letter__isnull=False) | Q(document__isnull=False),
                name="scope_notice_rests_on_its_letter",
                violation_error_message=NOTICE_REQUIRED,
            ),
        ]

    def __str__(self):
        return _("Modification du périmètre d'accès %(of_convention)s au %(date)s") % {
            "of_convention": de(self.convention),
            "date": french_date(self.effective_from),
        }

    def notice_date(self):
        """The date the director's written notice bears."""
        if self.letter_id:
            return self.letter.written_on
        return self.document.date if self.document_id else None

    def clean(self):
        errors = {}
        convention = self.convention if self.convention_id else None
        if convention is None:
            return
        partnership = convention.partnership_id
        if not convention.is_opus:
            errors["convention"] = _("Le périmètre d'accès est celui de l'annexe 1 d'une convention OPUS (clause O21).")
        if not (self.letter_id or self.document_id):
            errors["letter"] = str(NOTICE_REQUIRED)
        if self.letter_id and not (
            self.letter.kind == self.LETTER_KIND
            and self.letter.partnership_id == partnership
            and self.letter.convention_id in (None, convention.pk)
        ):
            errors["letter"] = _(
                "Ce courrier n'est pas une notification de modification du périmètre d'accès (O9) du directeur "
                "régional pour cette convention."
            )
        if self.document_id and not (
            self.document.kind in self.DOCUMENT_KINDS and self.document.partnership_id == partnership
        ):
            errors["document"] = _(
                "Ce document n'est pas une lettre reçue ni une annexe de ce partenariat : il ne peut être la "
                "notification du directeur régional."
            )
        if self.acknowledgement_id and not (
            self.acknowledgement.kind == self.ACKNOWLEDGEMENT_KIND
            and self.acknowledgement.partnership_id == partnership
        ):
            errors["acknowledgement"] = _(
                "Ce courrier n'est pas un accusé de réception d'une modification du périmètre (O9) de ce partenariat."
            )
        notice_day = self.notice_date()
        if self.effective_from and notice_day and self.effective_from < notice_day and not errors:
            errors["effective_from"] = _(
                "La notification est datée du %(date)s : la modification du périmètre ne prend pas effet avant "
                "(clause O9)."
            ) % {"date": french_date(notice_day)}
        start, end = convention.effective_date(), convention.end_date()
        if self.effective_from and start and self.effective_from < start.date:
            errors["effective_from"] = _("Une modification du périmètre prend effet pendant la convention, pas avant.")
        if self.effective_from and end and self.effective_from > end.date:
            errors["effective_from"] = _(
                "La convention n'est plus en vigueur le %(date)s (dernier jour : %(end)s)."
            ) % {"date": french_date(self.effective_from), "end": french_date(end.date)}
        if errors:
            raise ValidationError(errors)


class NoticedService(ServiceChangeFields):
    """Clauses O9 and O21: a service of annex 1 given or withdrawn by a notice of the regional
    director (a new name adds a service)."""

    notice = models.ForeignKey(ScopeNotice, on_delete=models.CASCADE, related_name="services")
    history = HistoricalRecords()

    SCOPE = Scope(partnership="notice__convention__partnership")

    class Meta:
        verbose_name = _l("service modifié par notification")
        verbose_name_plural = _l("services modifiés par notification")
        ordering = ["id"]
