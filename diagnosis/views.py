import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from diagnosis import charts, exports, series, services, tables
from diagnosis.forms import ConfirmUploadForm, MovementForm, QuarterFiguresForm, QuarterNoteForm, UploadForm
from diagnosis.models import BusinessMovement, QuarterlyFigures, QuarterNote
from diagnosis.permissions import (
    MOVEMENT_EDITORS,
    READERS,
    SUBMITTERS,
    can_comment,
    can_edit_movements,
    can_submit_figures,
)
from diagnosis.quarters import Quarter, c3_business_movements_report_due, c3_quarterly_figures_due
from partnership import duty_snapshots, spreadsheets
from partnership.duty_snapshots import ALL
from partnership.models import Partnership
from partnership.pdf import pdf_response
from partnership.permissions import role_required
from partnership.services import paginate

SESSION_KEY = "diagnosis_uploads"


def visible_partnership(user, pk):
    return get_object_or_404(Partnership.objects.visible_to(user).select_related("commune", "agency"), pk=pk)


def _quarter(year, number):
    try:
        return Quarter(year, number)
    except ValueError as error:
        raise Http404 from error


PAGE_SIZE = 50
SERIES_QUARTERS = 20  # the charts' default span: five years; ?tout=1 shows the whole series


@role_required(*READERS)
def index(request):
    """The partnerships' latest figures, written once for their reader and query, and shown
    again until a source changes in any partnership (`partnership.duty_snapshots.kept_page`)."""
    first_two = list(Partnership.objects.visible_to(request.user).values_list("pk", flat=True)[:2])
    if len(first_two) == 1:
        # One partnership: its series at once, without a redirect's round trip.
        return series_page(request, first_two[0])
    body = duty_snapshots.kept_page(request, ALL, "diagnosis", "diagnosis/_index_body.html", lambda: _index(request))
    return render(request, "diagnosis/index.html", {"body": body})


def _index(request):
    latest = (
        QuarterlyFigures.objects.current()
        .filter(partnership=OuterRef("pk"))
        .order_by("-year", "-quarter", "-version")
        .values("pk")[:1]
    )
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .select_related("commune", "agency")
        .annotate(latest_figures=Subquery(latest))
        .order_by("commune__name", "pk")
    )
    page = paginate(request, partnerships, PAGE_SIZE)
    figures = QuarterlyFigures.objects.in_bulk([p.latest_figures for p in page.object_list if p.latest_figures])
    return {
        "items": [(p, figures.get(p.latest_figures)) for p in page.object_list],
        "page": page,
        "can_submit": can_submit_figures(request.user),
    }


@role_required(*READERS)
def series_page(request, pk):
    """A partnership's quarterly figures, written once for their reader and query, and shown
    again until one of its sources changes (`partnership.duty_snapshots.kept_page`)."""
    partnership = visible_partnership(request.user, pk)
    body = duty_snapshots.kept_page(
        request, partnership.pk, "series", "diagnosis/_series_body.html", lambda: _series(request, partnership),
        params=["tout"],
    )  # fmt: skip
    return render(request, "diagnosis/series.html", {"partnership": partnership, "body": body})


def _series(request, partnership):
    rows = series.for_partnership(partnership)
    whole = request.GET.get("tout") == "1"
    charted = rows if whole else rows[-SERIES_QUARTERS:]
    today = timezone.localdate()
    latest = Quarter.latest_complete(today)
    received = {row.period for row in rows}
    page = paginate(request, list(reversed(rows)), SERIES_QUARTERS)
    return {
        "partnership": partnership,
        # The table, newest first, by pages of twenty quarters.
        "rows": page.object_list,
        "page": page,
        "charts": charts.series_charts(charted),
        "whole": whole,
        "charted_from": charted[0].period if charted else None,
        "series_quarters": SERIES_QUARTERS,
        "shortened": len(charted) < len(rows),
        "latest_quarter": latest,
        "latest_due": c3_quarterly_figures_due(latest),
        "latest_received": latest in received,
        "any_demo": any(row.figures.demo for row in rows),
        "can_submit": can_submit_figures(request.user),
        "can_edit_movements": can_edit_movements(request.user),
        "today": today,
    }


