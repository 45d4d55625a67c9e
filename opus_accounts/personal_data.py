"""Personal data of the OPUS register tied to an ended cooperation convention (hook
`personal_data`, clause C9): accounts, RGC designations, and the absences and changes of their
holders, with their history. The people themselves belong to `partnership` and are left to it."""

from django.utils.translation import gettext as _

from opus_accounts.models import Absence, AccessConfirmation, HolderChange, OpusAccount, RgcDesignation


def _scope(convention):
    opus = convention.applications.all()
    accounts = OpusAccount.objects.filter(convention__in=opus)
    designations = RgcDesignation.objects.filter(convention__in=opus)
    people = set(accounts.values_list("person_id", flat=True)) | set(designations.values_list("person_id", flat=True))
    # Absences and changes are kept while the person still has an account under another convention.
    # Only this convention's people are looked up, never the whole table.
    elsewhere = set(
        OpusAccount.objects.filter(person_id__in=people)
        .exclude(convention__in=opus)
        .values_list("person_id", flat=True)
    )
    elsewhere |= set(
        RgcDesignation.objects.filter(person_id__in=people)
        .exclude(convention__in=opus)
        .values_list("person_id", flat=True)
    )
    people -= elsewhere
    return {
        "accounts": accounts,
        "confirmations": AccessConfirmation.objects.filter(account__in=accounts),
        "designations": designations,
        "absences": Absence.objects.filter(person_id__in=people),
        "changes": HolderChange.objects.filter(person_id__in=people),
    }


LABELS = {
    "accounts": "Comptes OPUS",
    "confirmations": "Revues d'accès",
    "designations": "Désignations du RGC",
    "absences": "Absences des titulaires",
    "changes": "Changements de fonction et départs",
}


def inventory(convention):
    return [(_(LABELS[name]), qs.count()) for name, qs in _scope(convention).items()]


def erase(convention):
    scope = _scope(convention)
    counts = {name: list(queryset.values_list("pk", flat=True)) for name, queryset in scope.items()}
    # Dependents first; the history rows go too, since they hold the same personal data.
    for name in ("confirmations", "absences", "changes", "accounts", "designations"):
        model = scope[name].model
        model.objects.filter(pk__in=counts[name]).delete()
        history = getattr(model, "history", None)
        if history is not None:  # after the delete, which itself adds a history row
            history.filter(id__in=counts[name]).delete()
    return [(_(LABELS[name]), len(ids)) for name, ids in counts.items()]
