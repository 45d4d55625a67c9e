from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import charts, services
from dashboard.services import DASHBOARD_ROLES
from partnership.pdf import pdf_response
from partnership.permissions import Role, role_required
from relais.reports import RECEPTION_FIELDS


def _dashboard(request):
    today = timezone.localdate()
    choice, partnership = services.choose_partnership(request)
    if partnership is None:
        raise Http404
    quarter = services.parse_period(request.GET, today)
    board = services.build(request.user, partnership, choice.options, quarter, today)
    context = {
        "board": board,
        "choice": choice,
        "today": today,
        "commune": partnership.commune,
        "trend_chart": charts.employment_trend(board.employment),
        "activity_chart": (
            charts.activity_comparison(board.activity, RECEPTION_FIELDS, _("Personnes accueillies par mois"))
            if board.activity
            else None
        ),
        "years": range(today.year - 5, today.year + 1),
        "quarters": range(1, 5),
        "title": _("Tableau de bord du partenariat – %(quarter)s") % {"quarter": quarter.label},
    }
    return context


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    """The officials' dashboard (read-only): see `dashboard.services`."""
    context = _dashboard(request)
    context["query"] = request.GET.urlencode()
    return render(request, "dashboard/dashboard.html", context)


@role_required(*DASHBOARD_ROLES)
def dashboard_pdf(request):
    """The same dashboard on one or two A4 pages, for a council meeting."""
    context = _dashboard(request)
    board = context["board"]
    return pdf_response(
        request,
        "dashboard/dashboard_pdf.html",
        context,
        filename=f"tableau-de-bord-{board.partnership.commune.name}-{board.quarter.year}-T{board.quarter.number}.pdf".replace(
            " ", "-"
        ),
        title=context["title"],
    )


@role_required(*Role.ALL)
def floor(request):
    """The framework's floor for the benchmark: a login-required view doing nothing else."""
    return HttpResponse("ok", content_type="text/plain")
