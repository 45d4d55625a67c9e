import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max, Min, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from opus_service import ledger as service_ledger
from partnership import duty_snapshots, scope
from partnership.duty_snapshots import ALL
from partnership.french import de
from partnership.models import Partnership, Person
from partnership.pdf import pdf_response
from partnership.permissions import role_required
from partnership.services import choose_partnership, is_wide_scope, paginate, partnership_from_query
from relais import charts, forms, invitations, premises, reports, services
from relais.forms import ActivityForm, EventForm, FollowUpActionForm, MeetingForm
from relais.models import (
    CommunicationAction,
    Equipment,
    Event,
    FollowUpAction,
    InformationSession,
    InnovativeAction,
    MeetingStateError,
    MonthlyActivity,
    Premises,
    ReceptionSlot,
    ReferentMeeting,
    StaffAssignment,
)
from relais.permissions import ACTIVITY_READERS, EDITORS, MEETING_READERS, PREMISES_READERS, can_edit


def _meetings(user):
    return ReferentMeeting.objects.visible_to(user).select_related("partnership", "partnership__commune")


def _meeting(user, pk, held_by=True):
    """The meeting `pk` of `user`'s partnerships (404 outside), with who marked it held unless
    not `held_by` (its form, kept as a snapshot, reads no account)."""
    queryset = _meetings(user).prefetch_related(
        Prefetch("participants", queryset=Person.objects.select_related("organisation")),
        "absent",
        "actions",
    )
    if held_by:
        queryset = queryset.select_related("held_by")
    return get_object_or_404(queryset, pk=pk)


def _scope(user):
    return Partnership.objects.visible_to(user)


# --- Referent meetings (clauses C6, O17) -----------------------------------------------------


PAGE_SIZE = 50
RECENT_DAYS = 365  # the default list: every upcoming meeting and those of the last twelve months


def _choice(request, name, allowed):
    """The integer `name` of the query string if it is one of `allowed`, None when absent; else 404."""
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit() or int(value) not in allowed:
        raise Http404
    return int(value)


@role_required(*MEETING_READERS)
def meeting_list(request):
    choice = choose_partnership(request, _scope(request.user))
    body = duty_snapshots.kept_page(
        request,
        duty_snapshots.kept_for(choice),
        "meetings",
        "relais/_meeting_list_body.html",
        lambda: _meeting_list(request, choice),
        params=["annee"],
    )
    return render(request, "relais/meeting_list.html", {"body": body})


def _meeting_list(request, choice):
    today = timezone.localdate()
    meetings = choice.narrowed(_meetings(request.user))
    partnership = choice.pk
    bounds = _first_and_last(meetings, wide=not partnership and is_wide_scope(choice.count))
    years = []
    if bounds:
        first, last = timezone.localtime(bounds[0]).year, timezone.localtime(bounds[1]).year
        years = list(range(max(last, today.year), min(first, today.year) - 1, -1))
    year = _choice(request, "annee", set(years))
    if year:
        meetings = meetings.filter(starts_at__year=year)
    else:
        since = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=RECENT_DAYS), datetime.time())
        )
        meetings = meetings.filter(starts_at__gte=since)
    page = paginate(request, meetings, PAGE_SIZE)
    # The open actions are counted for the shown page only.
    open_actions = dict(
        FollowUpAction.objects.filter(meeting__in=[m.pk for m in page.object_list], done_on__isnull=True)
        .values("meeting")
        .annotate(n=Count("id"))
        .values_list("meeting", "n")
    )
    for meeting in page.object_list:
        meeting.open_actions = open_actions.get(meeting.pk, 0)
    return {
        "meetings": meetings,
        "page": page,
        "choice": choice,
        "partnership": partnership,
        "years": years,
        "year": year,
        "can_edit": can_edit(request.user),
        "today": today,
    }


