"""The demo's papers: the seed's acts as placeholder PDFs marked demo, the @ctes acknowledgement,
an O7 letter sent by registered post with its acknowledgement, two notices of a change of scope
(O9) and the active OPUS account holders' signed commitments."""

import datetime
import os

from django.core.management import call_command

from documents.models import Document, Letter
from documents.storage import storage
from opus_accounts import services
from opus_accounts.models import OpusAccount
from partnership.models import Convention, ScopeNotice


def test_the_demo_holds_the_seeds_papers_and_a_sent_o7_letter(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    papers = {d.title: d for d in Document.objects.all()}
    assert all(d.demo for d in papers.values()) and len(papers) == 7
    assert papers["Délibération DELIB 2021.04.14.8"].kind == Document.Kind.DELIBERATION
    assert papers["Accusé de réception @ctes de la délibération"].deliberation.number == "2021.04.14.8"
    with storage().open(papers["Convention de coopération signée (2021-2023)"].path) as stored:
        assert stored.read(5) == b"%PDF-"
    [letter] = Letter.objects.filter(kind=Letter.Kind.RGC_NOTICE)
    assert (letter.kind, letter.sent_on.isoformat(), letter.received_on.isoformat()) == (
        Letter.Kind.RGC_NOTICE,
        "2024-01-16",
        "2024-01-18",
    )
    assert letter.designation.letter_sent_on == letter.sent_on  # clause O7: the duty is done
    assert letter.documents.get().kind == Document.Kind.ACKNOWLEDGEMENT_OF_RECEIPT
    # clauses O8, O15: every active account's holder signed the acknowledgement before activation
    for account in OpusAccount.objects.active():
        assert services.signed_commitment(account, account.activated_on).date == account.informed_on
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert Document.objects.count() == 7 and Letter.objects.count() == 4 and ScopeNotice.objects.count() == 2


def test_the_demo_withdrew_the_delegated_contact_in_autumn_2025_and_gave_it_back(db):
    # clause O9: two notices of the regional director, the first acknowledged; clause O21: annex 1
    # in force today is the seed's, both services open
    call_command("load_demo", stdout=open(os.devnull, "w"))
    opus = Convention.objects.get(
        kind=Convention.Kind.OPUS, signed_on__year=2024, partnership__name__contains="Fallavier"
    )
    access = {
        day: {s.name: s.access for s in opus.terms_on(day).services}
        for day in (datetime.date(2025, 10, 1), datetime.date(2026, 12, 1))
    }
    assert access[datetime.date(2025, 10, 1)]["Délégation de la mise en relation"] is False
    assert all(access[datetime.date(2026, 12, 1)].values())
    first, second = ScopeNotice.objects.order_by("effective_from")
    assert first.letter.kind == Letter.Kind.SCOPE_CHANGE and first.acknowledgement.sent_on is not None
    assert second.acknowledgement is None
