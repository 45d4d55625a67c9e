"""Consistency checks on one quarter's figures (clause C3).

Refusals (errors) stop a submission; a sharp change from the previous quarter is only a
warning, flagged for a second look.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from diagnosis.models import COUNT_FIELDS, OPTIONAL_COUNT_FIELDS, SUBGROUP_FIELDS
from partnership import french

# Column headers of the upload template and of the exports (also the labels of the checks).
FIELD_LABELS = {
    "seekers_abc": _l("Demandeurs A, B, C"),
    "seekers_a": _l("Catégorie A"),
    "seekers_b": _l("Catégorie B"),
    "seekers_c": _l("Catégorie C"),
    "under_25": _l("Moins de 25 ans"),
    "aged_50_plus": _l("50 ans et plus"),
    "women": _l("Femmes"),
    "long_term": _l("Chômeurs de longue durée"),
    "rsa": _l("Bénéficiaires du RSA"),
    "capi_abc": _l("Demandeurs A, B, C de l'intercommunalité"),
    "offers_collected": _l("Offres d'emploi collectées"),
}
# Totals watched for sharp changes between consecutive quarters.
WATCHED_FIELDS = ["seekers_abc", "seekers_a", "capi_abc", "offers_collected"]


@dataclass(frozen=True)
class Finding:
    field: str
    message: str


def check_values(values, previous=None):
    """(errors, warnings) for a quarter's `values` (dict of counts, None when not given);
    `previous` is the previous quarter's values, if known."""
    errors = []
    for field in COUNT_FIELDS:
        value = values.get(field)
        if value is None:
            if field not in OPTIONAL_COUNT_FIELDS:
                errors.append(Finding(field, _("Valeur obligatoire manquante.")))
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(Finding(field, _("Un effectif doit être un nombre entier.")))
        elif value < 0:
            errors.append(Finding(field, _("Un effectif ne peut pas être négatif.")))
    if errors:
        return errors, []
    total = values["seekers_abc"]
    for field in SUBGROUP_FIELDS:
        value = values.get(field)
        if value is not None and value > total:
            errors.append(
                Finding(
                    field,
                    _("%(field)s (%(value)s) dépasse le total des demandeurs A, B, C (%(total)s).")
                    % {"field": FIELD_LABELS[field], "value": value, "total": total},
                )
            )
    b, c = values.get("seekers_b"), values.get("seekers_c")
    if b is not None and c is not None and values["seekers_a"] + b + c != total:
        errors.append(
            Finding(
                "seekers_abc",
                _("A + B + C (%(sum)s) ne correspond pas au total des demandeurs A, B, C (%(total)s).")
                % {"sum": values["seekers_a"] + b + c, "total": total},
            )
        )
    if total > values["capi_abc"]:
        errors.append(
            Finding(
                "capi_abc",
                _("La commune (%(commune)s) ne peut compter plus de demandeurs que l'intercommunalité (%(capi)s).")
                % {"commune": total, "capi": values["capi_abc"]},
            )
        )
    return errors, sharp_changes(values, previous) if not errors else []


def sharp_changes(values, previous):
    """Warnings for each watched total that moved by more than DIAGNOSIS_SHARP_CHANGE_PERCENT
    since the previous quarter."""
    if not previous:
        return []
    threshold = settings.DIAGNOSIS_SHARP_CHANGE_PERCENT
    warnings = []
    for field in WATCHED_FIELDS:
        before, now = previous.get(field), values.get(field)
        if not before or now is None:
            continue
        change = 100 * (now - before) / before
        if abs(change) > threshold:
            warnings.append(
                Finding(
                    field,
                    _(
                        "%(field)s : variation de %(change)s par rapport au trimestre précédent "
                        "(%(before)s → %(now)s), à vérifier."
                    )
                    % {
                        "field": FIELD_LABELS[field],
                        "change": f"{french.signed(change)}\u00a0%",
                        "before": french.number(before),
                        "now": french.number(now),
                    },
                )
            )
    return warnings
