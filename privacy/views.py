"""The pages of personal data: what the C9 destruction will erase, and when; what it would
erase now and who it keeps (the dry run); the certificate of each destruction done; the
information notice (C9, O16) and the accessibility statement (RGAA), which every visitor may read,
before logging in too."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership import duty_snapshots
from partnership.duty_snapshots import ALL
from partnership.french import french_date
from partnership.languages import for_the_parties, in_language_of
from partnership.models import Convention, Partnership, partnership_scope
from partnership.pdf import pdf_response
from partnership.permissions import Role, has_role, role_required
from partnership.services import choose_partnership
from privacy import access, destruction, register, rights
from privacy.context_processors import CONFORMITY
from privacy.forms import AnswerForm, ExtensionForm, RightsRequestForm
from privacy.models import DestructionRecord, DpoContact, RightsRequest

# Who may see what the C9 job will erase (counts only, no personal data on the page).
PERSONAL_DATA_PAGE_SIZE = 20
PERSONAL_DATA_ROLES = (Role.AGENT, Role.RGC, Role.ELU, Role.ADMINISTRATOR)
# The dry run names the people: for those who answer for the register and the people's records.
DRY_RUN_ROLES = (Role.RGC, Role.ADMINISTRATOR)
# Clause O16: the agents and the RGC record a request they receive; the Administrateur answers.
REQUEST_ROLES = (Role.AGENT, Role.RGC, Role.ADMINISTRATOR)
REQUESTS_PAGE_SIZE = 20
# The register is the controller's: its DPO and the officials who answer for it read it.
REGISTER_ROLES = (Role.RGC, Role.ELU, Role.ADMINISTRATOR)
# The certificate is for both parties (counts only).
CERTIFICATE_ROLES = (*PERSONAL_DATA_ROLES, Role.CORRESPONDENT)


# The schedule's pages kept as snapshots (a page further is written afresh: no row per number asked).
KEPT_PAGES = 50


@role_required(*PERSONAL_DATA_ROLES)
@require_GET
def schedule(request):
    """Clause C9: what the destruction will erase, and when. Who is erased with a convention
    depends on the conventions of every partnership that name the same people: the page is
    written once for its reader and shown again until anything changes anywhere or the day ends
    (`partnership.duty_snapshots.page`, for all partnerships)."""
    today = timezone.localdate()
    number = request.GET.get("page", "1")
    if set(request.GET) <= {"page"} and number.isdigit() and 0 < int(number) <= KEPT_PAGES:
        key = f"c9 schedule {int(number)} {duty_snapshots.reader(request.user)}"
        body = duty_snapshots.page(ALL, key, today, lambda: _schedule_body(request, today), request)
    else:
        body = _schedule_body(request, today)
    return render(request, "privacy/personal_data.html", {"body": body})


def _schedule_body(request, today):
    conventions = (
        destruction.cooperation_conventions()
        .visible_to(request.user)
        .select_related("partnership")
        .order_by()  # `relevant` sorts them by deadline
    )
    # Bounded: the conventions to act on soon (or late), one page at a time; each app's
    # inventory is read for that page only.
    page = Paginator(destruction.relevant(conventions, today), PERSONAL_DATA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "entries": destruction.entries_of(page.object_list),
        "today": today,
        "horizon_days": destruction.PAGE_HORIZON_DAYS,
        "page_obj": page,
        "may_dry_run": has_role(request.user, *DRY_RUN_ROLES),
    }
    return render_to_string("privacy/_personal_data_body.html", context, request)


@role_required(*DRY_RUN_ROLES)
@require_GET
def dry_run(request, pk):
    """Clause C9: what the destruction would erase today, the people it would erase and those it
    keeps, with the convention or the public act that still names them. Written once for its
    reader and shown again until anything changes anywhere or the day ends, as the schedule."""
    get_object_or_404(
        destruction.cooperation_conventions().filter(destruction_record__isnull=True).visible_to(request.user)
        .values("pk"),
        pk=pk,
    )  # fmt: skip
    key = f"c9 dry run {pk} {duty_snapshots.reader(request.user)}"
    body = duty_snapshots.page(ALL, key, timezone.localdate(), lambda: _dry_run_body(request, pk), request)
    return render(request, "privacy/dry_run.html", {"body": body})


def _dry_run_body(request, pk):
    convention = destruction.cooperation_conventions().visible_to(request.user).select_related("partnership").get(pk=pk)
    [(rows, plan)] = destruction.dry_run([convention]).values()
    return render_to_string(
        "privacy/_dry_run_body.html",
        {"convention": convention, "deadline": convention.personal_data_destruction_deadline(), "rows": rows,
         "plan": plan},
        request,
    )  # fmt: skip


@role_required(*CERTIFICATE_ROLES)
@require_GET
@for_the_parties
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


def _request(user, pk):
    """The request if the user's scope holds it, 404 otherwise."""
    requests = RightsRequest.objects.filter(partnership_scope(user, "partnership"))
    return get_object_or_404(requests.select_related("partnership", "person__organisation"), pk=pk)


