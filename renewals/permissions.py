"""Who reads and who carries a renewal, and who onboards a commune."""

from partnership.permissions import Role, has_role

# Every role of the partnership reads its renewal; the Relais Emploi's staff carry it (issue:
# "the agent or RGC starts its renewal").
READERS = Role.ALL
ACTORS = Role.RELAIS_STAFF
# Onboarding a commune is the installation's business: no group holds this role, so only a
# platform-level superuser passes `role_required(PLATFORM)` (see partnership.permissions.has_role).
PLATFORM = "Administrateur de la plateforme"


def can_act(user):
    return has_role(user, *ACTORS)
