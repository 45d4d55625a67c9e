"""Load the whole demo, app after app (idempotent): the partnership's conventions first, then the
OPUS register, the OPUS service ledger, the quarterly figures, the Relais Emploi, which freezes the
demo steering committee's indicators from the data of the others, the papers that prove it all, the
renewals (2021–2023 into 2024–2026, and the one for 2027 under way), and the parties' DPO contacts."""

from django.apps import apps
from django.db import transaction

from demo import diagnosis, documents, opus_accounts, opus_service, partnership, privacy, relais, renewals
from partnership.permissions import sync_roles


@transaction.atomic
def load():
    sync_roles(apps)  # the users get their roles' groups (a flushed database has none)
    context = partnership.load()
    for app in (opus_accounts, opus_service, diagnosis, relais, documents, renewals, privacy):
        app.load(context)
    return context
