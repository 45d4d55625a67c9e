"""The renewal pages: the conventions to renew and the renewals under way, a renewal's steps with
its draft, the documents it produces (PDF and DOCX), and the forms that move it a step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnership import duty_snapshots
from partnership.languages import for_the_parties
from partnership.models import Convention, Deliberation, Partnership
from partnership.pdf import pdf_response
from partnership.permissions import role_required
from partnership.services import choose_partnership
from renewals import docx, permissions, services, texts
from renewals.forms import STEP_FORMS, AddCommitmentForm, CommitmentForm, DraftForm, StepDocumentForm
from renewals.models import Renewal, RenewalCommitment, RenewalDocument
from renewals.steps import step_rows

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _renewals(user):
    return (
        Renewal.objects.visible_to(user)
        .select_related("partnership__commune", "partnership__agency", "convention__deliberation")
        .prefetch_related(
            "steps",
            Prefetch("commitments", queryset=RenewalCommitment.objects.select_related("party", "source")),
            *Convention.terms_prefetch("convention__"),
        )
    )  # fmt: skip


def _renewal(user, pk):
    """The renewal `pk` of `user`'s partnerships, with the conventions, session and deliberation
    it names. These are read by two more queries rather than joined: PostgreSQL took 8 to 12 ms
    to plan the eleven-table join, for a query whose rows it then read in under 1 ms."""
    renewal = get_object_or_404(_renewals(user), pk=pk)
    conventions = Convention.objects.in_bulk(
        {renewal.opus_convention_id, renewal.new_convention_id, renewal.new_opus_convention_id} - {None}
    )
    for field in ("opus_convention", "new_convention", "new_opus_convention"):
        setattr(renewal, field, conventions.get(getattr(renewal, f"{field}_id")))
    if renewal.deliberation_id:
        renewal.deliberation = Deliberation.objects.select_related("session").get(pk=renewal.deliberation_id)
        if renewal.session_id == renewal.deliberation.session_id:
            renewal.session = renewal.deliberation.session
    return renewal


def _renewable(user, partnership):
    """The cooperation conventions of `partnership` that end and have no renewal yet."""
    conventions = (
        Convention.objects.visible_to(user)
        .filter(partnership=partnership, kind=Convention.Kind.COOPERATION, renewals__isnull=True)
        .with_terms()
        .order_by("-effective_from")
    )
    # A convention renewed before this app (a later cooperation convention) is not offered.
    latest = max((c.effective_from for c in conventions if c.effective_from), default=None)
    return [c for c in conventions if c.effective_from == latest and c.end_date()]


@role_required(*permissions.READERS)
def renewal_list(request):
    """The conventions to renew and the renewals under way of one partnership, written once for
    their reader and shown again until a source changes (`partnership.duty_snapshots.kept_page`)."""
    choice = choose_partnership(request, Partnership.objects.visible_to(request.user), first_by_default=True)
    body = duty_snapshots.kept_page(
        request, duty_snapshots.kept_for(choice), "renewals", "renewals/_list_body.html",
        lambda: _renewal_list(request, choice),
    )  # fmt: skip
    return render(request, "renewals/list.html", {"body": body})


def _renewal_list(request, choice):
    partnership = choice.partnership
    # What the table shows: the renewed convention's title and the steps done (not the draft's commitments).
    renewals = (
        list(
            Renewal.objects.visible_to(request.user)
            .filter(partnership=partnership)
            .select_related("convention")
            .prefetch_related("steps")
        )
        if partnership
        else []
    )
    return {
        "choice": choice,
        "partnership": choice.pk,
        "renewals": renewals,
        "renewable": _renewable(request.user, partnership) if partnership else [],
        "can_act": permissions.can_act(request.user),
        "today": timezone.localdate(),
    }


@role_required(*permissions.ACTORS)
@require_http_methods(["GET", "POST"])
def renewal_start(request, convention_pk):
    convention = get_object_or_404(
        Convention.objects.visible_to(request.user).filter(kind=Convention.Kind.COOPERATION)
        .select_related("partnership").prefetch_related(*Convention.terms_prefetch(), "commitments__party"),
        pk=convention_pk,
    )  # fmt: skip
    if request.method == "POST":
        try:
            renewal = services.start(convention, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Le projet de renouvellement est créé."))
            return redirect(renewal)
    opus = services.opus_of(convention)
    return render(
        request,
        "renewals/start.html",
        {
            "convention": convention,
            "opus": opus,
            "conclusions": services.committee_conclusions(convention),
            "refusal": services.refusal(convention),
        },  # fmt: skip
        status=422 if request.method == "POST" else 200,
    )


def _done_steps(renewal):
    done = renewal.steps_done()
    return [step for step in Renewal.STEPS if step in done]


@role_required(*permissions.READERS)
def renewal_detail(request, pk):
    """The renewal's steps, draft and documents, written once for its reader and shown again until
    one of its sources changes or the day ends (`partnership.duty_snapshots.page`)."""
    head = get_object_or_404(Renewal.objects.visible_to(request.user).values("partnership_id", "title"), pk=pk)
    key = f"renewal {pk} {duty_snapshots.reader(request.user)}"
    body = duty_snapshots.page(
        head["partnership_id"], key, timezone.localdate(), lambda: _detail_body(request, _renewal(request.user, pk)),
        request,
    )  # fmt: skip
    return render(request, "renewals/detail.html", {"title": head["title"], "body": body})


def _detail_page(request, renewal, status):
    body = _detail_body(request, renewal)
    return render(request, "renewals/detail.html", {"title": renewal.title, "body": body}, status=status)


def _detail_body(request, renewal):
    documents = RenewalDocument.objects.filter(renewal=renewal).select_related("document")
    can_act = permissions.can_act(request.user)
    editable = can_act and renewal.is_draft
    commitments = [
        (party, [(c, CommitmentForm(instance=c, prefix=f"c{c.pk}") if editable else None) for c in items])
        for party, items in texts.commitments_by_party_all(renewal)
    ]
    context = {
        "renewal": renewal,
        "steps": step_rows(renewal, documents, can_act=can_act, today=timezone.localdate()),
        "parties": [
            (_("Convention de coopération"), texts.parties_of(renewal.convention)),
            (_("Convention d'application OPUS"), texts.parties_of(renewal.opus_convention or renewal.convention)),
        ],
        "commitments": commitments,
        "can_act": can_act,
        "editable": editable,
        "add_form": AddCommitmentForm(renewal=renewal, prefix="new") if editable else None,
        "document_form": StepDocumentForm(steps=_done_steps(renewal), initial={"date": timezone.localdate()})
        if can_act
        else None,
    }
    return render_to_string("renewals/_detail_body.html", context, request)


def _form_errors(form):
    return ValidationError([error for errors in form.errors.values() for error in errors])


def _refused(request, renewal, error):
    """The renewal's page again, saying in French why nothing was saved."""
    messages.error(request, " ".join(error.messages))
    return _detail_page(request, _renewal(request.user, renewal.pk), status=422)


