from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class OpusAccountsConfig(AppConfig):
    name = "opus_accounts"
    verbose_name = _l("Comptes OPUS")

    def ready(self):
        from partnership import integrity

        # The refusals of the triggers of migration 0003 (the cap and the term in the database).
        for code, message in {
            "opus_accounts_no_annex": _l(
                "L'annexe 2 de la convention n'est pas saisie : le nombre de comptes autorisés (clause O22) est "
                "inconnu, aucun compte ne peut être activé."
            ),
            "opus_accounts_cap_reached": _l(
                "Plafond atteint : l'annexe 2 de la convention n'autorise pas un compte actif de plus (clause O22). "
                "Rien n'a été modifié ; suspendez ou révoquez d'abord un autre compte."
            ),
            "opus_accounts_not_in_force": _l(
                "La convention OPUS n'est pas en vigueur ce jour-là (clause O20) : aucun compte ne peut y être "
                "demandé ni activé. Rien n'a été modifié."
            ),
            "opus_accounts_stale_activation": _l(
                "Un compte suspendu ou révoqué ne redevient actif qu'à une date postérieure à sa suspension ou à sa "
                "révocation, par l'action « Activer » : une version antérieure ne peut pas être rétablie."
            ),
            "opus_accounts_cap_below_active": _l(
                "Le plafond ne peut pas descendre sous le nombre de comptes actifs (clause O22) : suspendez ou "
                "révoquez d'abord des comptes."
            ),
        }.items():
            integrity.register_trigger(code, message)
