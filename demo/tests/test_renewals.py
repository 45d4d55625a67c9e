"""The demo's renewals: 2021–2023 renewed into 2024–2026 through every step, and the renewal for
2027 at the draft step."""

import datetime
import os

from django.core.management import call_command

from partnership.models import Convention
from renewals.models import Renewal

D = datetime.date


def test_the_demo_reads_as_a_renewal_and_holds_the_2027_draft(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    done, draft = Renewal.objects.order_by("effective_from")
    # clauses C2, D1 to D3, O20
    assert (done.convention.effective_from, done.current_step()) == (D(2021, 1, 1), Renewal.Step.IN_FORCE)
    assert done.new_convention.effective_from == D(2024, 1, 1)
    assert done.new_opus_convention.parent == done.new_convention
    assert done.deliberation.full_clean() is None  # the @ctes identifier matches the commune and the date
    assert done.new_convention.deliberation == done.deliberation
    assert [s.done_on for s in done.steps.order_by("done_on")][-1] == D(2023, 12, 19)
    assert (draft.convention, draft.current_step()) == (done.new_convention, Renewal.Step.DRAFT)
    assert draft.effective_from == D(2027, 1, 1)
    assert {c.decision for c in draft.commitments.all()} == {"reconduit", "modifie", "abandonne", "nouveau"}
    assert draft.committee_conclusions  # the steering committee of 10 February 2026
    assert draft.rgc_name and draft.active_accounts_cap == 2
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert Renewal.objects.count() == 2
    assert not Convention.objects.filter(effective_from=D(2027, 1, 1)).exists()  # a draft, no convention yet
