"""Clause C9 for the documents: those tied to an ended cooperation convention go with its personal
data, except the public acts (a signed convention, an annex, a deliberation, its @ctes
acknowledgement), which the commune keeps (archives publiques), and the director's notices of a change
of the scope of access (clause O9), the partnership's administrative record as its letters are. Tied:
attached to the convention, its OPUS conventions, their terminations, RGC designations and accounts, its
steering committees, or dated within its term (the meetings, the council sessions and the partnership's own
papers)."""

from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_noop  # msgids, translated when counted or named

from documents.models import Document, Letter
from documents.storage import storage
from partnership import erasure
from partnership.models import Convention

# Before the other apps erase the records the documents and letters are attached to.
ERASE_ORDER = 10
LABELS = {
    "documents": gettext_noop("Documents nominatifs (courriers, comptes rendus…)"),
    "letters": gettext_noop("Courriers sur les RGC"),
}


# What `_belongs` reads of a document and of what it is attached to (rows, not models: a page
# that counts them does not build the seven objects of each).
FIELDS = (
    "pk", "path", "partnership_id", "date", "convention_id", "termination_id", "termination__convention_id",
    "designation_id", "designation__convention_id", "account_id", "account__convention_id", "letter_id",
    "letter__designation_id", "letter__designation__convention_id", "letter__convention_id", "committee_id",
    "committee__convention_id", "meeting_id", "meeting__starts_at",
)  # fmt: skip


def _documents(conventions, children):
    """{convention pk: [document rows (pk, path…)]} in one query; `children`: {OPUS convention pk:
    its cooperation convention pk}."""
    found = {c.pk: [] for c in conventions}
    terms = {c.pk: (c.starts_on, c.ends_on) for c in conventions}
    documents = (
        Document.objects.exclude(kind__in=Document.PUBLIC_ACTS)
        .filter(scope_notices__isnull=True)
        .filter(partnership__in={c.partnership_id for c in conventions})
        .values_list(*FIELDS, named=True)
        .order_by()
    )
    by_partnership = {}
    for convention in conventions:
        by_partnership.setdefault(convention.partnership_id, []).append(convention)
    for document in documents:
        for convention in by_partnership[document.partnership_id]:
            if _belongs(document, convention, children, terms[convention.pk]):
                found[convention.pk].append(document)
                break
    return found


def _belongs(document, convention, children, term):
    owner = lambda pk: pk == convention.pk or children.get(pk) == convention.pk  # noqa: E731
    if document.convention_id:
        return owner(document.convention_id)
    if document.termination_id:
        return owner(document.termination__convention_id)
    if document.designation_id:
        return owner(document.designation__convention_id)
    if document.account_id:
        return owner(document.account__convention_id)
    if document.letter_id:
        if document.letter__designation_id:
            return owner(document.letter__designation__convention_id)
        return owner(document.letter__convention_id or 0)
    if document.committee_id:
        return document.committee__convention_id == convention.pk
    start, end = term
    day = timezone.localtime(document.meeting__starts_at).date() if document.meeting_id else document.date
    return start is not None and start <= day and (end is None or day <= end)


def _children_and_letters(conventions):
    """({OPUS convention pk: its cooperation convention pk}, {convention pk: [letters about its
    RGCs]}) in one query. The letters name staff; the other letters are the partnership's
    administrative record and stay."""
    keys = [c.pk for c in conventions]
    children = Convention.objects.filter(parent__in=keys).values_list("pk", "parent_id", Value("child"))
    letters = Letter.objects.filter(designation__convention__parent__in=keys).values_list(
        "pk", "designation__convention__parent_id", Value("letter")
    )
    found, letters_of = {}, {pk: [] for pk in keys}
    for pk, parent, what in children.order_by().union(letters.order_by(), all=True) if keys else ():
        if what == "child":
            found[pk] = parent
        else:
            letters_of[parent].append(pk)
    return found, letters_of


def _tied(plans):
    """{convention pk: {"documents": [document rows], "letters": [letter ids]}}, in two queries."""
    conventions = [plan.convention for plan in plans.values()]
    children, letters = _children_and_letters(conventions)
    documents = _documents(conventions, children)
    return {pk: {"documents": documents[pk], "letters": letters[pk]} for pk in plans}


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    documents = erasure.every(tied, "documents")
    ids, paths = [d.pk for d in documents], [d.path for d in documents]
    # The versions go together: none is left to protect the one it replaces.
    Document.objects.filter(pk__in=ids).update(replaces=None)
    Document.objects.filter(pk__in=ids).delete()
    # The files go once the erasure is committed (a rolled back erasure keeps them).
    transaction.on_commit(lambda: [storage().delete(path) for path in paths])
    Letter.objects.filter(pk__in=erasure.every(tied, "letters")).delete()
    return erasure.counted(tied, LABELS)
