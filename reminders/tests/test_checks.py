from reminders.checks import check_reminder_settings


def test_good_settings_pass(settings):
    settings.DUTY_DUE_SOON_DAYS = {"default": 30, "renewal": 180}
    settings.REMINDER_DAYS_BEFORE = {"default": [30, 7]}
    settings.REMINDER_LATE_EVERY_DAYS = {"default": 7}
    assert check_reminder_settings(None) == []


def test_bad_settings_are_refused_loudly(settings):
    settings.DUTY_DUE_SOON_DAYS = {"renewal": 180}  # no default
    settings.REMINDER_DAYS_BEFORE = {"default": 7}  # not a list
    settings.REMINDER_LATE_EVERY_DAYS = {"default": 0}  # would repeat forever
    assert [e.id for e in check_reminder_settings(None)] == ["reminders.E001", "reminders.E002", "reminders.E002"]


def test_resend_settings_are_refused_loudly(settings):
    settings.REMINDER_RESEND_AFTER_MINUTES = -1
    settings.REMINDER_EMAIL_ATTEMPTS = 0  # would never send
    assert [e.id for e in check_reminder_settings(None)] == ["reminders.E003", "reminders.E003"]
