"""A partnership's documents: the list (filters by nature and year), filing one attached to what
it proves, its page with its versions, a new version, and the file itself, served only here and
only within the reader's scope (never at a public address)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents import letters, permissions, services, terminations
from documents.forms import (
    DocumentForm,
    LetterDraftForm,
    LetterTextForm,
    ReceiptForm,
    ReplaceForm,
    SendingForm,
    TerminationForm,
)
from documents.models import TARGETS, Document, Letter
from partnership import duty_snapshots, scope
from partnership.languages import for_the_parties
from partnership.models import Convention, Partnership, Termination
from partnership.pdf import pdf_response
from partnership.permissions import Role, has_role, role_required, roles_of
from partnership.services import choose_partnership, paginate, partnership_from_query

PAGE_SIZE = 50


def _readable(user):
    """The documents `user` may read: of its partnerships, and of what its roles may read."""
    documents = scope.visible(Document.objects.all(), user)
    if user.is_superuser:
        return documents
    roles = roles_of(user)
    for name, readers in permissions.READERS_OF_TARGET.items():
        if not roles & set(readers):
            documents = documents.filter(**{f"{name}__isnull": True})
            if name == "designation":  # nor the scans of the letters about an RGC
                documents = documents.filter(Q(letter__isnull=True) | Q(letter__designation__isnull=True))
    return documents


def _document(user, pk):
    return get_object_or_404(_readable(user).select_related("partnership", "uploaded_by"), pk=pk)


@role_required(*Role.ALL)
def document_list(request):
    """One partnership's documents, written once for their reader and query and shown again until
    a source changes (`partnership.duty_snapshots.kept_page`)."""
    choice = choose_partnership(request, Partnership.objects.visible_to(request.user), first_by_default=True)
    kind, year = request.GET.get("nature", ""), request.GET.get("annee", "")
    if kind and kind not in Document.Kind.values or year and not (year.isdigit() and 1900 < int(year) < 2200):
        raise Http404

    def context():
        partnership = choice.partnership
        documents = _readable(request.user).current().filter(partnership=partnership).select_related("uploaded_by")
        if kind:
            documents = documents.filter(kind=kind)
        if year:
            documents = documents.filter(date__year=int(year))
        years = _readable(request.user).current().filter(partnership=partnership).dates("date", "year", order="DESC")
        return {
            "choice": choice,
            "partnership": choice.pk,
            "page": paginate(request, documents, PAGE_SIZE),
            "kinds": Document.Kind.choices,
            "kind": kind,
            "years": [d.year for d in years],
            "year": year,
            "can_file": permissions.can_file(request.user),
        }

    body = duty_snapshots.kept_page(
        request, duty_snapshots.kept_for(choice), "documents", "documents/_list_body.html", context,
        params=["nature", "annee"],
    )  # fmt: skip
    return render(request, "documents/list.html", {"body": body})


def _target(request):
    """(partnership, {name: object}) of the thing to attach to, named in the query, within scope."""
    found = {}
    for name in TARGETS:
        value = request.GET.get(name) or request.POST.get(f"target_{name}")
        if not value:
            continue
        model = Document._meta.get_field(name).related_model
        if not str(value).isdigit():
            raise Http404
        found[name] = get_object_or_404(scope.visible(model._default_manager.all(), request.user), pk=value)
    if len(found) > 1:
        raise Http404
    if found:
        [(name, target)] = found.items()
        if name == "council_session":
            partnerships = Partnership.objects.visible_to(request.user).filter(commune=target.commune_id)
            partnership = partnership_from_query(request, partnerships, first_by_default=True)
        else:
            partnership = getattr(target, "partnership", None) or target.convention.partnership
        if partnership is None:
            raise Http404
        return partnership, found
    partnership = partnership_from_query(request, Partnership.objects.visible_to(request.user), first_by_default=True)
    if partnership is None:
        raise Http404
    return partnership, found


@role_required(*permissions.EDITORS)
@require_http_methods(["GET", "POST"])
def document_file(request):
    partnership, targets = _target(request)
    kind = request.GET.get("nature", "")
    initial = {"date": timezone.localdate(), "kind": kind if kind in Document.Kind.values else ""}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = services.file(
            partnership, data["file"], user=request.user, kind=data["kind"], title=data["title"], date=data["date"],
            **targets,
        )  # fmt: skip
        messages.success(request, _("Le document « %(title)s » est enregistré.") % {"title": document.title})
        return redirect("documents:detail", pk=document.pk)
    target = next(iter(targets.values()), None)
    return render(
        request,
        "documents/file.html",
        {"form": form, "partnership": partnership, "targets": targets, "target": target},
        status=422 if form.is_bound else 200,
    )


@role_required(*Role.ALL)
def document_detail(request, pk):
    document = _document(request.user, pk)
    versions = []
    previous = document
    while previous.replaces_id:  # a chain of a few versions at most
        previous = Document.objects.select_related("uploaded_by").get(pk=previous.replaces_id)
        versions.append(previous)
    newer = getattr(document, "replaced_by", None) if not document.is_current else None
    return render(
        request,
        "documents/detail.html",
        {"document": document, "versions": versions, "newer": newer, "can_file": permissions.can_file(request.user)},
    )


@role_required(*permissions.EDITORS)
@require_http_methods(["GET", "POST"])
def document_replace(request, pk):
    document = _document(request.user, pk)
    if not document.is_current:
        raise Http404
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        new = services.replace(document, form.cleaned_data["file"], user=request.user)
        messages.success(request, _("La nouvelle version est enregistrée ; la précédente reste consultable."))
        return redirect("documents:detail", pk=new.pk)
    return render(
        request, "documents/replace.html", {"document": document, "form": form}, status=422 if form.is_bound else 200
    )


@role_required(*Role.ALL)
def document_download(request, pk):
    document = _document(request.user, pk)
    return FileResponse(
        services.open_file(document),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


# --- The ledger of formal letters ---------------------------------------------------------------

LETTER_LINKS = ("convention", "termination", "designation")


def _readable_letters(user):
    letters = scope.visible(Letter.objects.all(), user)
    if not (user.is_superuser or roles_of(user) & set(permissions.FOLLOW_UP_READERS)):
        letters = letters.filter(designation__isnull=True)
    return letters


def _letter(user, pk):
    # The termination and the RGC's designation, which few letters name, are read apart (no
    # query when the letter names neither): PostgreSQL took 5 to 8 ms to plan the eight-table join.
    return get_object_or_404(
        _readable_letters(user)
        .select_related("partnership", "sender", "recipient", "convention")
        .prefetch_related("termination", "designation__person"),
        pk=pk,
    )


@role_required(*Role.ALL)
def letter_list(request):
    choice = choose_partnership(request, Partnership.objects.visible_to(request.user), first_by_default=True)
    partnership = choice.partnership
    items = _readable_letters(request.user).filter(partnership=partnership).select_related("sender", "recipient")
    return render(
        request,
        "documents/letter_list.html",
        {
            "choice": choice,
            "partnership": choice.pk,
            "page": paginate(request, items, PAGE_SIZE),
            "can_file": permissions.can_file(request.user),
        },
    )


def _letter_links(request):
    links = {}
    for name in LETTER_LINKS:
        value = request.GET.get(name) or request.POST.get(f"link_{name}")
        if value:
            model = Letter._meta.get_field(name).related_model
            if not str(value).isdigit():
                raise Http404
            links[name] = get_object_or_404(scope.visible(model._default_manager.all(), request.user), pk=value)
    return links


@role_required(*permissions.EDITORS)
@require_http_methods(["GET", "POST"])
def letter_new(request):
    links = _letter_links(request)
    if links:  # the partnership of what the letter is about
        link = next(iter(links.values()))
        partnership = getattr(link, "partnership", None) or link.convention.partnership
    else:
        partnership = partnership_from_query(
            request, Partnership.objects.visible_to(request.user), first_by_default=True
        )
    if partnership is None:
        raise Http404
    initial = {"written_on": timezone.localdate(), "kind": request.GET.get("type", "")}
    form = LetterDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.draft_letter(
                partnership, form.cleaned_data["kind"], written_on=form.cleaned_data["written_on"],
                user=request.user, **links,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le courrier est enregistré dans le registre."))
            return redirect(letter)
    return render(
        request, "documents/letter_new.html", {"form": form, "partnership": partnership, "links": links},
        status=422 if form.is_bound else 200,
    )  # fmt: skip


@role_required(*Role.ALL)
@require_http_methods(["GET", "POST"])
def letter_detail(request, pk):
    letter = _letter(request.user, pk)
    may_act = permissions.can_file(request.user)
    sending = SendingForm(
        request.POST if "send" in request.POST else None,
        initial={"sent_on": timezone.localdate(), "method": letter.method},
        prefix="send",
    )
    receipt = ReceiptForm(request.POST if "receive" in request.POST else None, prefix="receive")
    text = LetterTextForm(request.POST if "text" in request.POST else None, instance=letter, prefix="text")
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        try:
            if "send" in request.POST and sending.is_valid():
                services.record_sending(letter, **sending.cleaned_data)
                messages.success(request, _("L'envoi est enregistré."))
                return redirect(letter)
            if "receive" in request.POST and receipt.is_valid():
                services.record_receipt(letter, **receipt.cleaned_data)
                messages.success(request, _("La réception est enregistrée."))
                return redirect(letter)
            if "text" in request.POST and letter.sent_on is None and text.is_valid():
                text.save()
                messages.success(request, _("Le texte du courrier est enregistré."))
                return redirect(letter)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "documents/letter_detail.html",
        {"letter": letter, "spec": letters.spec(letter), "sending": sending, "receipt": receipt, "text": text,
         "may_act": may_act},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip


@role_required(*Role.ALL)
@for_the_parties
def letter_pdf(request, pk):
    letter = _letter(request.user, pk)
    if not letter.is_sent_by_the_commune:
        raise Http404
    return pdf_response(
        request,
        "documents/letter_pdf.html",
        {
            "letter": letter,
            "spec": letters.spec(letter),
            "commune": letter.partnership.commune,
            "mayor": letters.representative(letter, letter.sender),
        },
        filename=f"courrier-{letter.kind}-{letter.pk}.pdf",
        title=letter.object,
    )


# --- Terminations (clauses C12, O18), step by step with the ledger's letters -------------------


@role_required(*Role.RELAIS_STAFF)
@require_http_methods(["GET", "POST"])
def termination_new(request):
    """The agent or the RGC terminates a convention for the commune, or records Pôle emploi's
    termination: the termination and its first letter in the ledger."""
    value = request.GET.get("convention") or request.POST.get("convention")
    if not str(value or "").isdigit():
        raise Http404
    convention = get_object_or_404(
        Convention.objects.visible_to(request.user).select_related("partnership", "parent"), pk=value
    )
    form = TerminationForm(
        request.POST or None,
        routes=terminations.routes(convention),
        labels=terminations.ROUTE_LABELS,
        initial={"written_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        side, ground = form.cleaned_data["route"]
        try:
            termination, letter = terminations.start(
                convention, side=side, ground=ground, reasons=form.cleaned_data["reasons"],
                written_on=form.cleaned_data["written_on"], user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La résiliation est enregistrée, avec son courrier dans le registre."))
            return redirect(termination)
    return render(
        request,
        "documents/termination_new.html",
        {"form": form, "convention": convention},
        status=422 if form.is_bound else 200,
    )


@role_required(*Role.ALL)
@require_http_methods(["GET", "POST"])
def termination_detail(request, pk):
    termination = get_object_or_404(
        scope.visible(Termination.objects.all(), request.user).select_related(
            "convention__partnership", "convention__parent", "requested_by"
        ),
        pk=pk,
    )
    convention = (
        Convention.objects.select_related("parent").prefetch_related(*Convention.terms_prefetch(), "applications")
    ).get(pk=termination.convention_id)
    may_act = has_role(request.user, *Role.RELAIS_STAFF)
    if request.method == "POST":
        if not may_act or "withdraw" not in request.POST:
            raise PermissionDenied
        terminations.withdraw(termination)
        messages.success(request, _("La résiliation est retirée : la convention suit son cours."))
        return redirect(termination)
    found = list(termination.letters.select_related("sender", "recipient").order_by("written_on", "id"))
    return render(
        request,
        "documents/termination_detail.html",
        {
            "termination": termination,
            "convention": convention,
            "ending": convention.ending_termination(),
            "end": convention.end_date(),
            "letters": found,
            "next_letters": [(kind, Letter.Kind(kind).label) for kind in terminations.next_letters(termination, found)],
            "may_act": may_act,
            "today": timezone.localdate(),
        },
    )
