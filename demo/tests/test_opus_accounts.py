"""The demo's OPUS register: its RGC, the cap its amendment raised, loaded twice without a change."""

import datetime

from django.core.management import call_command

from opus_accounts import services
from opus_accounts.models import OpusAccount, RgcDesignation
from partnership.models import Convention

D = datetime.date


def test_demo_has_the_rgc_and_the_amended_cap_and_is_idempotent(db):
    call_command("load_demo")
    convention = Convention.objects.get(title__startswith="Convention d'application OPUS 2024")
    # clause O22: annex 2 allowed 2 accounts, both active; avenant n° 1 raises it to 3 from 2 November 2026
    assert services.cap_summary(convention, D(2026, 11, 1))[::2] == (2, 0)
    cap, active, free = services.cap_summary(convention, D(2026, 12, 1))
    assert (cap, len(active), free) == (3, 2, 1)
    rgc = services.rgc_in_office(convention)
    assert rgc and rgc.person.email.endswith("@example.org")
    assert all(a.person.email.endswith("@example.org") for a in OpusAccount.objects.all())
    counts = (OpusAccount.objects.count(), OpusAccount.history.count(), RgcDesignation.history.count())
    call_command("load_demo")
    assert counts == (OpusAccount.objects.count(), OpusAccount.history.count(), RgcDesignation.history.count())