def _quarter_context(request, partnership, quarter):
    figures = (
        QuarterlyFigures.objects.filter(partnership=partnership, year=quarter.year, quarter=quarter.number)
        .select_related("submitted_by")
        .order_by("-version")
    )
    figures = list(figures)
    current = next((f for f in figures if f.superseded_at is None), None)
    around = series.build(
        list(
            QuarterlyFigures.objects.current()
            # The quarter chart's eight quarters (and the changes of the quarter's row).
            .filter(partnership=partnership, year__gte=quarter.year - 2, year__lte=quarter.year)
            .order_by("year", "quarter")
        )
    )
    row = next((r for r in around if r.period == quarter), None)
    movements = list(BusinessMovement.objects.filter(partnership=partnership).in_quarter(quarter))
    note = QuarterNote.objects.filter(partnership=partnership, year=quarter.year, quarter=quarter.number).first()
    return {
        "partnership": partnership,
        "commune": partnership.commune,
        "quarter": quarter,
        "figures": current,
        "row": row,
        "chart": charts.quarter_chart(around, quarter),
        "versions": [f for f in figures if f.superseded_at is not None],
        "movements": movements,
        "jobs_created": sum(m.jobs_created for m in movements),
        "jobs_lost": sum(m.jobs_lost for m in movements),
        "note": note,
        "figures_due": c3_quarterly_figures_due(quarter),
        "movements_due": c3_business_movements_report_due(quarter),
        "subgroups": _subgroups(current),
        "today": timezone.localdate(),
    }


def _subgroups(figures):
    if not figures:
        return []
    from diagnosis.checks import FIELD_LABELS

    names = ["seekers_a", "seekers_b", "seekers_c", "under_25", "aged_50_plus", "women", "long_term", "rsa"]
    return [
        (FIELD_LABELS[name], getattr(figures, name), figures.share_of(name))
        for name in names
        if getattr(figures, name) is not None
    ]


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def quarter_page(request, pk, year, number):
    partnership = visible_partnership(request.user, pk)
    quarter = _quarter(year, number)
    context = _quarter_context(request, partnership, quarter)
    may_comment = can_comment(request.user)
    form = None
    if may_comment:
        form = QuarterNoteForm(request.POST or None, instance=context["note"])
    if request.method == "POST":
        if not may_comment:
            raise PermissionDenied
        if form.is_valid():
            note = form.save(commit=False)
            note.partnership, note.year, note.quarter = partnership, quarter.year, quarter.number
            note.save()
            messages.success(request, _("Le diagnostic du trimestre a été enregistré."))
            return redirect("diagnosis:quarter", pk=partnership.pk, year=quarter.year, number=quarter.number)
    context.update(
        {
            "form": form,
            "can_submit": can_submit_figures(request.user),
            "can_edit_movements": can_edit_movements(request.user),
        }
    )
    return render(request, "diagnosis/quarter.html", context)


@role_required(*READERS)
def quarter_pdf(request, pk, year, number):
    partnership = visible_partnership(request.user, pk)
    quarter = _quarter(year, number)
    context = _quarter_context(request, partnership, quarter)
    return pdf_response(
        request,
        "diagnosis/quarter_pdf.html",
        context,
        filename=f"diagnostic-{partnership.commune.insee_code}-{quarter.year}-T{quarter.number}.pdf",
        title=_("Diagnostic territorial partagé — %(quarter)s") % {"quarter": quarter.label},
    )


@role_required(*SUBMITTERS)
@require_http_methods(["GET", "POST"])
def figures_form(request, pk):
    partnership = get_object_or_404(
        services.submittable_partnerships(request.user)
        .select_related("commune")
        .prefetch_related("conventions__terminations"),
        pk=pk,
    )
    current = services.current_values([partnership.pk])

    def lookup(quarter):
        return current.get((partnership.pk, quarter.index))

    initial = {}
    if request.method == "GET":
        quarter = Quarter.latest_complete(timezone.localdate())
        try:
            quarter = Quarter(int(request.GET["annee"]), int(request.GET["trimestre"]))
        except (KeyError, ValueError):
            pass
        existing = lookup(quarter)
        initial = {"year": quarter.year, "quarter": quarter.number}
        if existing:
            initial.update(existing.values())
            initial["figures_date"] = existing.figures_date
    form = QuarterFiguresForm(request.POST or None, initial=initial, partnership=partnership, previous_lookup=lookup)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.plan_single(partnership, data["period"], data.get("figures_date"), data["values"], form.today)
        try:
            services.save_plan(
                plan,
                request.user,
                source=QuarterlyFigures.Source.FORM,
                confirm_replace=bool(data.get("replace")),
                confirm_early=bool(data.get("confirm_early")),
            )
        except (services.ConcurrentSubmission, services.ReplacementNotConfirmed, services.EarlyNotConfirmed):
            messages.error(
                request, _("D'autres chiffres ont été reçus entre-temps pour ce trimestre : vérifiez puis recommencez.")
            )
        else:
            for warning in plan.quarters[0].warnings:
                messages.warning(request, warning.message)
            messages.success(request, _("Les chiffres du %(q)s ont été enregistrés.") % {"q": data["period"].label})
            return redirect(
                "diagnosis:quarter", pk=partnership.pk, year=data["period"].year, number=data["period"].number
            )
    return render(request, "diagnosis/figures_form.html", {"partnership": partnership, "form": form})


