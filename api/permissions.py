"""The API asks the pages' rule: each endpoint names the roles of the pages that show the same
data (`allowed_roles`), and those that may send data (`write_roles`)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from partnership.permissions import has_role


class RoleAllowed(BasePermission):
    def has_permission(self, request, view):
        roles = view.allowed_roles if request.method in SAFE_METHODS else getattr(view, "write_roles", ())
        return request.user is not None and has_role(request.user, *roles)
