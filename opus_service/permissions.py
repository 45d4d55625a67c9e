"""Who may see and change the OPUS service ledger (clause O10)."""

from partnership.permissions import Role

# The Relais Emploi keeps the ledger; its officials and Pôle emploi's correspondent read it.
READERS = (Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT)
EDITORS = Role.RELAIS_STAFF
