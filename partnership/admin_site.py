from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _l

from partnership import scope
from partnership.admin import ScopedAdmin
from partnership.permissions import Role, can_use_admin_site


class RoleGroups:
    """The role groups are shared by every organisation: a superuser manages them, and none of
    the roles the permissions name can be deleted."""

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.name not in Role.ALL) and super().has_delete_permission(request, obj)


def restrict_admin_site(site):
    """The admin panel is for the RGC and the Administrateur only (and superusers), and every
    model it shows is narrowed by its scope (partnership.scope): the libraries' admins
    (groups, job schedules, login lockouts) are given the same `ScopedAdmin` behaviour, and a
    model without a scope is refused at start-up rather than shown to every organisation."""
    site.site_header = _l("Gestion du partenariat Relais Emploi – Pôle emploi")
    site.site_title = _l("Administration")
    site.index_title = _l("Administration")
    # The application's header and navigation lead everywhere; the admin's own side bar would
    # only take the width the register's columns need.
    site.enable_nav_sidebar = False
    site.has_permission = lambda request: request.user.is_staff and can_use_admin_site(request.user)
    for model, model_admin in list(site._registry.items()):
        if scope.scope_of(model) is None:
            raise ImproperlyConfigured(f"{model._meta.label} is in the admin panel without a SCOPE")
        if isinstance(model_admin, ScopedAdmin):
            continue
        bases = (RoleGroups,) if model is Group else ()
        scoped = type(f"Scoped{type(model_admin).__name__}", (*bases, ScopedAdmin, type(model_admin)), {})
        site.unregister(model)
        site.register(model, scoped)
