from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import charts, services
from dashboard.services import DASHBOARD_ROLES
from partnership import duty_snapshots
from partnership.pdf import pdf_response
from partnership.permissions import Role, role_required
from relais.reports import RECEPTION_FIELDS


def _period(request):
    """(today, the partnership choice, the partnership shown, the quarter) of the request."""
    today = timezone.localdate()
    choice, partnership = services.choose_partnership(request)
    if partnership is None:
        raise Http404
    return today, choice, partnership, services.parse_period(request.GET, today)


def _body(request, choice, partnership, quarter, today):
    """The context of the dashboard's figures (`dashboard/_body.html`), the page's and the PDF's."""
    board = services.build(request.user, partnership, choice.options, quarter, today)
    return {
        "board": board,
        "today": today,
        "commune": partnership.commune,
        "trend_chart": charts.employment_trend(board.employment),
        "activity_chart": (
            charts.activity_comparison(board.activity, RECEPTION_FIELDS, _("Personnes accueillies par mois"))
            if board.activity
            else None
        ),
        "title": _title(quarter),
    }


def _title(quarter):
    return _("Tableau de bord du partenariat – %(quarter)s") % {"quarter": quarter.label}


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    """The officials' dashboard (read-only): see `dashboard.services`. Its figures are written once
    for the partnership, the quarter and the reader's roles, and shown again until one of their
    sources changes or the day ends (`partnership.duty_snapshots.page`)."""
    today, choice, partnership, quarter = _period(request)
    body = duty_snapshots.page(
        partnership.pk,
        services.snapshot_key(request.user, quarter),
        today,
        lambda: render_to_string("dashboard/_body.html", _body(request, choice, partnership, quarter, today), request),
        request,
    )
    context = {
        "body": body,
        "choice": choice,
        "partnership": partnership,
        "quarter": quarter,
        "today": today,
        "years": range(today.year - 5, today.year + 1),
        "quarters": range(1, 5),
        "query": request.GET.urlencode(),
        "title": _title(quarter),
    }
    return render(request, "dashboard/dashboard.html", context)


@role_required(*DASHBOARD_ROLES)
def dashboard_pdf(request):
    """The same dashboard on one or two A4 pages, for a council meeting."""
    today, choice, partnership, quarter = _period(request)
    context = _body(request, choice, partnership, quarter, today)
    return pdf_response(
        request,
        "dashboard/dashboard_pdf.html",
        context,
        filename=f"tableau-de-bord-{partnership.commune.name}-{quarter.year}-T{quarter.number}.pdf".replace(" ", "-"),
        title=context["title"],
    )


@role_required(*Role.ALL)
def floor(request):
    """The framework's floor for the benchmark: a login-required view doing nothing else."""
    return HttpResponse("ok", content_type="text/plain")
