"""The register as CSV for French Excel and as a PDF ready to sign (clause O6: the list kept up to date)."""

import csv
import io

from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from opus_accounts import services
from opus_accounts.models import OpusAccount
from partnership import pdf
from partnership.services import LIVE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell that a spreadsheet never reads as a formula (CSV injection): a leading = + - @ is
    escaped with an apostrophe. Dates are written the French way."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_(h) for h in HEADERS])
    for row in register_rows(register_queryset(queryset)):
        writer.writerow([csv_cell(cell) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="registre-comptes-opus-{stamp}.csv"'
    return response


def register_groups(conventions, queryset):
    """[(convention, cap, active count, free places, RGC in office, accounts)] for the PDF and the page."""
    accounts = list(register_queryset(queryset).filter(convention__in=conventions))
    today = timezone.localdate()
    groups = []
    for convention in conventions:
        if convention.status(today) not in LIVE and not any(a.convention_id == convention.pk for a in accounts):
            continue  # an ended convention that never had an account: nothing to certify
        cap, active, free = services.cap_summary(convention)
        rows = [a for a in accounts if a.convention_id == convention.pk]
        groups.append(
            {
                "convention": convention,
                "cap": cap,
                "active": active,
                "free": free,
                "rgc": services.rgc_in_office(convention),
                "accounts": rows,
            }
        )
    return groups


def pdf_response(request, conventions, queryset):
    conventions = list(
        conventions.select_related("partnership__commune", "opus_annex", "parent").prefetch_related(
            "terminations", "parent__terminations"
        )
    )
    commune = conventions[0].partnership.commune if conventions else None
    return pdf.pdf_response(
        request,
        "opus_accounts/register_pdf.html",
        {"commune": commune, "groups": register_groups(conventions, queryset), "State": OpusAccount.State},
        filename=f"registre-comptes-opus-{timezone.localdate():%Y-%m-%d}.pdf",
        title=_("Registre des comptes OPUS"),
    )