@role_required(*REQUEST_ROLES)
@require_GET
def requests(request):
    """Clause O16: the requests to exercise a right, the latest first, each with its deadline."""
    found = (
        RightsRequest.objects.filter(partnership_scope(request.user, "partnership"))
        .select_related("partnership")
        .order_by("answered_on", "-received_on", "-pk")
    )
    page = Paginator(found, REQUESTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/requests.html", {"page_obj": page, "today": timezone.localdate()})


@role_required(*REQUEST_ROLES)
@require_http_methods(["GET", "POST"])
def request_new(request):
    form = RightsRequestForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.instance.recorded_by = request.user
            rights_request = form.save()
            messages.success(request, _("Demande enregistrée : la réponse est due au plus tard le %(date)s.")
                             % {"date": french_date(rights_request.answer_deadline().date)})  # fmt: skip
            return redirect(rights_request)
        return render(request, "privacy/request_form.html", {"form": form}, status=400)
    return render(request, "privacy/request_form.html", {"form": form})


@role_required(*REQUEST_ROLES)
@require_GET
def request_detail(request, pk):
    rights_request = _request(request.user, pk)
    return render(request, "privacy/request.html", _detail_context(request, rights_request))


def _detail_context(request, rights_request, **forms):
    handles = has_role(request.user, Role.ADMINISTRATOR)
    return {
        "rights_request": rights_request,
        "deadline": rights_request.answer_deadline(),
        "handles": handles,
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(instance=rights_request),
    }


@role_required(Role.ADMINISTRATOR)
@require_POST
def request_extend(request, pk):
    """Article 12.3 RGPD: two more months, once, for a reason the person is told."""
    rights_request = _request(request.user, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            rights_request.extend(timezone.localdate(), form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Délai prolongé de deux mois."))
            return redirect(rights_request)
    return render(
        request, "privacy/request.html", _detail_context(request, rights_request, extension_form=form), status=400
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def request_erase(request, pk):
    """Article 17 RGPD: the confirmation page (GET: whose record goes, or why it cannot), then the
    erasure (POST), irreversible."""
    rights_request = _request(request.user, pk)
    if request.method == "POST":
        try:
            rights.apply_erasure(rights_request, today=timezone.localdate())
        except ValidationError as error:
            context = {"rights_request": rights_request, "refusal": " ".join(error.messages)}
            return render(request, "privacy/request_erase.html", context, status=400)
        messages.success(request, _("La fiche de la personne est effacée et la demande a reçu sa réponse."))
        return redirect(rights_request)
    return render(
        request,
        "privacy/request_erase.html",
        {"rights_request": rights_request, "refusal": rights.refusal(rights_request)},
    )


@role_required(Role.ADMINISTRATOR)
@require_POST
def request_answer(request, pk):
    rights_request = _request(request.user, pk)
    form = AnswerForm(request.POST, instance=rights_request)
    if form.is_valid():
        form.save()
        messages.success(request, _("Réponse enregistrée."))
        return redirect(rights_request)
    rights_request.refresh_from_db()
    return render(
        request, "privacy/request.html", _detail_context(request, rights_request, answer_form=form), status=400
    )


@role_required(Role.ADMINISTRATOR)
@require_GET
def access_file(request, pk):
    """Article 15 (clause O16): everything held on the person of an access request, as a PDF to
    send, or as JSON (``?format=json``) for a machine."""
    rights_request = _request(request.user, pk)
    person = rights_request.person
    if person is None or rights_request.kind != RightsRequest.Kind.ACCESS:
        raise Http404
    with in_language_of(person):  # the file is the person's: in their language
        return _access_file(request, rights_request, person)


def _access_file(request, rights_request, person):
    sections = access.access_file(person)
    if request.GET.get("format") == "json":
        response = JsonResponse(
            {"person": str(person), "generated_on": timezone.localdate().isoformat(), "sections": sections},
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'attachment; filename="acces-{rights_request.pk}.json"'
        return response
    return pdf_response(
        request,
        "privacy/access_file.html",
        {"rights_request": rights_request, "person": person, "sections": sections,
         "commune": rights_request.partnership.commune},
        filename=f"acces-{rights_request.pk}.pdf",
        title=_("Vos données personnelles : réponse à votre demande d'accès"),
    )  # fmt: skip


@role_required(*REGISTER_ROLES)
@require_GET
def processing_register(request):
    """Article 30 RGPD: the record of the processing activities of one partnership's controller,
    as a page or (``?pdf=1``) a PDF its DPO signs."""
    choice = choose_partnership(
        request, Partnership.objects.visible_to(request.user).select_related("commune"), first_by_default=True
    )
    partnership = choice.partnership
    if partnership is None:
        raise Http404

    def context():
        return {
            "partnership": partnership,
            "commune": partnership.commune,
            "activities": register.register(partnership),
            "security": register.security_measures(),
            "dpo_contacts": DpoContact.objects.filter(partnership=partnership).order_by("party"),
            "choice": choice,
        }

    if request.GET.get("pdf") or request.GET.get("html"):
        return pdf_response(
            request, "privacy/register_pdf.html", context(), filename=f"registre-traitements-{partnership.pk}.pdf",
            title=_("Registre des activités de traitement"),
        )  # fmt: skip
    # Written once for its reader and shown again until a source changes (`duty_snapshots.kept_page`).
    body = duty_snapshots.kept_page(
        request, partnership.pk, "processing register", "privacy/_register_body.html", context
    )
    return render(request, "privacy/register.html", {"body": body})
