"""The demo's papers: the seed's acts as placeholder PDFs marked demo, the @ctes acknowledgement,
an O7 letter sent by registered post with its acknowledgement, and the active OPUS account holders'
signed commitments."""

import os

from django.core.management import call_command

from documents.models import Document, Letter
from documents.storage import storage
from opus_accounts import services
from opus_accounts.models import OpusAccount


def test_the_demo_holds_the_seeds_papers_and_a_sent_o7_letter(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    papers = {d.title: d for d in Document.objects.all()}
    assert all(d.demo for d in papers.values()) and len(papers) == 7
    assert papers["Délibération DELIB 2021.04.14.8"].kind == Document.Kind.DELIBERATION
    assert papers["Accusé de réception @ctes de la délibération"].deliberation.number == "2021.04.14.8"
    with storage().open(papers["Convention de coopération signée (2021-2023)"].path) as stored:
        assert stored.read(5) == b"%PDF-"
    [letter] = Letter.objects.all()
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
    assert Document.objects.count() == 7 and Letter.objects.count() == 1