@role_required(*SUBMITTERS)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "GET":
        return render(request, "diagnosis/upload.html", {"form": UploadForm(), "plan": None})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "diagnosis/upload.html", {"form": form, "plan": None}, status=422)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read()
    plan = services.plan_upload(request.user, upload_file.name, data)
    if not plan.ok:
        return render(request, "diagnosis/upload.html", {"form": form, "plan": plan}, status=422)
    # Kept through the storage API (not process memory) until the uploader confirms.
    token = uuid.uuid4().hex
    path = f"diagnosis/uploads/{token}{'.xlsx' if tables.is_xlsx(data) else '.csv'}"
    default_storage.save(path, ContentFile(data))
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"name": upload_file.name, "path": path}
    request.session[SESSION_KEY] = pending
    return redirect("diagnosis:upload_confirm", token=token)


def _pending(request, token):
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or not default_storage.exists(entry["path"]):
        raise Http404
    return entry


def _forget(request, token):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if entry and default_storage.exists(entry["path"]):
        default_storage.delete(entry["path"])


@role_required(*SUBMITTERS)
@require_http_methods(["GET", "POST"])
def upload_confirm(request, token):
    entry = _pending(request, token)
    with default_storage.open(entry["path"], "rb") as stored:
        data = stored.read()
    # Checked again: the database may have changed since the preview.
    plan = services.plan_upload(request.user, entry["name"], data)
    if request.method == "POST" and "cancel" in request.POST:
        _forget(request, token)
        messages.info(request, _("Le dépôt a été abandonné : rien n'a été enregistré."))
        return redirect("diagnosis:upload")
    form = ConfirmUploadForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and plan.ok and form.is_valid():
        try:
            saved = services.save_plan(
                plan,
                request.user,
                source=QuarterlyFigures.Source.UPLOAD,
                confirm_replace=form.cleaned_data["replace"],
                confirm_early=form.cleaned_data["confirm_early"],
            )
        except services.ConcurrentSubmission:
            messages.error(
                request, _("D'autres chiffres ont été reçus entre-temps : vérifiez l'aperçu puis confirmez.")
            )
        else:
            _forget(request, token)
            messages.success(request, _("%(count)s trimestre(s) enregistré(s).") % {"count": len(saved)})
            partnerships = {q.partnership.pk for q in plan.quarters}
            if len(partnerships) == 1:
                return redirect("diagnosis:series", pk=partnerships.pop())
            return redirect("diagnosis:index")
    return render(
        request,
        "diagnosis/upload_confirm.html",
        {"plan": plan, "form": form, "name": entry["name"], "preview": plan.quarters[:200]},
    )


@role_required(*SUBMITTERS)
def upload_template(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    # The two columns the template fills in, not a model instance per partnership.
    communes = services.submittable_partnerships(request.user).values_list("commune__insee_code", "commune__name")
    quarter = Quarter.latest_complete(timezone.localdate())
    headers = exports.template_headers()
    rows = list(exports.template_rows(communes, quarter.year, quarter.number))
    if fmt == "xlsx":
        content = spreadsheets.to_xlsx(headers, rows, sheet_title="Chiffres", notes=exports.template_notes())
        return _download(content, spreadsheets.XLSX_TYPE, "modele-chiffres-trimestriels.xlsx")
    return _download(spreadsheets.to_csv(headers, rows), "text/csv; charset=utf-8", "modele-chiffres-trimestriels.csv")


@role_required(*READERS)
def series_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    partnership = visible_partnership(request.user, pk)
    figures = QuarterlyFigures.objects.current().filter(partnership=partnership).order_by("year", "quarter")
    headers = exports.series_headers()
    rows = list(exports.series_rows(partnership, figures))
    name = f"chiffres-trimestriels-{partnership.commune.insee_code}"
    if fmt == "xlsx":
        return _download(
            spreadsheets.to_xlsx(headers, rows, sheet_title="Chiffres"), spreadsheets.XLSX_TYPE, f"{name}.xlsx"
        )
    return _download(spreadsheets.to_csv(headers, rows), "text/csv; charset=utf-8", f"{name}.csv")


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*READERS)
def movement_list(request, pk):
    partnership = visible_partnership(request.user, pk)
    movements = BusinessMovement.objects.filter(partnership=partnership)
    return render(
        request,
        "diagnosis/movement_list.html",
        {"partnership": partnership, "movements": movements, "can_edit": can_edit_movements(request.user)},
    )


@role_required(*MOVEMENT_EDITORS)
@require_http_methods(["GET", "POST"])
def movement_form(request, pk, movement_pk=None):
    partnership = visible_partnership(request.user, pk)
    movement = (
        get_object_or_404(BusinessMovement.objects.filter(partnership=partnership), pk=movement_pk)
        if movement_pk
        else BusinessMovement(partnership=partnership)
    )
    form = MovementForm(request.POST or None, instance=movement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le mouvement d'entreprise a été enregistré."))
        return redirect("diagnosis:movements", pk=partnership.pk)
    return render(
        request, "diagnosis/movement_form.html", {"partnership": partnership, "form": form, "movement": movement}
    )
