"""Who may read, upload and replace documents: a document is read by the roles that may read the
page of what it proves; the Relais Emploi's staff and the Administrateur file them."""

from partnership.permissions import Role, has_role

EDITORS = (Role.AGENT, Role.RGC, Role.ADMINISTRATOR)
# The readers of the pages of committees, meetings and the OPUS register.
FOLLOW_UP_READERS = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)
READERS_OF_TARGET = {
    "committee": FOLLOW_UP_READERS,
    "meeting": FOLLOW_UP_READERS,
    "designation": FOLLOW_UP_READERS,
    "account": FOLLOW_UP_READERS,
}


def can_file(user):
    return has_role(user, *EDITORS)
