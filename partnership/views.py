import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from partnership import committees, duty_snapshots, obligations, opus_terms, services
from partnership.committee_forms import CommitteeForm, answer_formset, member_formset
from partnership.forms import AmendmentForm, CommitmentUpdateForm, ScopeNoticeForm
from partnership.french import french_date
from partnership.models import (
    Amendment,
    Commitment,
    CommitmentUpdate,
    CommitteeMember,
    Convention,
    Deliberation,
    Partnership,
    SessionAbsence,
    SteeringCommittee,
    partnership_scope,
)
from partnership.pdf import pdf_response
from partnership.permissions import (
    SCOPE_EDITORS,
    Role,
    can_edit_commitments,
    can_record_scope,
    has_role,
    role_required,
    roles_of,
)


def visible_conventions(user):
    return (
        Convention.objects.visible_to(user).select_related("partnership", "parent", "parent__partnership").with_terms()
    )


HOME_LIST_SIZE = 10


@role_required(*Role.ALL)
def home(request):
    if roles_of(request.user) == {Role.ELU} and not request.user.is_superuser:
        from dashboard.views import dashboard

        return dashboard(request)  # the officials' home page, served here (no redirect to wait for)
    # One partnership at a time for a wide scope: the first, until another is picked.
    choice = services.choose_partnership(
        request, Partnership.objects.visible_to(request.user), first_by_default=services.is_wide_scope
    )
    body = duty_snapshots.kept_page(
        request, duty_snapshots.kept_for(choice), "home", "partnership/_home_body.html", lambda: _home(request, choice)
    )
    return render(request, "partnership/home.html", {"body": body})


def _home(request, choice):
    today = timezone.localdate()
    wide_scope = services.is_wide_scope(choice.count)
    # Not a wide scope: at most WIDE_SCOPE_PARTNERSHIPS partnerships, whose names the duties show.
    names = {} if choice.pk or wide_scope else dict(choice.options if choice.complete else _names(request))
    partnership_ids = [choice.pk] if choice.pk else list(names)
    # Only the conventions in force are shown: only they are read, with what their dates rest on.
    in_force = list(
        visible_conventions(request.user)
        .filter(partnership_id__in=partnership_ids)
        .filter(_status_filter("en_vigueur", today))
    )
    duties = duty_snapshots.collect(partnership_ids, today)
    late, upcoming = obligations.late_and_next(duties, today, days=30)
    # First what the reader's roles must do, then what others must do, and who.
    my_late, others_late = obligations.split_by_actor(late, request.user)
    my_upcoming, others_upcoming = obligations.split_by_actor(upcoming, request.user)
    others = obligations.most_recent_late(others_late, HOME_LIST_SIZE) + others_upcoming
    return {
        "today": today,
        "choice": choice,
        "partnership": choice.pk,
        "wide_scope": wide_scope,
        "partnership_names": names if len(names) > 1 else {},
        "in_force": in_force,
        # Capped lists (the calendar has the rest): the most recent late duties, the next due.
        "late": obligations.most_recent_late(my_late, HOME_LIST_SIZE),
        "late_count": len(my_late),
        "upcoming": my_upcoming[:HOME_LIST_SIZE],
        "upcoming_count": len(my_upcoming),
        "others": others[:HOME_LIST_SIZE],
        "others_count": len(others_late) + len(others_upcoming),
    }


PAGE_SIZE = 50


# The status filter of the convention list: its query value, label and the statuses it keeps.
CONVENTION_STATUS_FILTERS = {
    "en_vigueur": (_l("En vigueur"), Convention.IN_FORCE_STATUSES),
    "a_venir": (_l("Pas encore en vigueur"), (Convention.Status.UNSIGNED, Convention.Status.UPCOMING)),
    "terminee": (_l("Terminée (échue ou résiliée)"), (Convention.Status.EXPIRED, Convention.Status.TERMINATED)),
}