def _first_and_last(meetings, wide):
    """(first, last) dates of `meetings`, or None, in one query. Over a wide scope, the two ends
    of the index on `starts_at`, where its meetings stand (a MIN and a MAX would read every one of
    them); over a few partnerships, a MIN and a MAX of their meetings, read through their
    partnership: walking the index from one end, a commune's first meeting came after every
    meeting of the installation held before it (76,000 rows, 30 ms at 2,000 partnerships)."""
    if wide:
        return (
            meetings.order_by("starts_at")
            .annotate(last=Subquery(meetings.order_by("-starts_at").values("starts_at")[:1]))
            .values_list("starts_at", "last")
            .first()
        )
    bounds = meetings.order_by().aggregate(first=Min("starts_at"), last=Max("starts_at"))
    return (bounds["first"], bounds["last"]) if bounds["first"] else None


def _detail_context(request, meeting, action_form=None):
    editor, now = can_edit(request.user), timezone.now()
    return {
        "meeting": meeting,
        "can_edit": editor,
        "action_form": action_form or (FollowUpActionForm() if editor else None),
        "participants": invitations.participants(meeting),
        "attendance": invitations.attendance(meeting) if meeting.status == ReferentMeeting.Status.HELD else [],
        "today": timezone.localdate(),
        "started": meeting.has_started(now),
        "can_undo_held": editor and meeting.held_mark_undoable_by(request.user, now),
        "opus_month": service_ledger.month_before(meeting.partnership, meeting.date)
        if meeting.opus_placement
        else None,
    }


@role_required(*MEETING_READERS)
def meeting_detail(request, pk):
    """The meeting, written once for its reader and day, and whether it has begun, and shown again
    until a source changes (`partnership.duty_snapshots.kept_page`)."""
    head = get_object_or_404(_meetings(request.user).only("partnership_id", "starts_at"), pk=pk)
    started = head.has_started(timezone.now())
    body = duty_snapshots.kept_page(
        request, head.partnership_id, f"meeting {pk} {started:d}", "relais/_meeting_detail_body.html",
        lambda: _detail_context(request, _meeting(request.user, pk)),
    )  # fmt: skip
    return render(request, "relais/meeting_detail.html", {"meeting": head, "body": body})


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def meeting_form(request, pk=None):
    """A referent meeting's form. A meeting's empty form is written once for its reader and day
    and shown again until a source changes (`partnership.duty_snapshots.kept_page`)."""
    if pk and request.method == "GET":
        head = get_object_or_404(_meetings(request.user).values("partnership_id", "status"), pk=pk)
        if head["status"] == ReferentMeeting.Status.CANCELLED:
            messages.error(request, _("Une réunion annulée ne se modifie plus."))
            return redirect("relais:meeting_detail", pk)

        def context():
            meeting = _meeting(request.user, pk, held_by=False)
            return {"form": MeetingForm(instance=meeting, user=request.user), "meeting": meeting}

        body = duty_snapshots.kept_page(
            request, head["partnership_id"], f"meeting form {pk}", "relais/_meeting_form_body.html", context
        )
        return render(request, "relais/meeting_form.html", {"meeting": head, "body": body})
    if request.method == "GET":  # a new meeting's empty form, kept for the reader's partnerships
        scope = list(_scope(request.user).values_list("pk", flat=True)[:2])
        body = duty_snapshots.kept_page(
            request, scope[0] if len(scope) == 1 else ALL, "meeting form new", "relais/_meeting_form_body.html",
            lambda: {"form": MeetingForm(user=request.user), "meeting": None},
        )  # fmt: skip
        return render(request, "relais/meeting_form.html", {"meeting": None, "body": body})
    meeting = _meeting(request.user, pk) if pk else None
    if meeting and meeting.status == ReferentMeeting.Status.CANCELLED:
        messages.error(request, _("Une réunion annulée ne se modifie plus."))
        return redirect(meeting)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(form)
        if meeting.update_pending:
            messages.warning(
                request, _("La date, l'heure ou le lieu ont changé : envoyez la mise à jour de l'invitation.")
            )
        else:
            messages.success(request, _("La réunion a été enregistrée."))
        return redirect(meeting)
    body = render_to_string("relais/_meeting_form_body.html", {"form": form, "meeting": meeting}, request)
    return render(request, "relais/meeting_form.html", {"meeting": meeting, "body": body})


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def meeting_invite(request, pk):
    """Confirmation page (GET), then sending (POST)."""
    meeting = _meeting(request.user, pk)
    if meeting.status != ReferentMeeting.Status.PLANNED:
        raise Http404
    if request.method == "POST":
        sent = invitations.send_invitation(meeting.pk, _scope(request.user))
        if sent:
            messages.success(request, _("Invitation envoyée à %(count)d participant(s).") % {"count": sent})
        else:
            messages.error(request, _("Aucun participant n'a d'adresse électronique : rien n'a été envoyé."))
        return redirect(meeting)
    return render(
        request,
        "relais/meeting_confirm.html",
        {"meeting": meeting, "audience": invitations.audience(meeting), "action": "invite"},
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = _meeting(request.user, pk)
    if meeting.status != ReferentMeeting.Status.PLANNED:
        raise Http404
    if request.method == "POST":
        _meeting_obj, sent = services.cancel(meeting.pk, _scope(request.user))
        messages.success(
            request, _("La réunion est annulée.") + (_(" Annulation envoyée aux participants.") if sent else "")
        )
        return redirect(meeting)
    return render(
        request,
        "relais/meeting_confirm.html",
        {"meeting": meeting, "audience": invitations.audience(meeting), "action": "cancel"},
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def meeting_held(request, pk):
    """Confirmation page (GET), then marking held (POST); refused before the meeting begins."""
    meeting = _meeting(request.user, pk)
    refusal = meeting.refusal_to_mark_held(timezone.now())
    if refusal is None and request.method == "POST":
        try:
            services.mark_held(meeting.pk, _scope(request.user), request.user, timezone.now())
        except MeetingStateError as error:  # changed since the page was read
            refusal = str(error)
        else:
            messages.success(
                request, _("La réunion est marquée comme tenue : la suivante est due deux mois plus tard.")
            )
            return redirect(meeting)
    if refusal:
        messages.error(request, refusal)
        return redirect(meeting)
    return render(request, "relais/meeting_held_confirm.html", {"meeting": meeting})


@role_required(*EDITORS)
@require_POST
def meeting_held_undo(request, pk):
    meeting = _meeting(request.user, pk)
    try:
        services.undo_held(meeting.pk, _scope(request.user), request.user, timezone.now())
    except MeetingStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "La réunion est de nouveau prévue ; la prochaine réunion bimestrielle est due deux mois après "
                "la dernière réunion tenue."
            ),
        )
    return redirect(meeting)


