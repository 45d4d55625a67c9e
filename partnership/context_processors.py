from partnership import navigation
from partnership.permissions import roles_of


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_roles": sorted(roles_of(user)), "navigation": navigation.items(request)}