def _status_filter(key, today):
    """The conventions whose `Convention.status(today)` is among those of the filter `key`, as a
    condition on the database's columns, so that only the page's rows are read. `status` follows
    the legal dates (clauses C2, O20, C12): unsigned, then not yet in force before the first day
    of the term, ended after its last day, else in force; the stored term (`starts_on`,
    `ends_on`, kept true by every write, see `refresh_terms`) is the one `status` reckons. Each
    filter keeps whole steps of it (unsigned or upcoming; in force, a termination pending or
    not; expired or terminated), which the stored term tells apart."""
    unsigned = Q(signed_on__isnull=True) & (Q(kind=Convention.Kind.OPUS) | Q(effective_from__isnull=True))
    upcoming = Q(starts_on__gt=today)
    ended = Q(ends_on__lt=today)
    return {
        "en_vigueur": ~unsigned & ~upcoming & ~ended,
        "a_venir": unsigned | upcoming,
        "terminee": ~unsigned & ~upcoming & ended,
    }[key]


def _partnership_filter(request):
    """The partnership filter of a list page (see services.choose_partnership); 404 outside the scope."""
    return services.choose_partnership(request, Partnership.objects.visible_to(request.user))


def _names(request):
    return Partnership.objects.visible_to(request.user).values_list("pk", "name")


@role_required(*Role.ALL)
def convention_list(request):
    today = timezone.localdate()
    choice = _partnership_filter(request)
    partnership = choice.pk
    conventions = visible_conventions(request.user).order_by("partnership__name", "-effective_from", "kind", "id")
    if partnership:
        conventions = conventions.filter(partnership=partnership)
    status = request.GET.get("statut", "")
    if status and status not in CONVENTION_STATUS_FILTERS:
        raise Http404
    if status:
        conventions = conventions.filter(_status_filter(status, today))

    def context():
        return {
            "conventions": conventions,
            "page": services.paginate(request, conventions, PAGE_SIZE),
            "today": today,
            "choice": choice,
            "partnership": partnership,
            "statuses": [(key, label) for key, (label, _kept) in CONVENTION_STATUS_FILTERS.items()],
            "status": status,
        }

    body = duty_snapshots.kept_page(
        request,
        duty_snapshots.kept_for(choice),
        "conventions",
        "partnership/_convention_list_body.html",
        context,
        params=["statut"],
    )
    return render(request, "partnership/convention_list.html", {"body": body})


@role_required(*Role.ALL)
def convention_detail(request, pk):
    """The convention; for the OPUS convention, its scope of access (annex 1, clauses O9, O21) in
    force today or on the day of ``?date=`` (400 for a value that is not a date), and its history.
    The page of today's scope is written once for its reader and shown again until one of its
    sources changes or the day ends (`partnership.duty_snapshots.page`); another day's afresh."""
    head = get_object_or_404(Convention.objects.visible_to(request.user).values("partnership_id", "title"), pk=pk)
    today = timezone.localdate()
    if "date" in request.GET:
        html, status = _convention_body(request, pk, today)
    else:
        key = f"convention {pk} {duty_snapshots.reader(request.user)}"
        html = duty_snapshots.page(
            head["partnership_id"], key, today, lambda: _convention_body(request, pk, today)[0], request
        )
        status = 200
    return render(request, "partnership/convention_detail.html", {"title": head["title"], "body": html}, status=status)


