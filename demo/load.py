"""Load the whole demo, app after app (idempotent): the partnership's conventions first, then the
OPUS register, the quarterly figures, the Relais Emploi, which freezes the demo steering committee's
indicators from the data of the others, the papers that prove it all, and the renewal for 2027
under way."""

from django.db import transaction

from demo import diagnosis, documents, opus_accounts, partnership, relais, renewals


@transaction.atomic
def load():
    context = partnership.load()
    for app in (opus_accounts, diagnosis, relais, documents, renewals):
        app.load(context)
    return context
