"""Personal data of the OPUS register tied to an ended cooperation convention (hook
`personal_data`, clause C9): accounts, RGC designations, and the absences and changes of their
holders, with their history. The people themselves belong to `partnership` and are left to it."""

from collections import defaultdict

from django.utils.translation import gettext as _

from opus_accounts.models import Absence, AccessConfirmation, HolderChange, OpusAccount, RgcDesignation
from partnership.models import Convention

LABELS = {
    "accounts": "Comptes OPUS",
    "confirmations": "Revues d'accès",
    "designations": "Désignations du RGC",
    "absences": "Absences des titulaires",
    "changes": "Changements de fonction et départs",
}
MODELS = {
    "accounts": OpusAccount,
    "confirmations": AccessConfirmation,
    "designations": RgcDesignation,
    "absences": Absence,
    "changes": HolderChange,
}


def _tied(conventions):
    """{cooperation convention pk: {name: [ids]}}: the rows of personal data tied to each of
    `conventions` through its OPUS conventions, in eight queries however many conventions.

    Only these conventions' people are looked up, never the whole table. A person's absences
    and changes stay while they still hold an account or a designation under another convention."""
    tied = {c.pk: {name: [] for name in LABELS} for c in conventions}
    parent_of = dict(Convention.objects.filter(parent_id__in=tied).values_list("pk", "parent_id").order_by())
    parent_of_account, people = {}, set()
    for name, model in (("accounts", OpusAccount), ("designations", RgcDesignation)):
        for pk, convention_id, person_id in (
            model.objects.filter(convention_id__in=parent_of).values_list("pk", "convention_id", "person_id").order_by()
        ):
            tied[parent_of[convention_id]][name].append(pk)
            people.add(person_id)
            if name == "accounts":
                parent_of_account[pk] = parent_of[convention_id]
    for pk, account_id in (
        AccessConfirmation.objects.filter(account_id__in=parent_of_account).values_list("pk", "account_id").order_by()
    ):
        tied[parent_of_account[account_id]]["confirmations"].append(pk)
    held_under = defaultdict(set)  # person → the cooperation conventions of all they hold (None: none)
    for model in (OpusAccount, RgcDesignation):
        for person_id, parent_id in (
            model.objects.filter(person_id__in=people).values_list("person_id", "convention__parent_id").order_by()
        ):
            held_under[person_id].add(parent_id)
    for name in ("absences", "changes"):
        for pk, person_id in (
            MODELS[name].objects.filter(person_id__in=people).values_list("pk", "person_id").order_by()
        ):
            if len(held_under[person_id]) == 1:
                [parent] = held_under[person_id]
                tied[parent][name].append(pk)
    return tied


def inventory(conventions):
    return {
        pk: [(_(LABELS[name]), len(ids)) for name, ids in found.items()] for pk, found in _tied(conventions).items()
    }


def erase(convention):
    found = _tied([convention])[convention.pk]
    # Dependents first; the history rows go too, since they hold the same personal data.
    for name in ("confirmations", "absences", "changes", "accounts", "designations"):
        model = MODELS[name]
        model.objects.filter(pk__in=found[name]).delete()
        history = getattr(model, "history", None)
        if history is not None:  # after the delete, which itself adds a history row
            history.filter(id__in=found[name]).delete()
    return [(_(LABELS[name]), len(ids)) for name, ids in found.items()]