def _convention_body(request, pk, today):
    """(HTML of `partnership/_convention_body.html`, status) of the convention `pk` for `request`."""
    # `visible_conventions`, with the amendments and commitments read in the order of the
    # convention's own lists (without the join their default order makes to every convention's
    # partnership: the same order within one convention).
    queryset = (
        Convention.objects.visible_to(request.user)
        .select_related("partnership", "parent", "parent__partnership", "deliberation", "opus_annex")
        .prefetch_related(
            *Convention.terms_prefetch(),
            Prefetch("parties", queryset=services.parties_queryset()),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("party").order_by("party__name", "order", "id"),
            ),
            "opus_services",
            "amendments__services",
            "applications",
        )
    )
    convention = get_object_or_404(queryset, pk=pk)
    if convention.is_opus:
        prefetch_related_objects([convention], *Convention.scope_prefetch())
    terms = convention.terms_on(today)
    day_form, day = services.scope_day(request, today)
    context = {
        "convention": convention,
        "today": today,
        "terms": terms,
        "amendments": convention.amendments_in_order(),
        "terminations": list(convention.terminations.all()),
        "commitments_by_party": services.commitments_by_party(convention, terms),
        "can_edit": can_edit_commitments(request.user),
        "opus_terms": opus_terms.TERMS if convention.is_opus else (),
        "can_amend": has_role(request.user, *AMENDMENT_EDITORS),
        "can_terminate": has_role(request.user, *Role.RELAIS_STAFF)
        and convention.status(today) not in (Convention.Status.EXPIRED, Convention.Status.TERMINATED),
        "scope_form": day_form,
        "scope_day": day or today,
        "scope": convention.terms_on(day) if day and day != today else terms,
        "can_record_scope": can_record_scope(request.user),
    }
    return render_to_string("partnership/_convention_body.html", context, request), 400 if day is None else 200


# --- Amendments (avenants): clauses C2, O9, O21, O22, C5, C7 ---------------------------------

# Those who keep the conventions' record: the Relais Emploi's staff and the Administrateur.
AMENDMENT_EDITORS = (*Role.RELAIS_STAFF, Role.ADMINISTRATOR)


