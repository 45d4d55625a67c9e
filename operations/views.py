"""The load balancer's health endpoint and the platform administrator's page of the
installation: its services, its daily jobs, the e-mails that could not be delivered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from operations import health, jobs
from operations.models import LATE, STATUS_LABELS
from partnership.permissions import platform_admin_required
from reminders.models import SentReminder
from reminders.services import send_again

FAILED_DELIVERIES_SHOWN = 50


@login_not_required
@transaction.non_atomic_requests  # a request that opens a transaction fails before it can answer 503
@never_cache
@require_GET
def health_endpoint(request):
    """For a load balancer: 200 when the database and the cache answer, else 503; no detail."""
    results = health.run(health.ESSENTIAL)
    ok = all(result.ok for result in results.values())
    return HttpResponse("OK" if ok else "KO", content_type="text/plain; charset=utf-8", status=200 if ok else 503)


@platform_admin_required
@never_cache
@require_GET
def status(request):
    now = timezone.now()
    runs = jobs.job_runs()
    for run in runs:
        run.state = run.status(now)
        run.state_label = STATUS_LABELS[run.state]
    failed = (
        SentReminder.objects.failed()
        .select_related("user", "notification")
        .order_by("-claimed_at", "-pk")[:FAILED_DELIVERIES_SHOWN]
    )
    checks = list(health.run(health.ALL).values())
    return render(
        request,
        "operations/status.html",
        {
            "checks": checks,
            "all_ok": all(check.ok for check in checks) and not any(run.state == LATE for run in runs),
            "runs": runs,
            "failed": failed,
            "failed_shown": FAILED_DELIVERIES_SHOWN,
        },
    )


@platform_admin_required
@require_POST
def resend(request, pk):
    reminder = get_object_or_404(SentReminder.objects.failed().select_related("user", "notification"), pk=pk)
    delivered = send_again(reminder, timezone.now())
    if delivered:
        messages.success(request, _("Le courriel du rappel n° %(pk)s a été envoyé.") % {"pk": pk})
    elif delivered is None:
        messages.error(request, _("Un autre envoi du rappel n° %(pk)s est en cours.") % {"pk": pk})
    else:
        messages.error(request, _("Le courriel du rappel n° %(pk)s n'a pas pu être envoyé.") % {"pk": pk})
    return redirect("operations:status")