@role_required(*permissions.ACTORS)
@require_http_methods(["GET", "POST"])
def renewal_edit(request, pk):
    """The draft's form; empty, written once for its reader and day and shown again until a source
    changes (`partnership.duty_snapshots.kept_page`)."""
    if request.method == "GET":
        return _empty_form(
            request, pk, "draft", "renewals/edit.html", lambda renewal: {"form": DraftForm(instance=renewal)}
        )
    renewal = _draft(request.user, pk)
    form = DraftForm(request.POST, instance=renewal)
    if form.is_valid():
        form.save()
        messages.success(request, _("Le projet est enregistré."))
        return redirect(renewal)
    return _posted_form(request, "renewals/edit.html", {"renewal": renewal, "form": form})


def _draft(user, pk):
    renewal = _renewal(user, pk)
    if not renewal.is_draft:
        raise Http404
    return renewal


def _empty_form(request, pk, name, template, context, step=None):
    """The page of a renewal's empty form `template` (its body, ``_``-prefixed, kept): `context`
    of the renewal, a draft unless `step` (then that step must be the next)."""

    def written():
        renewal = _draft(request.user, pk) if step is None else _next(request.user, pk, step)
        return {"renewal": renewal, "step": step, **context(renewal)}

    head = get_object_or_404(Renewal.objects.visible_to(request.user).values("partnership_id"), pk=pk)
    body = duty_snapshots.kept_page(
        request, head["partnership_id"], f"renewal {name} form {pk}", duty_snapshots.body_of(template), written
    )
    return render(request, template, {"step": step, "body": body})


def _posted_form(request, template, context):
    body = render_to_string(duty_snapshots.body_of(template), context, request)
    return render(request, template, {"step": context.get("step"), "body": body}, status=422)


@role_required(*permissions.ACTORS)
@require_POST
def renewal_commitment(request, pk, commitment_pk):
    renewal = _renewal(request.user, pk)
    commitment = get_object_or_404(renewal.commitments.select_related("source"), pk=commitment_pk)
    form = CommitmentForm(request.POST, instance=commitment, prefix=f"c{commitment.pk}")
    if not form.is_valid():
        return _refused(request, renewal, _form_errors(form))
    try:
        services.change_commitment(renewal, commitment, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, renewal, error)
    messages.success(request, _("L'engagement est enregistré : %(decision)s.") % {
        "decision": commitment.get_decision_display().lower()})  # fmt: skip
    return redirect(f"{renewal.get_absolute_url()}#engagements")


@role_required(*permissions.ACTORS)
@require_POST
def renewal_commitment_add(request, pk):
    renewal = _renewal(request.user, pk)
    form = AddCommitmentForm(request.POST, renewal=renewal, prefix="new")
    if not form.is_valid():
        return _refused(request, renewal, _form_errors(form))
    try:
        services.add_commitment(renewal, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, renewal, error)
    messages.success(request, _("L'engagement est ajouté au projet."))
    return redirect(f"{renewal.get_absolute_url()}#engagements")