@role_required(*AMENDMENT_EDITORS)
@require_http_methods(["GET", "POST"])
def amendment_new(request, pk):
    """The form of an amendment; empty, it is written once for its reader and day and shown again
    until a source changes (`partnership.duty_snapshots.kept_page`); posted, afresh with its errors."""
    if request.method == "GET":
        return _empty_form(request, pk, "amendment", "partnership/amendment_form.html", _amendment_form)
    form, context = _amendment_form(request, pk)
    if form.is_valid():
        try:
            amendment = services.record_amendment(
                form.instance, services=form.service_changes(), dropped=form.cleaned_data.get("dropped", []),
                new_commitment=form.new_commitment(), user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'avenant est enregistré : les conditions en vigueur en tiennent compte."))
            return redirect(amendment)
    return _posted_form(request, "partnership/amendment_form.html", context)


def _empty_form(request, pk, name, template, form_and_context):
    """The page of a convention's empty form `template` (its body, ``_``-prefixed, kept)."""
    head = get_object_or_404(visible_conventions(request.user).values("partnership_id", "title"), pk=pk)
    body = duty_snapshots.kept_page(
        request,
        head["partnership_id"],
        f"{name} form {pk}",
        duty_snapshots.body_of(template),
        lambda: form_and_context(request, pk)[1],
    )
    return render(request, template, {"convention": head, "body": body})


def _posted_form(request, template, context):
    body = render_to_string(duty_snapshots.body_of(template), context, request)
    return render(request, template, {"convention": context["convention"], "body": body}, status=422)


def _amendment_form(request, pk):
    convention = get_object_or_404(
        visible_conventions(request.user)
        .select_related("opus_annex")
        .prefetch_related(
            *Convention.scope_prefetch(),
            "commitments",
            Prefetch("parties", queryset=services.parties_queryset()),
        ),
        pk=pk,
    )
    today = timezone.localdate()
    terms = convention.terms_on(today)
    number = max((a.number for a in convention.amendments.all()), default=0) + 1
    form = AmendmentForm(
        request.POST or None, convention=convention, terms=terms, initial={"number": number, "effective_from": today}
    )
    return form, {"form": form, "convention": convention, "terms": terms}


@role_required(*Role.ALL)
def amendment_detail(request, pk):
    """An amendment and what it changes, written once for its reader and day and shown again until
    a source changes (`partnership.duty_snapshots.kept_page`)."""
    amendment = get_object_or_404(
        Amendment.objects.filter(convention__in=Convention.objects.visible_to(request.user)).select_related(
            "convention", "deliberation"
        ),
        pk=pk,
    )

    def context():
        convention = (
            Convention.objects.select_related("parent", "opus_annex")
            .prefetch_related(*Convention.terms_prefetch(), *Convention.scope_prefetch(), "commitments")
            .get(pk=amendment.convention_id)
        )
        day = amendment.effective_from
        before, after = convention.terms_on(day - datetime.timedelta(days=1)), convention.terms_on(day)
        return {
            "amendment": amendment,
            "convention": convention,
            "before": before,
            "after": after,
            "commitments_before": len(before.commitments(convention)),
            "commitments_after": len(after.commitments(convention)),
            "services": amendment.services.all(),
            "added": amendment.added_commitments.select_related("party"),
            "dropped": amendment.dropped_commitments.select_related("party"),
        }

    body = duty_snapshots.kept_page(
        request, amendment.convention.partnership_id, f"amendment {pk}", "partnership/_amendment_detail_body.html",
        context,
    )  # fmt: skip
    return render(request, "partnership/amendment_detail.html", {"amendment": amendment, "body": body})


# --- Changes of the scope of access notified by the regional director: clauses O9, O21 ----------


@role_required(*SCOPE_EDITORS)
@require_http_methods(["GET", "POST"])
def scope_notice_new(request, pk):
    """Record a change of annex 1 notified in writing by the regional director (article 5.2),
    with the letter of the ledger or the filed scan it rests on. Empty, the form is kept as the
    amendment's is."""
    if request.method == "GET":
        return _empty_form(request, pk, "scope notice", "partnership/scope_notice_form.html", _scope_notice_form)
    form, context = _scope_notice_form(request, pk)
    if form.is_valid():
        try:
            services.record_scope_notice(form.instance, services=form.service_changes(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("La modification du périmètre d'accès est enregistrée avec sa notification (clause O9).")
            )
            return redirect(f"{context['convention'].get_absolute_url()}#scope-title")
    return _posted_form(request, "partnership/scope_notice_form.html", context)


def _scope_notice_form(request, pk):
    convention = get_object_or_404(
        visible_conventions(request.user)
        .filter(kind=Convention.Kind.OPUS)
        .prefetch_related(*Convention.scope_prefetch()),
        pk=pk,
    )
    today = timezone.localdate()
    terms = convention.terms_on(today)
    form = ScopeNoticeForm(request.POST or None, convention=convention, terms=terms, initial={"effective_from": today})
    return form, {"form": form, "convention": convention, "terms": terms}


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
        Deliberation.objects.filter(partnership_scope(request.user, "partnership"))
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


# --- Steering committee (clause C10) ---------------------------------------------------------

COMMITTEE_READERS = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)


def _committee(user, pk):
    queryset = (
        SteeringCommittee.objects.visible_to(user)
        .select_related("partnership", "partnership__commune", "convention")
        .prefetch_related(committees.members_prefetch())
    )
    return get_object_or_404(queryset, pk=pk)


def _planned_committee(user, pk):
    """The committee if it is still planned: a held or cancelled one is no longer convened,
    answered or cancelled (404)."""
    committee = _committee(user, pk)
    if not committee.is_planned:
        raise Http404
    return committee


_member_counts = (
    CommitteeMember.objects.filter(committee=OuterRef("pk"))
    .order_by()
    .values("committee")
    .annotate(count=Count("pk"))
    .values("count")
)


@role_required(*COMMITTEE_READERS)
def committee_list(request):
    choice = _partnership_filter(request)
    partnership = choice.pk
    items = (
        SteeringCommittee.objects.visible_to(request.user)
        .select_related("partnership", "convention")
        # A count per row, not a GROUP BY over every committee: the page's rows only are counted.
        .annotate(member_count=Coalesce(Subquery(_member_counts), 0))
        .order_by("-date", "-id")
    )
    items = choice.narrowed(items)

    def context():
        return {
            "committees": items,
            "page": services.paginate(request, items, PAGE_SIZE),
            "choice": choice,
            "partnership": partnership,
            "can_edit": can_edit_commitments(request.user),
        }

    body = duty_snapshots.kept_page(
        request, duty_snapshots.kept_for(choice), "committees", "partnership/_committee_list_body.html", context
    )
    return render(request, "partnership/committee_list.html", {"body": body})


def _committee_context(committee):
    return {"committee": committee, "commune": committee.partnership.commune, "record": committees.record(committee)}


@role_required(*COMMITTEE_READERS)
def committee_detail(request, pk):
    """The committee, written once for its reader and day and shown again until a source changes
    (`partnership.duty_snapshots.kept_page`)."""
    head = get_object_or_404(SteeringCommittee.objects.visible_to(request.user).only("partnership_id", "date"), pk=pk)

    def context():
        committee = _committee(request.user, pk)
        found = _committee_context(committee)
        found["can_edit"] = can_edit_commitments(request.user)
        found["refusal_to_convene"] = committee.refusal_to_convene(timezone.localdate())
        return found

    body = duty_snapshots.kept_page(
        request, head.partnership_id, f"committee {pk}", "partnership/_committee_detail_body.html", context
    )
    return render(request, "partnership/committee_detail.html", {"committee": head, "body": body})


@role_required(*Role.RELAIS_STAFF)
@require_http_methods(["GET", "POST"])
def committee_form(request, pk=None):
    """A committee's form. A committee's empty form is written once for its reader and day and
    shown again until a source changes (`partnership.duty_snapshots.kept_page`)."""
    if pk and request.method == "GET":
        head = get_object_or_404(
            SteeringCommittee.objects.visible_to(request.user).values("partnership_id", "status"), pk=pk
        )
        if head["status"] == SteeringCommittee.Status.CANCELLED:
            messages.error(request, _("Un comité annulé ne se modifie plus."))
            return redirect("committee_detail", pk)

        def context():
            committee = _committee(request.user, pk)
            return {"form": CommitteeForm(instance=committee, user=request.user), "committee": committee,
                    "formset": member_formset(committee, None)}  # fmt: skip

        body = duty_snapshots.kept_page(
            request, head["partnership_id"], f"committee form {pk}", "partnership/_committee_form_body.html", context
        )
        return render(request, "partnership/committee_form.html", {"committee": head, "body": body})
    committee = _committee(request.user, pk) if pk else None
    if committee and committee.status == SteeringCommittee.Status.CANCELLED:
        messages.error(request, _("Un comité annulé ne se modifie plus."))
        return redirect(committee)
    form = CommitteeForm(request.POST or None, instance=committee, user=request.user)
    formset = member_formset(committee, request.POST or None) if committee else None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        if committee is None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "partnership"}
            committee = committees.create_committee(form.cleaned_data["partnership"], **data)
        else:
            committee = committees.save_committee(form, formset)
        if committee.update_pending:
            messages.warning(
                request, _("La date, l'heure ou le lieu ont changé : envoyez la mise à jour de la convocation.")
            )
        else:
            messages.success(request, _("Le comité de pilotage a été enregistré."))
        return redirect(committee)
    context = {"form": form, "formset": formset, "committee": committee}
    body = render_to_string("partnership/_committee_form_body.html", context, request)
    return render(request, "partnership/committee_form.html", {"committee": committee, "body": body})


