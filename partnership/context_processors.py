from partnership.permissions import Role, can_use_admin_site, roles_of


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": sorted(roles_of(user)),
        "can_use_admin_site": can_use_admin_site(user),
        "Role": Role,
    }
