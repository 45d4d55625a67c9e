"""Who may do what with the diagnosis (see partnership.permissions for the roles)."""

from partnership.permissions import Role, has_role

READERS = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)
# Clause C3: Pôle emploi supplies the figures; an agent may enter them on its behalf.
SUBMITTERS = (Role.CORRESPONDENT, Role.AGENT, Role.RGC)
# The commune reports business movements (with its economic service).
MOVEMENT_EDITORS = (Role.AGENT, Role.RGC)
# The quarter's comment is shared by both parties.
COMMENTERS = (Role.AGENT, Role.RGC, Role.CORRESPONDENT)


def can_submit_figures(user):
    return has_role(user, *SUBMITTERS)


def can_edit_movements(user):
    return has_role(user, *MOVEMENT_EDITORS)


def can_comment(user):
    return has_role(user, *COMMENTERS)
