"""The register as CSV for French Excel and as a PDF ready to sign (clause O6: the list kept up to date)."""

from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from opus_accounts import services
from opus_accounts.models import OpusAccount
from partnership import opus_terms, pdf, spreadsheets
from partnership.languages import in_language_of
from partnership.models import Convention


def register_rows(accounts):
    return [
        [
            account.convention.title,
            account.person.last_name,
            account.person.first_name,
            account.person.function,
            account.person.email,
            account.get_state_display(),
            account.requested_on,
            account.informed_on,
            account.activated_on,
            account.suspended_on,
            account.revoked_on,
            account.get_revocation_reason_display(),
            account.revocation_note,
            account.last_confirmed_on,
        ]
        for account in accounts
    ]


HEADERS = [
    "Convention",
    "Nom",
    "Prénom",
    "Fonction",
    "Courriel professionnel",
    "État",
    "Demandé le",
    "Informé des conditions (O6, O8, O14, O15) le",
    "Activé le",
    "Suspendu le",
    "Révoqué le",
    "Motif de révocation",
    "Précision",
    "Besoin confirmé le",
]


def register_queryset(queryset):
    return queryset.select_related("person", "convention").annotate(
        last_confirmed_on=Max("confirmations__confirmed_on")
    )


def csv_response(queryset):
    """UTF-8 with a byte order mark and `;` separators: what French Excel opens without a wizard."""
    content = spreadsheets.to_csv([_(h) for h in HEADERS], register_rows(register_queryset(queryset)))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="registre-comptes-opus-{stamp}.csv"'
    return response


ENDED = (Convention.Status.EXPIRED, Convention.Status.TERMINATED)


def register_groups(conventions, queryset, *, today=None, include_ended=True, active_from_rows=True):
    """[{convention, cap, active, free, rgc, accounts, ended}] for the PDF and the page.

    The number of queries does not grow with the conventions or the accounts: pass conventions
    fetched with `select_related("opus_annex", "parent")` and
    `prefetch_related(*Convention.terms_prefetch())` (their status and cap are then read
    without a query); the accounts are read once and grouped by convention, the RGCs in office in
    one query. `active_from_rows` says that `queryset` holds every account of these conventions, so
    that the active ones are counted from its rows (otherwise, with a filtered queryset, one more
    query reads them). An ended convention is left out unless `include_ended`; one that never had
    an account is left out always (nothing to certify).
    """
    conventions = list(conventions)
    today = today or timezone.localdate()
    rows = {convention.pk: [] for convention in conventions}
    for account in register_queryset(queryset).filter(convention__in=list(rows)):
        rows[account.convention_id].append(account)
    shown, ended = [], set()
    for convention in conventions:
        status = convention.status(today)
        if status in ENDED and not include_ended:
            continue
        if status not in Convention.IN_FORCE_STATUSES and not rows[convention.pk]:
            continue  # an ended (or not yet signed) convention that never had an account: nothing to certify
        shown.append(convention)
        if status in ENDED:
            ended.add(convention.pk)
    if active_from_rows:
        active = {c.pk: [a for a in rows[c.pk] if a.state == OpusAccount.State.ACTIVE] for c in shown}
    else:
        active = services.active_accounts_by_convention(shown)
    caps = services.cap_summaries(shown, active)
    rgcs = services.rgcs_in_office(shown) if shown else {}
    groups = []
    for convention in shown:
        cap, active_accounts, free = caps[convention.pk]
        groups.append(
            {
                "convention": convention,
                "cap": cap,
                "active": active_accounts,
                "free": free,
                "rgc": rgcs.get(convention.pk),
                "accounts": rows[convention.pk],
                "ended": convention.pk in ended,
            }
        )
    return groups


def pdf_conventions(conventions):
    """The conventions as `register_groups` needs them, with what the PDF's heading reads."""
    return conventions.select_related("partnership__commune", "opus_annex", "parent").with_terms()


def pdf_response(request, conventions, queryset, *, active_from_rows=True):
    conventions = list(pdf_conventions(conventions))
    commune = conventions[0].partnership.commune if conventions else None
    groups = register_groups(conventions, queryset, active_from_rows=active_from_rows)
    return pdf.pdf_response(
        request,
        "opus_accounts/register_pdf.html",
        {"commune": commune, "groups": groups, "State": OpusAccount.State, "opus_terms": opus_terms.TERMS},
        filename=f"registre-comptes-opus-{timezone.localdate():%Y-%m-%d}.pdf",
        title=_("Registre des comptes OPUS"),
    )


def commitment_pdf_response(request, account):
    """Clauses O8 and O15: the holder's acknowledgement of the conditions of use and of
    confidentiality, quoted from the convention, to print and sign before activation; in the
    holder's language."""
    with in_language_of(account.person):
        return _commitment_pdf_response(request, account)


def _commitment_pdf_response(request, account):
    return pdf.pdf_response(
        request,
        "opus_accounts/commitment_pdf.html",
        {
            "account": account,
            "commune": account.convention.partnership.commune,
            "rgc": services.rgc_in_office(account.convention),
            "commitments": (opus_terms.CONDITIONS_OF_USE, opus_terms.CONFIDENTIALITY),
            "opus_terms": opus_terms.TERMS,
        },
        filename=f"engagement-opus-{account.pk}.pdf",
        title=_("Engagement du titulaire d'un compte OPUS : conditions d'utilisation et confidentialité"),
    )
