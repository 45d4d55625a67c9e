"""Operations that span several models of the partnership app."""

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.models import CommitmentUpdate, Convention, ConventionParty

LIVE = (Convention.Status.IN_FORCE, Convention.Status.TERMINATING)


def parties_queryset():
    return ConventionParty.objects.select_related("organisation", "representative")


def commitments_by_party(convention):
    """[(organisation, [commitments])] in the order the parties appear in the convention."""
    groups = {}
    for commitment in convention.commitments.all():
        groups.setdefault(commitment.party, []).append(commitment)
    return list(groups.items())


@transaction.atomic
def record_commitment_update(commitment, author, *, status, comment):
    """Clauses C5 and C7: a dated comment that sets the commitment's follow-up status."""
    update = CommitmentUpdate.objects.create(commitment=commitment, author=author, status=status, comment=comment)
    if commitment.status != status:
        commitment.status = status
        commitment._history_user = author
        commitment.save(update_fields=["status"])
    return update


def safe_actes(deliberation):
    """The parsed @ctes identifier, or None when it is malformed (the page then says so)."""
    try:
        return deliberation.actes()
    except ValidationError:
        return None