@role_required(*Role.RELAIS_STAFF)
@require_http_methods(["GET", "POST"])
def committee_convene(request, pk):
    """Confirmation page (GET) naming who receives the convocation, then sending (POST)."""
    committee = _planned_committee(request.user, pk)
    today = timezone.localdate()
    refusal = committee.refusal_to_convene(today)
    if request.method == "POST" and refusal is None:
        sent = committees.convene(committee.pk, Partnership.objects.visible_to(request.user), today)
        if sent:
            messages.success(request, _("Convocation envoyée à %(count)d membre(s).") % {"count": sent})
        else:
            messages.error(request, _("Aucun membre n'a d'adresse électronique : rien n'a été envoyé."))
        return redirect(committee)
    context = {"committee": committee, "audience": committees.audience(committee), "refusal": refusal}
    return render(request, "partnership/committee_convene.html", {**context, "action": "convene"})


@role_required(*Role.RELAIS_STAFF)
@require_http_methods(["GET", "POST"])
def committee_cancel(request, pk):
    """Confirmation page (GET), then cancelling (POST); members convened receive METHOD:CANCEL."""
    committee = _planned_committee(request.user, pk)
    if request.method == "POST":
        _committee_obj, sent = committees.cancel(committee.pk, Partnership.objects.visible_to(request.user))
        messages.success(
            request, _("Le comité est annulé.") + (_(" Annulation envoyée aux membres convoqués.") if sent else "")
        )
        return redirect(committee)
    context = {"committee": committee, "audience": committees.audience(committee), "action": "cancel"}
    return render(request, "partnership/committee_convene.html", context)


