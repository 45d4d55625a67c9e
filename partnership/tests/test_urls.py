"""Deny by default: every view of the project names the roles allowed, or is one of the
few reachable without a session (login and its ProConnect round trip, a calendar feed or an API
endpoint whose token is the credential, the load balancer's health endpoint, which tells nothing
but up or down, the information notice and the accessibility statement the law wants anyone to
read, and the language switch the login page has too)."""

from django.contrib.admin.sites import site
from django.urls import URLPattern, URLResolver, get_resolver

OPEN_BY_DESIGN = {"login", "logout", "health", "notice", "accessibility", "set_language"}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.urlconf_name is site.urls[0] or getattr(entry, "app_name", None) == "admin":
                continue  # the admin site checks its own permissions (restrict_admin_site)
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_view_names_the_roles_allowed():
    unguarded = []
    for route, pattern in _patterns(get_resolver()):
        view = pattern.callback
        if pattern.name in OPEN_BY_DESIGN:
            continue
        if getattr(view, "allowed_roles", None) is not None:  # () is a platform superuser's page
            continue
        if getattr(view, "login_required", True) is False and (
            getattr(view, "token_authenticated", False) or getattr(view, "login_step", False)
        ):
            continue
        unguarded.append(route)
    assert unguarded == []
