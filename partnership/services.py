"""Operations that span several models of the partnership app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.functional import cached_property
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


def is_wide_scope(count):
    """A user who sees many partnerships (a regional direction, an intercommunality) sees the
    home page and the calendar one partnership at a time: gathering every duty of hundreds of
    partnerships on one page would be slow and unreadable. `count`: how many the user sees."""
    return count > settings.WIDE_SCOPE_PARTNERSHIPS


# The query parameter that names the partnership a page shows, on every page, and the one of the
# text that looks for another by name when the user sees too many to list them all.
PARTNERSHIP_PARAMETER = "partenariat"
SEARCH_PARAMETER = "partenariat_recherche"
# Up to this many partnerships, the filter lists them all; beyond, it offers the chosen one and
# those whose name contains the searched text, at most CHOICE_MATCHES of them.
CHOICE_LIMIT = 100
CHOICE_MATCHES = 30


class PartnershipChoice:
    """The partnership filter of a page, see `choose_partnership`: `pk` and `name` of the chosen
    partnership (None when none is), `partnership` the instance (read when first asked for);
    `options`, the (pk, name) offered, in the database's order of names: all of them when
    `complete`, else the chosen one and the first matches of `search`, `matches` in all, of which
    `more` were left off; `count`, how many partnerships the user sees."""

    def __init__(self, queryset, chosen, options, count, *, search="", matches=0):
        self.queryset = queryset
        self.pk, self.name = chosen or (None, None)
        self.options = options
        self.count = count
        self.complete = count <= CHOICE_LIMIT
        self.search = search
        self.matches = matches
        self.more = max(matches - CHOICE_MATCHES, 0)

    @cached_property
    def partnership(self):
        return self.queryset.filter(pk=self.pk).first() if self.pk else None

    @property
    def offered(self):
        """Whether the page shows the filter: the user sees several partnerships."""
        return self.count > 1

    def narrowed(self, rows, path="partnership"):
        """`rows`, already within the user's scope, of the chosen partnership; with none chosen, of
        the user's few partnerships named by their keys when the scope is narrow. With the keys,
        PostgreSQL reads a commune's rows by their partnership; with the scope's join alone, it
        walked a list's order (the committees' dates) through the whole installation's rows
        until it found the page's (2,000 rows, 5 ms at 2,000 partnerships)."""
        if self.pk:
            return rows.filter(**{path: self.pk})
        if self.complete and not is_wide_scope(self.count):
            return rows.filter(**{f"{path}__in": [pk for pk, _name in self.options]})
        return rows


def _wanted(request, strict):
    """The pk ``?partenariat=`` names, None without one; a value that is not a pk is a 404, or
    with `strict=False` None as a partnership outside the scope (the page's form reports it)."""
    value = request.GET.get(PARTNERSHIP_PARAMETER, "")
    if value.isascii() and value.isdigit() and len(value) < 19:  # within a bigint
        return int(value)
    if value and strict:
        raise Http404
    return 0 if value else None


def partnership_from_query(request, queryset, *, first_by_default=False):
    """The partnership of `queryset` (those the user may see) that ``?partenariat=`` names, in one
    query, for a page that does not show the filter (a form's initial value); without the
    parameter, None, or the first by name with `first_by_default`. A value naming none of them
    (outside the scope, or not a number) is a 404."""
    wanted = _wanted(request, strict=True)
    if wanted is None:
        return queryset.order_by("name", "pk").first() if first_by_default else None
    partnership = queryset.filter(pk=wanted).first()
    if partnership is None:
        raise Http404
    return partnership


def choose_partnership(request, queryset, *, first_by_default=False, strict=True):
    """The partnership filter of a page over `queryset`, the partnerships the user may see (with
    the select_related the page needs for the chosen one): the one ``?partenariat=`` names, 404
    for one outside `queryset` or a value that is not a number (with `strict=False`, none: the
    page's form says so); without the parameter, none, or the first by name with
    `first_by_default` (a bool, or a function of the count, e.g. `is_wide_scope`).

    One query whatever the scope's size gives the count, the chosen partnership and, up to
    CHOICE_LIMIT partnerships, every option; beyond, a second one only with a text to search
    (``?partenariat_recherche=``) gives its first CHOICE_MATCHES matches and their number. The
    chosen instance (`.partnership`) costs one more query, when the page asks for it."""
    wanted = _wanted(request, strict)
    search = request.GET.get(SEARCH_PARAMETER, "").strip()[:200]
    by_name = (F("name").asc(), F("pk").asc())
    rows = queryset.annotate(total=Window(Count("pk")), position=Window(RowNumber(), order_by=by_name)).values_list(
        "pk", "name", "total", "position"
    )
    if wanted is not None:  # the chosen one first, within the rows read
        rows = rows.order_by(Case(When(pk=wanted, then=0), default=1), *by_name)
    else:
        rows = rows.order_by(*by_name)
    rows = list(rows[: CHOICE_LIMIT + 1])
    count = rows[0][2] if rows else 0
    chosen = None
    if wanted is not None:
        if rows and rows[0][0] == wanted:
            chosen = rows[0][:2]
        elif strict:
            raise Http404
    elif rows and (first_by_default(count) if callable(first_by_default) else first_by_default):
        chosen = rows[0][:2]
    if count <= CHOICE_LIMIT:
        options = [row[:2] for row in sorted(rows, key=lambda row: row[3])]
        return PartnershipChoice(queryset, chosen, options, count)
    options, matches = [chosen] if chosen else [], 0
    if search:
        found = list(
            queryset.filter(name__icontains=search)
            .annotate(total=Window(Count("pk")))
            .order_by(*by_name)
            .values_list("pk", "name", "total")[:CHOICE_MATCHES]
        )
        matches = found[0][2] if found else 0
        options += [row[:2] for row in found if not chosen or row[0] != chosen[0]]
    return PartnershipChoice(queryset, chosen, options, count, search=search, matches=matches)


def paginate(request, items, per_page=50):
    """The page of `items` asked for by ``?page=`` (the first for a bad value); the template
    shows its links with ``{% include "includes/pagination.html" with page_obj=page %}``, which
    keeps the other query parameters (the filters)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