@role_required(*Role.RELAIS_STAFF)
@require_http_methods(["GET", "POST"])
def committee_answers(request, pk):
    """Each member's answer to the convocation and, from the committee's day, the attendance. The
    empty form is written once for its reader and day and shown again until a source changes
    (`partnership.duty_snapshots.kept_page`)."""
    today = timezone.localdate()
    if request.method == "GET":
        head = get_object_or_404(SteeringCommittee.objects.visible_to(request.user).values("partnership_id"), pk=pk)

        def context():
            committee = _answerable(request.user, pk)
            return {"committee": committee, "formset": answer_formset(committee, None, today), "today": today}

        body = duty_snapshots.kept_page(
            request, head["partnership_id"], f"committee answers {pk}", "partnership/_committee_answers_body.html",
            context,
        )  # fmt: skip
        return render(request, "partnership/committee_answers.html", {"body": body})
    committee = _answerable(request.user, pk)
    formset = answer_formset(committee, request.POST, today)
    if formset.is_valid():
        formset.save()
        messages.success(request, _("Les réponses et la présence des membres sont enregistrées."))
        return redirect(committee)
    context = {"committee": committee, "formset": formset, "today": today}
    body = render_to_string("partnership/_committee_answers_body.html", context, request)
    return render(request, "partnership/committee_answers.html", {"body": body})


def _answerable(user, pk):
    """The committee whose members' answers are recorded: not a cancelled one (404)."""
    committee = _committee(user, pk)
    if committee.status == SteeringCommittee.Status.CANCELLED:
        raise Http404
    return committee


@role_required(*Role.RELAIS_STAFF)
@require_http_methods(["GET", "POST"])
def committee_held(request, pk):
    """Confirmation (GET), then mark held and freeze the indicators (POST)."""
    committee = _planned_committee(request.user, pk)
    if request.method == "POST":
        committees.mark_held(committee.pk, Partnership.objects.visible_to(request.user))
        messages.success(request, _("Le comité est marqué comme tenu ; ses indicateurs sont figés."))
        return redirect(committee)
    return render(request, "partnership/committee_confirm.html", {"committee": committee})


@role_required(*COMMITTEE_READERS)
def committee_pdf(request, pk):
    """The committee's one PDF: its file before it is held, then its minutes (clause C10)."""
    committee = _committee(request.user, pk)
    held = committee.is_held
    title = _("Compte rendu du comité de pilotage du %(date)s")
    if not held:
        title = _("Dossier du comité de pilotage du %(date)s")
    return pdf_response(
        request,
        "partnership/committee_pdf.html",
        _committee_context(committee),
        filename=f"{'proces-verbal' if held else 'dossier'}-comite-de-pilotage-{committee.date:%Y-%m-%d}.pdf",
        title=title % {"date": french_date(committee.date)},
    )
