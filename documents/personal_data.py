"""Clause C9 for the documents: those tied to an ended cooperation convention go with its personal
data, except the public acts (a signed convention, an annex, a deliberation, its @ctes
acknowledgement), which the commune keeps (archives publiques), and the director's notices of a change
of the scope of access (clause O9), the partnership's administrative record as its letters are. Tied:
attached to the convention, its OPUS conventions, their terminations, RGC designations and accounts, its
steering committees, or dated within its term (the meetings, the council sessions and the partnership's own
papers)."""

from django.db import transaction

from documents.models import Document, Letter
from documents.storage import storage
from partnership import erasure
from partnership.models import Convention

# Before the other apps erase the records the documents and letters are attached to.
ERASE_ORDER = 10
LABELS = {"documents": "Documents nominatifs (courriers, comptes rendus…)", "letters": "Courriers sur les RGC"}


def _documents(conventions):
    """{convention pk: [documents]} in a fixed number of queries."""
    found = {c.pk: [] for c in conventions}
    children = {}
    for pk, parent in Convention.objects.filter(parent__in=list(found)).values_list("pk", "parent_id").order_by():
        children[pk] = parent
    terms = {c.pk: (c.starts_on, c.ends_on) for c in conventions}
    documents = (
        Document.objects.exclude(kind__in=Document.PUBLIC_ACTS)
        .filter(scope_notices__isnull=True)
        .filter(partnership__in={c.partnership_id for c in conventions})
        .select_related("termination", "designation", "account", "committee", "meeting", "letter__designation")
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
        return owner(document.termination.convention_id)
    if document.designation_id:
        return owner(document.designation.convention_id)
    if document.account_id:
        return owner(document.account.convention_id)
    if document.letter_id:
        letter = document.letter
        return owner(letter.designation.convention_id if letter.designation_id else letter.convention_id or 0)
    if document.committee_id:
        return document.committee.convention_id == convention.pk
    start, end = term
    day = document.meeting.date if document.meeting_id else document.date
    return start is not None and start <= day and (end is None or day <= end)


def _letters(conventions):
    """{convention pk: [letters about its RGCs]}: they name staff; the other letters are the
    partnership's administrative record and stay."""
    found = {c.pk: [] for c in conventions}
    letters = Letter.objects.filter(designation__convention__parent__in=list(found))
    for pk, convention_id in letters.values_list("pk", "designation__convention__parent_id").order_by():
        found[convention_id].append(pk)
    return found


def _tied(plans):
    """{convention pk: {"documents": [documents], "letters": [letter ids]}}, in three queries."""
    conventions = [plan.convention for plan in plans.values()]
    documents, letters = _documents(conventions), _letters(conventions)
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
