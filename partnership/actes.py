"""The @ctes transmission identifier of an act sent to the prefecture (clause D3).

Example: ``038-213804495-20210412-Imc19454-DE-1-1`` is the département (038), the
SIREN of the issuing authority (213804495), the date of the act (12 April 2021), the
authority's own act number (Imc19454), the nature of the act (DE, a deliberation),
then the classification and version numbers.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NATURES = {
    "DE": "Délibération",
    "AR": "Arrêté réglementaire",
    "AI": "Arrêté individuel",
    "CC": "Contrat, convention ou avenant",
    "BF": "Document budgétaire ou financier",
    "AU": "Autre",
}

PATTERN = re.compile(
    r"^(?P<departement>\d{3}|02A|02B)-(?P<siren>\d{9})-(?P<date>\d{8})-"
    r"(?P<number>[A-Za-z0-9_]{1,15})-(?P<nature>[A-Z]{2})-(?P<classification>\d+)-(?P<version>\d+)$"
)


@dataclass(frozen=True)
class ActesIdentifier:
    departement: str
    siren: str
    act_date: datetime.date
    number: str
    nature: str
    classification: int
    version: int

    @property
    def nature_label(self):
        return NATURES[self.nature]


def siren_is_valid(siren: str) -> bool:
    """A SIREN is nine digits whose Luhn checksum is a multiple of ten."""
    if not re.fullmatch(r"\d{9}", siren or ""):
        return False
    total = 0
    for position, char in enumerate(reversed(siren)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def parse(identifier: str) -> ActesIdentifier:
    """Split an identifier into its parts, or raise ValidationError saying what is wrong."""
    match = PATTERN.match((identifier or "").strip())
    if not match:
        raise ValidationError(
            _(
                "L'identifiant @ctes « %(value)s » n'a pas la forme attendue "
                "DDD-SIREN-AAAAMMJJ-NUMERO-NATURE-N-N (par exemple 038-213804495-20210412-Imc19454-DE-1-1)."
            ),
            params={"value": identifier},
            code="format",
        )
    parts = match.groupdict()
    if not siren_is_valid(parts["siren"]):
        raise ValidationError(
            _("Le SIREN %(siren)s de l'identifiant @ctes n'est pas un SIREN valide (clé de contrôle)."),
            params={"siren": parts["siren"]},
            code="siren",
        )
    try:
        act_date = datetime.datetime.strptime(parts["date"], "%Y%m%d").date()
    except ValueError:
        raise ValidationError(
            _("La date %(date)s de l'identifiant @ctes n'existe pas."), params={"date": parts["date"]}, code="date"
        ) from None
    if parts["nature"] not in NATURES:
        raise ValidationError(
            _("La nature d'acte %(nature)s de l'identifiant @ctes est inconnue (attendu : %(known)s)."),
            params={"nature": parts["nature"], "known": ", ".join(NATURES)},
            code="nature",
        )
    return ActesIdentifier(
        departement=parts["departement"],
        siren=parts["siren"],
        act_date=act_date,
        number=parts["number"],
        nature=parts["nature"],
        classification=int(parts["classification"]),
        version=int(parts["version"]),
    )


def check_against(identifier: str, *, siren: str, departement: str, act_date: datetime.date, nature="DE"):
    """Parse `identifier` and check it names this authority, this date and this nature of act."""
    parsed = parse(identifier)
    errors = []
    if parsed.siren != siren:
        errors.append(
            ValidationError(
                _("Le SIREN %(found)s de l'identifiant @ctes n'est pas celui de la commune (%(expected)s)."),
                params={"found": parsed.siren, "expected": siren},
                code="siren_mismatch",
            )
        )
    if parsed.departement != departement:
        errors.append(
            ValidationError(
                _("Le département %(found)s de l'identifiant @ctes n'est pas celui de la commune (%(expected)s)."),
                params={"found": parsed.departement, "expected": departement},
                code="departement_mismatch",
            )
        )
    if parsed.act_date != act_date:
        errors.append(
            ValidationError(
                _("La date %(found)s de l'identifiant @ctes n'est pas celle de l'acte (%(expected)s)."),
                params={"found": parsed.act_date.strftime("%d/%m/%Y"), "expected": act_date.strftime("%d/%m/%Y")},
                code="date_mismatch",
            )
        )
    if parsed.nature != nature:
        errors.append(
            ValidationError(
                _("La nature %(found)s de l'identifiant @ctes ne correspond pas à une délibération (%(expected)s)."),
                params={"found": parsed.nature, "expected": nature},
                code="nature_mismatch",
            )
        )
    if errors:
        raise ValidationError(errors)
    return parsed
