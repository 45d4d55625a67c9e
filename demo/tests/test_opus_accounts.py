"""The demo's OPUS register: its RGC, a full cap, loaded twice without a change."""

from django.core.management import call_command

from opus_accounts import services
from opus_accounts.models import OpusAccount, RgcDesignation
from partnership.models import Convention


def test_demo_has_the_rgc_and_a_full_cap_and_is_idempotent(db):
    call_command("load_demo")
    convention = Convention.objects.get(title__startswith="Convention d'application OPUS 2024")
    cap, active, free = services.cap_summary(convention)
    assert (cap, len(active), free) == (2, 2, 0)
    rgc = services.rgc_in_office(convention)
    assert rgc and rgc.person.email.endswith("@example.org")
    assert all(a.person.email.endswith("@example.org") for a in OpusAccount.objects.all())
    counts = (OpusAccount.objects.count(), OpusAccount.history.count(), RgcDesignation.history.count())
    call_command("load_demo")
    assert counts == (OpusAccount.objects.count(), OpusAccount.history.count(), RgcDesignation.history.count())