@role_required(*EDITORS)
@require_POST
def action_create(request, pk):
    meeting = _meeting(request.user, pk)
    form = FollowUpActionForm(request.POST)
    if form.is_valid():
        action = form.save(commit=False)
        action.meeting = meeting
        action.save()
        messages.success(request, _("L'action de suivi a été ajoutée au calendrier des obligations."))
        return redirect(meeting)
    body = render_to_string("relais/_meeting_detail_body.html", _detail_context(request, meeting, form), request)
    return render(request, "relais/meeting_detail.html", {"meeting": meeting, "body": body}, status=400)


@role_required(*EDITORS)
@require_POST
def action_done(request, pk, action_pk):
    meeting = _meeting(request.user, pk)
    get_object_or_404(FollowUpAction, pk=action_pk, meeting=meeting)
    services.complete_action(action_pk, _scope(request.user), timezone.localdate())
    messages.success(request, _("L'action est marquée comme réalisée."))
    return redirect(meeting)


@role_required(*MEETING_READERS)
def meeting_pdf(request, pk):
    """The minutes, of a meeting held only."""
    meeting = _meeting(request.user, pk)
    if meeting.status != ReferentMeeting.Status.HELD:
        raise Http404
    return pdf_response(
        request,
        "relais/meeting_pdf.html",
        {
            "meeting": meeting,
            "commune": meeting.partnership.commune,
            "participants": invitations.participants(meeting),
            "attendance": invitations.attendance(meeting),
        },
        filename=f"compte-rendu-reunion-referent-{meeting.date:%Y-%m-%d}.pdf",
        title=_("Compte rendu de la réunion Relais Emploi – conseiller référent Pôle emploi"),
    )


