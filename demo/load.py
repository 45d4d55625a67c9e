"""Load the whole demo, app after app (idempotent): the partnership's conventions first, then the
OPUS register, the OPUS service ledger, the quarterly figures, the Relais Emploi, which freezes the
demo steering committee's indicators from the data of the others, and the papers that prove it all."""

from django.db import transaction

from demo import diagnosis, documents, opus_accounts, opus_service, partnership, relais


@transaction.atomic
def load():
    context = partnership.load()
    for app in (opus_accounts, opus_service, diagnosis, relais, documents):
        app.load(context)
    return context
