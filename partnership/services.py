"""Operations that span several models of the partnership app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from partnership import integrity
from partnership.forms import ScopeDayForm
from partnership.models import AmendedService, Commitment, CommitmentUpdate, ConventionParty, NoticedService


def parties_queryset():
    return ConventionParty.objects.select_related("organisation", "representative")


def commitments_by_party(convention, terms):
    """[(organisation, [commitments in force])] in the order the parties appear in the convention."""
    groups = {}
    for commitment in terms.commitments(convention):
        groups.setdefault(commitment.party, []).append(commitment)
    return list(groups.items())


def record_amendment(amendment, *, services, dropped, new_commitment, user):
    """Clauses C2, O9, O21, O22, C5, C7: save the amendment and what it changes. The database
    refuses a cap below the accounts active (opus_accounts migration 0007): a French refusal, and
    nothing saved."""
    try:
        with transaction.atomic():
            amendment._history_user = user
            amendment.save()
            AmendedService.objects.bulk_create(
                AmendedService(amendment=amendment, name=name, description=description, access=access)
                for name, description, access in services
            )
            for commitment in dropped:
                commitment.dropped_by = amendment
                commitment._history_user = user
                commitment.save(update_fields=["dropped_by"])
            if new_commitment:
                Commitment.objects.create(convention=amendment.convention, added_by=amendment, **new_commitment)
    except IntegrityError as error:
        raise ValidationError(integrity.message(error)) from error
    return amendment


def record_scope_notice(notice, *, services, user):
    """Clauses O9 and O21: save the regional director's notice of a change of scope and the
    services of annex 1 it gives or withdraws. The database refuses a notice without its letter
    or scan (migration 0011): a French refusal, and nothing saved."""
    if not services:
        raise ValidationError(_("La notification ne change aucun service : indiquez ce qu'elle ouvre ou retire."))
    notice.full_clean()
    try:
        with transaction.atomic():
            notice._history_user = user
            notice.save()
            for name, description, access in services:
                service = NoticedService(notice=notice, name=name, description=description, access=access)
                service._history_user = user
                service.save()
    except IntegrityError as error:
        raise ValidationError(integrity.message(error)) from error
    return notice


def scope_day(request, today):
    """Clauses O9 and O21: (the form of ``?date=AAAA-MM-JJ``, the day whose scope of access a page
    shows): today without a date; None for a value that is not a date (the page answers 400)."""
    if not request.GET.get("date"):
        return ScopeDayForm(initial={"date": today}), today
    form = ScopeDayForm(request.GET)
    return form, form.cleaned_data["date"] if form.is_valid() else None


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


def is_wide_scope(partnership_ids):
    """A user who sees many partnerships (a regional direction, an intercommunality) sees the
    home page and the calendar one partnership at a time: gathering every duty of hundreds of
    partnerships on one page would be slow and unreadable."""
    return len(partnership_ids) > settings.WIDE_SCOPE_PARTNERSHIPS


# The query parameter that names the partnership a page shows, on every page.
PARTNERSHIP_PARAMETER = "partenariat"


def partnership_from_query(request, partnerships, *, first_by_default=False):
    """The partnership a page shows: the one of `partnerships` (those the user may see, as
    instances or (pk, name) pairs) that ``?partenariat=`` names; without the parameter, None, or
    the first one with `first_by_default`. A value naming none of them is a 404: the user asked
    for a partnership outside its scope (or one that does not exist)."""
    value = request.GET.get(PARTNERSHIP_PARAMETER, "")
    if not value:
        return partnerships[0] if first_by_default and partnerships else None
    for partnership in partnerships:
        if str(partnership[0] if isinstance(partnership, tuple) else partnership.pk) == value:
            return partnership
    raise Http404


def paginate(request, items, per_page=50):
    """The page of `items` asked for by ``?page=`` (the first for a bad value); the template
    shows its links with ``{% include "includes/pagination.html" with page_obj=page %}``, which
    keeps the other query parameters (the filters)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