@role_required(*MEETING_READERS)
def meeting_convocation_pdf(request, pk):
    """The convocation of a planned meeting: date, time, place, agenda and participants."""
    meeting = _meeting(request.user, pk)
    if meeting.status != ReferentMeeting.Status.PLANNED:
        raise Http404
    return pdf_response(
        request,
        "relais/meeting_convocation_pdf.html",
        {
            "meeting": meeting,
            "commune": meeting.partnership.commune,
            "participants": invitations.participants(meeting),
        },
        filename=f"convocation-reunion-referent-{meeting.date:%Y-%m-%d}.pdf",
        title=_("Convocation à la réunion Relais Emploi – conseiller référent Pôle emploi"),
    )


# --- Monthly activity and annual report (clauses C4, C7, C10, O4, O17) ------------------------


def _partnership_and_year(request):
    choice = choose_partnership(request, _scope(request.user).select_related("commune"), first_by_default=True)
    if choice.partnership is None:
        raise Http404
    try:
        year = int(request.GET.get("annee") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return choice, choice.partnership, year


def _report_context(partnership, year):
    rows = reports.activity_rows(partnership, year)
    labels = reports.field_labels()
    return {
        "partnership": partnership,
        "year": year,
        "rows": [(charts.SHORT_MONTHS[m - 1], row) for m, row in rows],
        "fields": [(name, labels[name]) for name in MonthlyActivity.COUNT_FIELDS],
        "totals": reports.totals(rows),
        "coverage": reports.coverage(rows, year, timezone.localdate()),
        "today": timezone.localdate(),
        "events": reports.events_of(partnership, year),
        "meetings": reports.meetings_summary(partnership, year),
        "reception_chart": charts.monthly_bar_chart(
            _("Accueil du public par mois"),
            rows,
            [
                (labels[f], f)
                for f in ("free_slot_visitors", "appointments", "registration_help", "monthly_update_help")
            ],
        ),
        "opus_chart": charts.monthly_bar_chart(
            _("Activité de placement par OPUS par mois"),
            rows,
            [
                (labels[f], f)
                for f in (
                    "opus_offers_consulted",
                    "opus_employer_contacts",
                    "opus_cv_requests",
                    "opus_candidates_convened",
                )
            ],
        ),
    }


@role_required(*ACTIVITY_READERS)
def activity_table(request):
    """A partnership's monthly activity for a year, written once for its reader and shown again
    until a source changes (`partnership.duty_snapshots.kept_page`)."""
    choice, partnership, year = _partnership_and_year(request)

    def context():
        found = _report_context(partnership, year)
        found.update({"choice": choice, "can_edit": can_edit(request.user), "years": range(year - 2, year + 2)})
        return found

    body = duty_snapshots.kept_page(
        request, partnership.pk, "activity", "relais/_activity_table_body.html", context, params=["annee"]
    )
    return render(request, "relais/activity_table.html", {"body": body})


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def activity_form(request):
    # ?partenariat=&annee=&mois= opens that month's row when it exists, to correct it.
    wanted = {key: request.GET.get(key, "") for key in ("partenariat", "annee", "mois")}
    existing, initial = None, {}
    if request.method == "GET" and all(value.isdigit() for value in wanted.values()):
        existing = (
            MonthlyActivity.objects.visible_to(request.user)
            .filter(partnership=wanted["partenariat"], year=wanted["annee"], month=wanted["mois"])
            .first()
        )
        initial = {"year": wanted["annee"], "month": wanted["mois"]}
    elif request.method == "GET":
        partnership = partnership_from_query(request, _scope(request.user), first_by_default=True)
        if partnership is not None:
            year, month = MonthlyActivity.objects.month_to_enter(partnership, timezone.localdate())
            initial = {"partnership": partnership.pk, "year": year, "month": month}
    form = ActivityForm(request.POST or None, instance=existing, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        row = services.save_activity(form)
        messages.success(
            request,
            _("Les chiffres %(of_month)s %(year)d sont enregistrés.")
            % {"of_month": de(reports.month_name(row.month)), "year": row.year},
        )
        return redirect(f"{reverse('relais:activity_table')}?partenariat={row.partnership_id}&annee={row.year}")
    return render(request, "relais/activity_form.html", {"form": form})


@role_required(*ACTIVITY_READERS)
def annual_report_pdf(request):
    _filter, partnership, year = _partnership_and_year(request)
    context = _report_context(partnership, year)
    context["commune"] = partnership.commune
    context.update(premises.of(partnership, min(timezone.localdate(), datetime.date(year, 12, 31))))
    return pdf_response(
        request,
        "relais/annual_report_pdf.html",
        context,
        filename=f"bilan-annuel-relais-emploi-{year}.pdf",
        title=_("Bilan annuel du Relais Emploi – %(year)d") % {"year": year},
    )


# --- Events (C7), Pôle emploi's information (C5), communication (C11), innovative actions (C10)


@role_required(*ACTIVITY_READERS)
def event_list(request):
    user = request.user
    # Listed whole: their counts are read from the rows shown.
    sessions = list(InformationSession.objects.visible_to(user))
    actions = list(CommunicationAction.objects.visible_to(user))
    return render(
        request,
        "relais/event_list.html",
        {
            "events": Event.objects.visible_to(user).select_related("partnership"),
            "sessions": sessions,
            "session_counts": reports.counts_of(sessions, "subject", InformationSession.Subject),
            "communication": actions,
            "communication_counts": reports.counts_of(actions, "medium", CommunicationAction.Medium),
            "innovations": InnovativeAction.objects.visible_to(user),
            "can_edit": can_edit(user),
        },
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def event_form(request, pk=None):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("L'événement a été enregistré."))
        return redirect("relais:event_list")
    return render(request, "relais/event_form.html", {"form": form, "event": event})


# --- Premises, equipment, staff and reception slots (clause C4) ------------------------------


@role_required(*PREMISES_READERS)
def premises_page(request):
    choice = choose_partnership(request, _scope(request.user).select_related("commune"), first_by_default=True)
    partnership = choice.partnership
    if partnership is None:
        raise Http404
    return render(
        request,
        "relais/premises.html",
        {
            **premises.of(partnership, timezone.localdate()),
            "partnership": partnership,
            "choice": choice,
            "can_edit": can_edit(request.user),
        },
    )


# What the Relais Emploi records through one form page, by the URL's word: the model, its form,
# the page's title, and the page that lists it.
RECORDS = {
    "information": (InformationSession, forms.InformationSessionForm, _l("Information de Pôle emploi (C5)"),
                    "relais:event_list"),
    "communication": (CommunicationAction, forms.CommunicationActionForm, _l("Action de communication (C11)"),
                      "relais:event_list"),
    "action-innovante": (InnovativeAction, forms.InnovativeActionForm, _l("Action innovante (C10)"),
                         "relais:event_list"),
    "local": (Premises, forms.PremisesForm, _l("Local (C4)"), "relais:premises"),
    "equipement": (Equipment, forms.EquipmentForm, _l("Équipement (C4)"), "relais:premises"),
    "plage": (ReceptionSlot, forms.ReceptionSlotForm, _l("Plage d'accueil (C4)"), "relais:premises"),
    "agent": (StaffAssignment, forms.StaffAssignmentForm, _l("Agent affecté (C4)"), "relais:premises"),
}  # fmt: skip


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def record_form(request, kind, pk=None):
    if kind not in RECORDS:
        raise Http404
    model, form_class, title, list_name = RECORDS[kind]
    record = get_object_or_404(scope.visible(model.objects.all(), request.user), pk=pk) if pk else None
    form = form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("C'est enregistré."))
        return redirect(list_name)
    return render(
        request,
        "relais/record_form.html",
        {"form": form, "record": record, "title": title, "list_name": list_name},
        status=400 if request.method == "POST" else 200,
    )
