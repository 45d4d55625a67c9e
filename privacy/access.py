"""Article 15 of the RGPD (clause O16, the right of access): the file of everything the
installation holds on one person, gathered from each app's ``personal_data.held(person)`` hook."""

from partnership.hooks import app_modules
from partnership.templatetags.partnership_tags import app_name


def access_file(person):
    """[{"app", "title", "columns", "rows"}] of every app, in INSTALLED_APPS order; sections with
    no row are kept, so the file says what was looked at and found empty."""
    return [
        {"app": str(app_name(module.__name__.rsplit(".", 1)[0])), **section}
        for module in app_modules("personal_data")
        if hasattr(module, "held")
        for section in module.held(person)
    ]
