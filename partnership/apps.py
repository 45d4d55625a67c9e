from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _l("Partenariat")

    def ready(self):
        from partnership import duty_snapshots, integrity
        from partnership.models.conventions import ANNEX_1_SIGNED
        from partnership.models.scope_notices import NOTICE_REQUIRED

        duty_snapshots.connect()
        # The refusals of the triggers of migration 0011 (clauses O9, O21).
        for code, message in {
            "partnership_scope_notice_not_opus": _l(
                "Le périmètre d'accès est celui d'une convention OPUS (clause O21)."
            ),
            "partnership_scope_notice_letter": NOTICE_REQUIRED,
            "partnership_scope_acknowledgement": _l(
                "L'accusé de réception est le courrier de la commune « Accusé de réception d'une modification du "
                "périmètre (O9) » de ce partenariat."
            ),
            "partnership_scope_before_notice": _l(
                "Une modification du périmètre ne prend pas effet avant la date de sa notification écrite (clause O9)."
            ),
            "partnership_annex_1_signed": ANNEX_1_SIGNED,
        }.items():
            integrity.register_trigger(code, message)