def _step(value):
    if value not in Renewal.Step.values:
        raise Http404
    return Renewal.Step(value)


@role_required(*permissions.ACTORS)
@require_http_methods(["GET", "POST"])
def renewal_step(request, pk, step):
    """The form of the renewal's next step; empty, kept as the draft's is."""
    step = _step(step)
    if request.method == "GET":

        def form(renewal):
            return {"form": STEP_FORMS[step](initial=initial_for(renewal, step))}

        return _empty_form(request, pk, step, "renewals/step.html", form, step=step)
    renewal = _next(request.user, pk, step)
    form = STEP_FORMS[step](request.POST, initial=initial_for(renewal, step))
    if form.is_valid():
        try:
            services.do_step(renewal, step, form.cleaned_data, request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Étape enregistrée : %(step)s.") % {"step": step.label})
            return redirect(renewal)
    return _posted_form(request, "renewals/step.html", {"renewal": renewal, "step": step, "form": form})


def _next(user, pk, step):
    """The renewal whose next step is `step` (404 otherwise, or for a step without a form)."""
    renewal = _renewal(user, pk)
    if step not in STEP_FORMS or renewal.next_step() != step:
        raise Http404
    return renewal


def initial_for(renewal, step):
    """What a step's form starts with: today, and for the council what the last deliberation says."""
    initial = {"done_on": timezone.localdate()}
    previous = renewal.previous_deliberation()
    if step == Renewal.Step.COUNCIL and previous:
        session = previous.session
        initial |= {
            "convened_by": session.convened_by, "president": session.president,
            "members_in_office": session.members_in_office, "secretary": session.secretary,
            "rapporteur": previous.rapporteur,
            "rapporteur_delegation": previous.rapporteur_delegation, "outcome": previous.outcome,
        }  # fmt: skip
    if step == Renewal.Step.SIGNED:
        initial = {"partner_signed_on": timezone.localdate(), "pole_emploi_signed_on": timezone.localdate()}
    return initial


@role_required(*permissions.ACTORS)
@require_POST
def renewal_step_undo(request, pk, step):
    renewal, step = _renewal(request.user, pk), _step(step)
    try:
        services.undo_step(renewal, step)
    except ValidationError as error:
        return _refused(request, renewal, error)
    messages.success(request, _("Étape annulée : %(step)s.") % {"step": step.label})
    return redirect(renewal)


@role_required(*permissions.ACTORS)
@require_POST
def renewal_step_document(request, pk):
    renewal = _renewal(request.user, pk)
    form = StepDocumentForm(request.POST, request.FILES, steps=_done_steps(renewal))
    if not form.is_valid():
        return _refused(request, renewal, _form_errors(form))
    data = form.cleaned_data
    try:
        services.file_document(
            renewal, Renewal.Step(data["step"]), data["file"], user=request.user, kind=data["kind"],
            title=data["title"], date=data["date"],
        )  # fmt: skip
    except ValidationError as error:
        return _refused(request, renewal, error)
    messages.success(request, _("Le document « %(title)s » est enregistré.") % {"title": data["title"]})
    return redirect(renewal)


def _convention_pdf(request, renewal, text, filename):
    return pdf_response(
        request,
        "renewals/convention_pdf.html",
        {"text": text, "commune": renewal.partnership.commune, "draft": not renewal.is_done},
        filename=filename,
        title=text.title,
    )


def _docx_response(text, filename):
    response = HttpResponse(docx.convention_docx(text), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*permissions.READERS)
@for_the_parties
def cooperation_pdf(request, pk):
    renewal = _renewal(request.user, pk)
    return _convention_pdf(request, renewal, texts.cooperation_text(renewal), f"convention-cooperation-{pk}.pdf")


@role_required(*permissions.READERS)
@for_the_parties
def cooperation_docx(request, pk):
    renewal = _renewal(request.user, pk)
    return _docx_response(texts.cooperation_text(renewal), f"convention-cooperation-{pk}.docx")


@role_required(*permissions.READERS)
@for_the_parties
def opus_pdf(request, pk):
    renewal = _renewal(request.user, pk)
    return _convention_pdf(request, renewal, texts.opus_text(renewal), f"convention-opus-{pk}.pdf")


@role_required(*permissions.READERS)
@for_the_parties
def opus_docx(request, pk):
    renewal = _renewal(request.user, pk)
    return _docx_response(texts.opus_text(renewal), f"convention-opus-{pk}.docx")


@role_required(*permissions.READERS)
@for_the_parties
def deliberation_pdf(request, pk):
    renewal = _renewal(request.user, pk)
    act = texts.deliberation_text(renewal)
    return pdf_response(
        request,
        "renewals/deliberation_pdf.html",
        {"act": act, "commune": renewal.partnership.commune, "draft": renewal.deliberation is None},
        filename=f"projet-deliberation-{pk}.pdf",
        title=_("Délibération du conseil municipal"),
    )
