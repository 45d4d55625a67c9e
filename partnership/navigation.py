"""The main navigation: each page a user's roles may open, asked of the same rule as the views
(`permissions.may_open`, from their `role_required`), never a second list of role names."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _l

from partnership.permissions import can_use_admin_site, may_open

# (label, the page's URL name, the URL names — or "namespace:" and name prefixes — it is current on)
ITEMS = (
    (_l("Accueil"), "home", ("home",)),
    (_l("Tableau de bord"), "dashboard:dashboard", ("dashboard:",)),
    (_l("Conventions"), "convention_list", ("convention_list",)),
    (_l("Échéancier"), "calendar", ("calendar",)),
    (_l("Notifications"), "notifications", ("notifications",)),
    (_l("Comptes OPUS"), "opus_register", ("opus_register",)),
    (_l("Service OPUS"), "opus_service:ledger", ("opus_service:",)),
    (_l("Réunions référent"), "relais:meeting_list", ("relais:meeting_",)),
    (_l("Comités de pilotage"), "committee_list", ("committee_",)),
    (_l("Activité"), "relais:activity_table", ("relais:activity_table",)),
    (_l("Événements"), "relais:event_list", ("relais:event_list",)),
    (_l("Locaux"), "relais:premises", ("relais:premises",)),
    (_l("Diagnostic territorial"), "diagnosis:index", ("diagnosis:",)),
    (_l("Documents"), "documents:list", ("documents:",)),
    (_l("Renouvellements"), "renewals:list", ("renewals:",)),
    (_l("Communes"), "onboarding:communes", ("onboarding:",)),
    (_l("Données personnelles"), "privacy:requests", ("privacy:",)),
    (_l("Exploitation"), "operations:status", ("operations:",)),
)


def items(request):
    """[{label, url, current}] of the pages `request.user` may open, in the navigation's order."""
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    found = [
        {"label": label, "url": url, "current": here.startswith(current_on)}
        for label, url, current_on in _links(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        if may_open(request.user, url)
    ]
    if can_use_admin_site(request.user):
        found.append(
            {"label": _l("Administration"), "url": reverse("admin:index"), "current": here.startswith("admin:")}
        )
    return found


@lru_cache(maxsize=8)
def _links(script_prefix, urlconf):
    """ITEMS with their URLs, reversed once per prefix and URL configuration: the same on every page."""
    return tuple((label, reverse(name), current_on) for label, name, current_on in ITEMS)
