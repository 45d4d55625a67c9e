"""Who may see and change the Relais Emploi's pages."""

from partnership.permissions import Role, has_role

# Meetings with the referent: the Correspondant Pôle emploi sees those of its conventions.
MEETING_READERS = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)
# Activity figures and events: the commune's own work, read by its officials.
ACTIVITY_READERS = (Role.AGENT, Role.RGC, Role.ELU)
# Clause C4: what the commune puts at the disposal of job seekers, read by Pôle emploi's correspondent too.
PREMISES_READERS = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)
EDITORS = Role.RELAIS_STAFF


def can_edit(user):
    """Agents and the RGC record meetings, activity and events; others read."""
    return has_role(user, *EDITORS)
