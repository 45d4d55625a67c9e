"""Filing a document, and a new version of one: checked whole before anything is saved, then its
file written through the storage API and its row in one transaction (the file is removed if the
row cannot be saved)."""

import hashlib
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from documents import checks, letters
from documents.models import Document, Letter
from documents.storage import storage


def safe_name(name, extension):
    """The uploader's file name as a reader may be given it back: no folders, no odd characters,
    the extension the content says."""
    stem = get_valid_filename(PurePath(str(name or "")).stem or "document")[:90] or "document"
    return f"{stem}.{extension}"


def file(partnership, upload, *, user, kind, title, date, replaces=None, demo=False, **targets):
    """Check `upload` and file it as a document of `partnership` attached to `targets`; or, with
    `replaces`, as the new version of that document (which stays, marked superseded)."""
    found = checks.check(upload)
    upload.seek(0)
    data = upload.read()
    document = Document(
        partnership=partnership,
        kind=kind,
        title=title,
        date=date,
        path=f"documents/{partnership.pk}/{uuid.uuid4().hex}.{found.extension}",
        original_name=safe_name(upload.name, found.extension),
        content_type=found.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
        demo=demo,
        **targets,
    )
    document.full_clean(exclude=["replaces"])
    stored = storage().save(document.path, ContentFile(data))
    try:
        with transaction.atomic():
            if replaces is not None:
                previous = Document.objects.select_for_update().get(pk=replaces.pk)
                if not previous.is_current:
                    raise ValidationError(_("Cette version a déjà été remplacée : rechargez la page."))
                previous.superseded_at = timezone.now()
                previous.save(update_fields=["superseded_at"])
                document.replaces, document.version = previous, previous.version + 1
            document.path = stored
            document.save()
    except Exception:
        storage().delete(stored)
        raise
    return document


def replace(document, upload, *, user, title=None, date=None):
    """A new version of `document`, attached to the same things."""
    targets = {
        name: getattr(document, name)
        for name in (
            "convention",
            "deliberation",
            "council_session",
            "committee",
            "meeting",
            "designation",
            "termination",
            "account",
        )
    }
    return file(
        document.partnership, upload, user=user, kind=document.kind, title=title or document.title,
        date=date or document.date, replaces=document, demo=document.demo, **targets,
    )  # fmt: skip


def open_file(document):
    return storage().open(document.path, "rb")


@transaction.atomic
def draft_letter(partnership, kind, *, written_on, user, **links):
    """A letter of the ledger, drafted from the data (its text editable until it is sent)."""
    letter = letters.draft(partnership, kind, written_on=written_on, user=user, **links)
    letter.full_clean()
    letter.save()
    return letter


def _locked(letter):
    return Letter.objects.select_for_update(of=("self",)).select_related("termination", "designation").get(pk=letter.pk)


@transaction.atomic
def record_sending(letter, *, sent_on, method, postal_reference=""):
    """The letter left (clauses C12, O5, O7, O9, O18 count from here): its text is frozen, and
    the date it records is the one the clause counts from."""
    letter = _locked(letter)
    letter.sent_on, letter.method, letter.postal_reference = sent_on, method, postal_reference
    letter.full_clean()
    letter.save()
    letters.apply(letter)
    return letter


@transaction.atomic
def record_receipt(letter, *, received_on, postal_reference=None):
    """The letter reached its recipient (the acknowledgement of receipt), or reached the commune."""
    letter = _locked(letter)
    letter.received_on = received_on
    if postal_reference is not None:
        letter.postal_reference = postal_reference
    letter.full_clean()
    letter.save()
    letters.apply(letter)
    return letter
