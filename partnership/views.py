from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnership import obligations, services
from partnership.forms import CommitmentUpdateForm
from partnership.models import Commitment, CommitmentUpdate, Convention, Deliberation, Partnership, SessionAbsence
from partnership.permissions import Role, can_edit_commitments, role_required


def visible_conventions(user):
    return (
        Convention.objects.visible_to(user)
        .select_related("partnership", "parent", "parent__partnership")
        .prefetch_related("terminations", "parent__terminations")
    )


@role_required(*Role.ALL)
def home(request):
    today = timezone.localdate()
    conventions = list(visible_conventions(request.user))
    partnership_ids = Partnership.objects.visible_to(request.user).values_list("pk", flat=True)
    duties = [d for d in obligations.collect(partnership_ids, today) if not d.done]
    return render(
        request,
        "partnership/home.html",
        {
            "today": today,
            "in_force": [c for c in conventions if c.status(today) in services.LIVE],
            "conventions": conventions,
            "late": [d for d in duties if d.due_date < today],
            "upcoming": [d for d in duties if today <= d.due_date][:8],
        },
    )


@role_required(*Role.ALL)
def convention_list(request):
    today = timezone.localdate()
    conventions = visible_conventions(request.user).order_by("partnership__name", "-effective_from", "kind")
    return render(request, "partnership/convention_list.html", {"conventions": conventions, "today": today})


@role_required(*Role.ALL)
def convention_detail(request, pk):
    queryset = (
        visible_conventions(request.user)
        .select_related("deliberation", "opus_annex")
        .prefetch_related(
            Prefetch("parties", queryset=services.parties_queryset()),
            Prefetch("commitments", queryset=Commitment.objects.select_related("party")),
            "opus_services",
            "applications",
        )
    )
    convention = get_object_or_404(queryset, pk=pk)
    return render(
        request,
        "partnership/convention_detail.html",
        {
            "convention": convention,
            "today": timezone.localdate(),
            "commitments_by_party": services.commitments_by_party(convention),
            "can_edit": can_edit_commitments(request.user),
        },
    )


@role_required(*Role.ALL)
@require_http_methods(["GET", "POST"])
def commitment_detail(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.filter(convention__in=Convention.objects.visible_to(request.user)).select_related(
            "convention", "party"
        ),
        pk=pk,
    )
    can_edit = can_edit_commitments(request.user)
    form = CommitmentUpdateForm(request.POST or None, commitment=commitment) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.record_commitment_update(commitment, request.user, **form.cleaned_data)
            messages.success(request, _("Le suivi de l'engagement a été enregistré."))
            return redirect("commitment_detail", pk=commitment.pk)
    updates = CommitmentUpdate.objects.filter(commitment=commitment).select_related("author")
    return render(
        request,
        "partnership/commitment_detail.html",
        {"commitment": commitment, "form": form, "updates": updates, "can_edit": can_edit},
    )


@role_required(*Role.ALL)
def deliberation_detail(request, pk):
    queryset = (
        Deliberation.objects.filter(partnership__in=Partnership.objects.visible_to(request.user))
        .select_related("session", "session__commune", "partnership")
        .prefetch_related(
            "decisions",
            "conventions",
            Prefetch("session__absences", queryset=SessionAbsence.objects.order_by("id")),
        )
    )
    deliberation = get_object_or_404(queryset, pk=pk)
    return render(
        request,
        "partnership/deliberation_detail.html",
        {"deliberation": deliberation, "session": deliberation.session, "actes": services.safe_actes(deliberation)},
    )
