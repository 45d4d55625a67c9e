"""The history pages of the admin panel in sentences: what each version of a row changed, with
the fields' French names and their values as the forms show them (a choice's label, a date in
words, the name of a related row), never a code or "None".

A model admin may describe its own rows better (`ScopedHistoryAdmin.history_sentences`: the
OPUS register says "Révoqué le 3 mars 2026 par …, motif : …"); what it does not describe is
listed field by field by `changed_fields`.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

CREATED, CHANGED, DELETED = "+", "~", "-"


def day(value):
    """« 3 mars 2026 » (« 1er mars » as French writes the first of the month)."""
    if value.day == 1:
        return _("1er %(month_year)s") % {"month_year": date_format(value, "F Y")}
    return date_format(value, "j F Y")


def moment(value):
    """« 3 mars 2026 à 14:05 », in the local time."""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(day)s à %(time)s") % {"day": day(value), "time": date_format(value, "H:i")}


def person_name(user):
    """The name a user is shown by, or None without a user (a daily job, a data import)."""
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def tracked_fields(record):
    """The fields of the original model a historical record keeps (the primary key aside)."""
    kept = {field.attname for field in record._meta.concrete_fields}
    return [
        field for field in record.instance_type._meta.concrete_fields if not field.primary_key and field.attname in kept
    ]


def raw(record, field):
    return getattr(record, field.attname) if record is not None else None


def shown(record, field):
    """The value of `field` on `record` as the form shows it; « vide » when there is none."""
    value = raw(record, field)
    if value is None or value == "":
        return _("vide")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else _("fiche supprimée")
    if isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(field, models.DateTimeField):
        return moment(value)
    if isinstance(field, models.DateField) and isinstance(value, datetime.date):
        return day(value)
    return str(value)


def differs(record, previous, field):
    return previous is None or raw(record, field) != raw(previous, field)


def changed_fields(record, previous, skip=()):
    """One sentence per field `record` changed since `previous` (every filled field on a
    creation), leaving out the fields named in `skip`."""
    sentences = []
    for field in tracked_fields(record):
        if field.name in skip or not differs(record, previous, field):
            continue
        label = capfirst(str(field.verbose_name))
        if previous is None:
            if raw(record, field) not in (None, ""):
                sentences.append(_("%(field)s : %(new)s.") % {"field": label, "new": shown(record, field)})
        else:
            sentences.append(
                _("%(field)s : %(old)s → %(new)s.")
                % {"field": label, "old": shown(previous, field), "new": shown(record, field)}
            )
    return sentences


def sentences(record, previous):
    """What a version did, in French: created, changed (field by field) or deleted."""
    if record.history_type == DELETED:
        return [_("Fiche supprimée.")]
    found = changed_fields(record, previous if record.history_type == CHANGED else None)
    if record.history_type == CREATED:
        return [_("Fiche créée."), *found]
    return found or [_("Enregistrée sans modification.")]
