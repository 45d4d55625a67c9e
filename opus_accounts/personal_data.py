"""Personal data of the OPUS register tied to an ended cooperation convention (hook
`personal_data`, clause C9): accounts, RGC designations, and the absences and changes of their
holders, with their history. The people themselves belong to `partnership` and are left to it;
this hook names who the accounts and designations tie to each convention."""

import operator
from functools import reduce

from django.db.models import IntegerField, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop  # msgids, translated when counted or named

from opus_accounts.models import Absence, AccessConfirmation, HolderChange, OpusAccount, RgcDesignation
from partnership import erasure

HOLDER = gettext_noop("titulaire d'un compte OPUS")
RGC = gettext_noop("RGC désigné")
SUCCESSOR = gettext_noop("successeur proposé du RGC")

LABELS = {
    "accounts": gettext_noop("Comptes OPUS"),
    "confirmations": gettext_noop("Revues d'accès"),
    "designations": gettext_noop("Désignations du RGC"),
    "absences": gettext_noop("Absences des titulaires"),
    "changes": gettext_noop("Changements de fonction et départs"),
}
MODELS = {
    "accounts": OpusAccount,
    "confirmations": AccessConfirmation,
    "designations": RgcDesignation,
    "absences": Absence,
    "changes": HolderChange,
}
# Who the register names, and as what.
NAMED_BY = ((OpusAccount, {"person_id": HOLDER}), (RgcDesignation, {"person_id": RGC, "successor_id": SUCCESSOR}))
NAMED_COLUMNS = max(len(fields) for _model, fields in NAMED_BY)


def _tied(plans):
    """{cooperation convention pk: {name: [ids]}}: the rows of personal data tied to each planned
    convention through its OPUS conventions, and the absences and changes of the people erased
    with it, in one query however many conventions (the five tables read together)."""
    tied = {pk: {name: [] for name in LABELS} for pk in plans}
    erased_with = erasure.erased_with(plans)
    parts = [
        model.objects.filter(**{f"{key}__in": keys}).values_list("pk", key, Value(name)).order_by()
        for name, model, key, keys in (
            ("accounts", OpusAccount, "convention__parent_id", tied),
            ("designations", RgcDesignation, "convention__parent_id", tied),
            ("confirmations", AccessConfirmation, "account__convention__parent_id", tied),
            ("absences", Absence, "person_id", erased_with),
            ("changes", HolderChange, "person_id", erased_with),
        )
        if keys
    ]
    for pk, key, name in parts[0].union(*parts[1:], all=True) if parts else ():
        # The absences and changes are tied through their person, the others through their convention.
        tied[erased_with[key] if name in ("absences", "changes") else key][name].append(pk)
    return tied


def _named(condition):
    """(cooperation convention pk, person pk, why) of each account holder, RGC and proposed
    successor whose row matches `condition(fields)` (the model's fields naming people), in one query."""
    parts = []
    for index, (model, fields) in enumerate(NAMED_BY):
        match = condition(fields)
        # As many columns for every model: an account names no successor.
        columns = [*fields, *[Value(None, output_field=IntegerField())] * (NAMED_COLUMNS - len(fields))]
        parts.append(
            model.objects.filter(match).values_list("convention__parent_id", *columns, Value(index)).order_by()
        )
    for convention_id, *people, index in parts[0].union(*parts[1:], all=True):
        for person_id, why in zip(people, NAMED_BY[index][1].values(), strict=False):
            if person_id is not None:
                yield convention_id, person_id, _(why)


def people(conventions):
    found = {c.pk: set() for c in conventions}
    for convention_id, person_id, _why in _named(lambda fields: Q(convention__parent__in=found)):
        found[convention_id].add(person_id)
    return found


def naming(person_ids):
    # Any of the fields naming people names one of them.
    any_field = lambda fields: reduce(operator.or_, (Q(**{f"{field}__in": person_ids}) for field in fields))  # noqa: E731
    for convention_id, person_id, why in _named(any_field):
        yield person_id, convention_id, why, False


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    # Dependents first, with every version of them.
    for name in ("confirmations", "absences", "changes", "accounts", "designations"):
        erasure.delete_ids(MODELS[name], erasure.every(tied, name))
    return erasure.counted(tied, LABELS)


def held(person):
    """Article 15 (clause O16): the register's rows about `person`, for the access file."""
    day = lambda value: f"{value:%d/%m/%Y}" if value else "—"  # noqa: E731
    return [
        {
            "title": _("Comptes OPUS"),
            "columns": [_("Convention"), _("État"), _("Demandé le"), _("Activé le"), _("Révoqué le"), _("Motif")],
            "rows": [
                [
                    a.convention.title,
                    a.get_state_display(),
                    day(a.requested_on),
                    day(a.activated_on),
                    day(a.revoked_on),
                    a.get_revocation_reason_display(),
                ]
                for a in OpusAccount.objects.filter(person=person).select_related("convention")
            ],
        },  # fmt: skip
        {
            "title": _("Désignations comme RGC"),
            "columns": [_("Convention"), _("État"), _("Proposée le"), _("Décidée le"), _("Fin le")],
            "rows": [
                [d.convention.title, d.get_status_display(), day(d.proposed_on), day(d.decided_on), day(d.ended_on)]
                for d in RgcDesignation.objects.filter(person=person).select_related("convention")
            ],
        },
        {
            "title": _("Absences"),
            "columns": [_("Premier jour"), _("Fin prévue"), _("Retour")],
            "rows": [
                [day(a.start), day(a.expected_end), day(a.ended_on)] for a in Absence.objects.filter(person=person)
            ],
        },
        {
            "title": _("Changements de fonction et départs"),
            "columns": [_("Nature"), _("Date"), _("Nouvelle fonction")],
            "rows": [
                [c.get_kind_display(), day(c.on), c.new_function] for c in HolderChange.objects.filter(person=person)
            ],
        },
    ]
