from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from opus_service import forms
from opus_service import ledger as service_ledger
from opus_service.legal_dates import ACKNOWLEDGEMENT_WORKING_DAYS, ANSWER_WORKING_DAYS
from opus_service.models import AnnouncedChange, ServiceInterruption, SupportRequest
from opus_service.permissions import EDITORS, READERS
from partnership import duty_snapshots
from partnership.models import Partnership
from partnership.permissions import has_role, role_required
from partnership.services import choose_partnership

# What the ledger records, by the URL's word: the model, its form, the page's title.
RECORDS = {
    "demande": (SupportRequest, forms.SupportRequestForm, _l("Demande d'assistance")),
    "interruption": (ServiceInterruption, forms.ServiceInterruptionForm, _l("Interruption du service")),
    "evolution": (AnnouncedChange, forms.AnnouncedChangeForm, _l("Évolution annoncée")),
}


def _partnership_and_year(request):
    choice = choose_partnership(
        request, Partnership.objects.visible_to(request.user).select_related("commune"), first_by_default=True
    )
    partnership = choice.partnership
    if partnership is None:
        raise Http404
    value = request.GET.get("annee") or str(timezone.localdate().year)
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise Http404
    return choice, partnership, int(value)


def _query(partnership, year):
    return f"?partenariat={partnership.pk}&annee={year}"


@role_required(*READERS)
def ledger(request):
    """A partnership's ledger of the OPUS service for a year, written once for its reader and
    shown again until a source changes (`partnership.duty_snapshots.kept_page`)."""
    choice, partnership, year = _partnership_and_year(request)

    def context():
        return {
            "ledger": service_ledger.ledger(partnership, year),
            "partnership": partnership,
            "choice": choice,
            "year": year,
            "years": range(year - 2, year + 2),
            "query": _query(partnership, year),
            "can_edit": has_role(request.user, *EDITORS),
            "acknowledgement_days": ACKNOWLEDGEMENT_WORKING_DAYS,
            "answer_days": ANSWER_WORKING_DAYS,
        }

    body = duty_snapshots.kept_page(
        request, partnership.pk, "opus service ledger", "opus_service/_ledger_body.html", context, params=["annee"]
    )
    return render(request, "opus_service/ledger.html", {"body": body})


# The exports of the ledger, by the URL's word: what a complaint about the service rests on.
EXPORTS = {
    "demandes": (service_ledger.requests_csv, "demandes-assistance-opus"),
    "interruptions": (service_ledger.interruptions_csv, "interruptions-opus"),
}


@role_required(*READERS)
def ledger_csv(request, what):
    if what not in EXPORTS:
        raise Http404
    write, name = EXPORTS[what]
    _filter, partnership, year = _partnership_and_year(request)
    response = HttpResponse(write(service_ledger.ledger(partnership, year)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{year}.csv"'
    return response


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def record_form(request, kind, pk=None):
    if kind not in RECORDS:
        raise Http404
    model, form_class, title = RECORDS[kind]
    record = get_object_or_404(model.objects.visible_to(request.user), pk=pk) if pk else None
    form = form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            record = form.save()
            messages.success(request, _("L'enregistrement du registre du service OPUS est fait."))
            return redirect(reverse("opus_service:ledger") + _query(record.partnership, record.ledger_year))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "opus_service/record_form.html", {"form": form, "record": record, "title": title}, status=status
    )
