"""The pages of personal data: what the C9 destruction will erase, and when; what it would
erase now and who it keeps (the dry run); the certificate of each destruction done; the
information notice (C9, O16) and the accessibility statement (RGAA), which every visitor may read,
before logging in too."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnership.models import Convention, Partnership
from partnership.pdf import pdf_response
from partnership.permissions import Role, has_role, role_required
from privacy import destruction
from privacy.context_processors import CONFORMITY
from privacy.models import DestructionRecord, DpoContact

# Who may see what the C9 job will erase (counts only, no personal data on the page).
PERSONAL_DATA_PAGE_SIZE = 20
PERSONAL_DATA_ROLES = (Role.AGENT, Role.RGC, Role.ELU, Role.ADMINISTRATOR)
# The dry run names the people: for those who answer for the register and the people's records.
DRY_RUN_ROLES = (Role.RGC, Role.ADMINISTRATOR)
# The certificate is for both parties (counts only).
CERTIFICATE_ROLES = (*PERSONAL_DATA_ROLES, Role.CORRESPONDENT)


@role_required(*PERSONAL_DATA_ROLES)
@require_GET
def schedule(request):
    today = timezone.localdate()
    conventions = (
        destruction.cooperation_conventions()
        .filter(pk__in=Convention.objects.visible_to(request.user))
        .select_related("partnership")
    )
    # Bounded: the conventions to act on soon (or late), one page at a time; each app's
    # inventory is read for that page only.
    page = Paginator(destruction.relevant(conventions, today), PERSONAL_DATA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "privacy/personal_data.html",
        {
            "entries": destruction.entries_of(page.object_list),
            "today": today,
            "horizon_days": destruction.PAGE_HORIZON_DAYS,
            "page_obj": page,
            "may_dry_run": has_role(request.user, *DRY_RUN_ROLES),
        },
    )


@role_required(*DRY_RUN_ROLES)
@require_GET
def dry_run(request, pk):
    """Clause C9: what the destruction would erase today, the people it would erase and those it
    keeps, with the convention or the public act that still names them."""
    convention = get_object_or_404(
        destruction.cooperation_conventions().filter(destruction_record__isnull=True).visible_to(request.user), pk=pk
    )
    [(rows, plan)] = destruction.dry_run([convention]).values()
    return render(
        request,
        "privacy/dry_run.html",
        {"convention": convention, "deadline": convention.personal_data_destruction_deadline(), "rows": rows,
         "plan": plan},
    )  # fmt: skip


@role_required(*CERTIFICATE_ROLES)
@require_GET
def certificate(request, pk):
    """Clause C9: the proof of a destruction for the other party: what was erased, in kinds and
    counts, when, and what was kept."""
    record = get_object_or_404(
        DestructionRecord.objects.filter(convention__in=Convention.objects.visible_to(request.user)).select_related(
            "convention__partnership__commune", "convention__partnership__agency"
        ),
        pk=pk,
    )
    partnership = record.convention.partnership
    return pdf_response(
        request,
        "privacy/certificate.html",
        {"record": record, "convention": record.convention, "partnership": partnership, "commune": partnership.commune},
        filename=f"attestation-destruction-c9-{record.convention_id}.pdf",
        title=_("Attestation de destruction des données personnelles"),
    )


# Exempt from login (see partnership/tests/test_urls.py): the law wants them read by anyone.
DPO_PAGE_SIZE = 20


@login_not_required
@require_GET
def notice(request):
    """Clause C9 (« chaque partie s'engage à informer les personnes concernées ») and O16: what is
    processed, why, for whom, how long, the rights and each party's DPO. The DPO contacts are
    published (article 37 RGPD): a visitor sees those of every partnership, a user those of its own."""
    partnerships = Partnership.objects.select_related("commune", "agency").prefetch_related(
        Prefetch("dpo_contacts", queryset=DpoContact.objects.order_by("party"))
    )
    if request.user.is_authenticated:
        partnerships = partnerships.filter(pk__in=Partnership.objects.visible_to(request.user))
    page = Paginator(partnerships.order_by("name", "pk"), DPO_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/notice.html",
        {
            "page_obj": page,
            "session_hours": settings.SESSION_IDLE_HOURS,
            "lockout_hours": settings.AXES_COOLOFF_TIME,
        },
    )


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement a public body's service must publish (RGAA, article 47 of the
    law of 11 February 2005): its status as the project's axe tests measure it, the known
    non-conformities, a contact and the recourse."""
    return render(
        request,
        "privacy/accessibility.html",
        {
            "status": CONFORMITY[settings.ACCESSIBILITY_CONFORMITY],
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )
