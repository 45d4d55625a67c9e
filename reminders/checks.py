"""Refuse bad reminder settings loudly at start-up."""

from django.conf import settings
from django.core.checks import Error, register


def _check_per_kind(name, valid):
    value = getattr(settings, name, None)
    if not isinstance(value, dict) or "default" not in value:
        return [Error(f'{name} must be a JSON object with a "default" entry.', id="reminders.E001")]
    bad = [kind for kind, item in value.items() if not valid(item)]
    if bad:
        return [Error(f"{name} has invalid values for: {', '.join(map(str, bad))}.", id="reminders.E002")]
    return []


def _days(item):
    return isinstance(item, int) and not isinstance(item, bool) and item >= 0


def _check_at_least(name, least):
    value = getattr(settings, name, None)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        return [Error(f"{name} must be a whole number, at least {least}.", id="reminders.E003")]
    return []


@register()
def check_reminder_settings(app_configs, **kwargs):
    return (
        _check_per_kind("DUTY_DUE_SOON_DAYS", _days)
        + _check_per_kind("REMINDER_DAYS_BEFORE", lambda item: isinstance(item, list) and all(map(_days, item)))
        + _check_per_kind("REMINDER_LATE_EVERY_DAYS", lambda item: _days(item) and item > 0)
        + _check_at_least("REMINDER_RESEND_AFTER_MINUTES", 0)
        + _check_at_least("REMINDER_EMAIL_ATTEMPTS", 1)
    )
