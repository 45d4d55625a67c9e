"""The French message for a write the database refused (a constraint or a trigger).

The rules that must hold on every path are kept by the database itself; the code that writes
checks them first and explains itself, so this message is only seen when a write raced
another or came through a door that does not check (the admin panel's forms, a revert).
"""

from django.apps import apps
from django.utils.translation import gettext as _

# Codes raised by the database triggers, with their messages (see the apps' migrations).
TRIGGER_MESSAGES = {}


def register_trigger(code, message):
    """Name the French message (lazy) of a trigger that raises `code`."""
    TRIGGER_MESSAGES[code] = message


def message(error):
    text = str(error)
    for code, explained in TRIGGER_MESSAGES.items():
        if code in text:
            return str(explained)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            custom = constraint.violation_error_message != constraint.default_violation_error_message
            if constraint.name in text and custom:
                return str(constraint.get_violation_error_message())
    return _(
        "L'enregistrement a été refusé parce qu'il contredit une règle de la convention ou une autre donnée "
        "enregistrée entre-temps : rien n'a été modifié. Vérifiez puis recommencez."
    )
