from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opus_accounts import exports, legal_dates, services
from opus_accounts.models import OpusAccount, opus_conventions_visible_to
from partnership import duty_snapshots
from partnership.french import de
from partnership.models import Convention, Partnership
from partnership.permissions import Role, can_record_scope, has_role, role_required
from partnership.services import choose_partnership, scope_day

# The register is shown read-only to the commune's staff and officials and to the Pôle emploi
# correspondent (party to the convention); the Administrateur manages logins, not the register.
REGISTER_ROLES = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)


def _register_partnerships(request):
    """The filter over the visible partnerships that have an OPUS convention, the one chosen by
    ``?partenariat=`` (its pk and name, all the page needs of it), the first by default; 404 for
    one outside the user's scope."""
    user = request.user
    # Those of the user's partnerships that have an OPUS convention: the scope is applied once
    # (its conditions repeated in the subquery cost the database a second pass over it).
    partnerships = Partnership.objects.visible_to(user).filter(
        pk__in=Convention.objects.filter(kind=Convention.Kind.OPUS).values("partnership")
    )
    return choose_partnership(request, partnerships, first_by_default=True)


@role_required(*REGISTER_ROLES)
def register(request):
    """One partnership at a time (a regional correspondent sees hundreds), its live OPUS
    conventions; the ended ones with ``?toutes=1``; each with its scope of access (annex 1,
    clauses O9, O21) in force today or on the day of ``?date=`` (400 for a value that is not a
    date) and its history. The number of queries stays the same whatever the number of
    conventions, accounts and changes of scope. The register of today's scope is written once for
    its reader and shown again until one of its sources changes or the day ends
    (`partnership.duty_snapshots.page`); another day's afresh."""
    today = timezone.localdate()
    choice = _register_partnerships(request)
    partnership = choice.pk
    include_ended = request.GET.get("toutes") == "1"
    if partnership and "date" not in request.GET:
        key = f"opus register {include_ended:d} {duty_snapshots.reader(request.user)}"
        body = duty_snapshots.page(
            partnership, key, today, lambda: _register_body(request, partnership, include_ended, today)[0], request
        )
        status = 200
    else:
        body, status = _register_body(request, partnership, include_ended, today)
    context = {"body": body, "choice": choice, "partnership": partnership, "include_ended": include_ended}
    return render(request, "opus_accounts/register.html", context, status=status)


def _register_body(request, partnership, include_ended, today):
    """(HTML of `opus_accounts/_register_body.html`, status): the OPUS conventions of
    `partnership` (a pk) and their accounts."""
    day_form, day = scope_day(request, today)
    conventions = list(
        opus_conventions_visible_to(request.user)
        .filter(partnership=partnership)
        .select_related("opus_annex", "parent")
        .with_terms()
        .prefetch_related(*Convention.scope_prefetch())
        .order_by("-signed_on", "title")
    )
    # Every account of these conventions, which are the user's: the scope is applied once, to them.
    groups = exports.register_groups(conventions, OpusAccount.objects.all(), today=today)
    ended = sum(1 for group in groups if group["ended"])
    if not include_ended:
        groups = [group for group in groups if not group["ended"]]
    for group in groups:
        group["scope"] = group["convention"].terms_on(day or today)
    keep = [("partenariat", partnership)] if partnership else []
    quarter_start, quarter_end = legal_dates.quarter_bounds(today)
    context = {
        "groups": groups,
        "partnership": partnership,
        "include_ended": include_ended,
        "ended": ended,
        "today": today,
        "quarter_start": quarter_start,
        "quarter_end": quarter_end,
        "can_confirm": has_role(request.user, Role.RGC),
        "scope_form": day_form,
        "scope_day": day or today,
        "scope_keep": keep + ([("toutes", "1")] if include_ended else []),
        "can_record_scope": can_record_scope(request.user),
    }
    html = render_to_string("opus_accounts/_register_body.html", context, request)
    return html, 400 if day is None else 200


@role_required(Role.RGC)
@require_POST
def confirm_access(request, pk):
    """Clause O6, quarterly review: one click per active account, recorded with the date and who."""
    account = get_object_or_404(OpusAccount.objects.visible_to(request.user).select_related("person"), pk=pk)
    try:
        services.confirm_access(account, request.user, timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Besoin de l'accès %(of_person)s confirmé.") % {"of_person": de(account.person)})
    return redirect("opus_register")
