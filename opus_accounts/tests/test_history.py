"""The history of the register in sentences (clause O6: every change is shown), on the admin's
history pages of an OPUS account and of an RGC designation."""

import datetime
import re

import pytest
from django.urls import reverse

from opus_accounts import history, services
from opus_accounts.models import OpusAccount, RgcDesignation
from opus_accounts.tests.factories import AccountFactory, DesignationFactory
from partnership.permissions import Role

pytestmark = pytest.mark.django_db
D = datetime.date

# What a history page must never show: Python's None, a deleted row's repr, a stored code.
RAW = re.compile(r"\bNone\b|pk=|\b(demande|actif|suspendu|revoque|retrait_pe|propose|agree|termine)\b")


def _sentences(instance, describe):
    """Each version of `instance`, oldest first, as its sentences."""
    records = list(instance.history.order_by("history_date", "history_id"))
    return [describe(record, records[i - 1] if i else None) for i, record in enumerate(records)]


@pytest.fixture
def rgc(cast):
    user = cast[Role.RGC]
    user.first_name, user.last_name = "Claire", "MARTIN"
    user.save()
    return user


def test_an_accounts_life_reads_as_sentences(opus, rgc):
    # clause O6: requested, the holder informed, activated, suspended, revoked with its reason
    account = AccountFactory(convention=opus, requested_on=D(2026, 1, 5), informed_on=None)
    services.record_information(account, D(2026, 1, 6), rgc)
    services.activate(account, rgc, D(2026, 1, 7))
    services.suspend(account, rgc, D(2026, 2, 1))
    services.revoke(account, OpusAccount.Reason.ABSENCE, rgc, D(2026, 3, 3))
    assert _sentences(account, history.account_sentences) == [
        ["Compte inscrit au registre, demandé le 5 janvier 2026."],
        [
            "Titulaire informé des conditions d'utilisation et de la déontologie le 6 janvier 2026"
            " (clauses O6, O8, O14, O15)."
        ],
        ["Activé le 7 janvier 2026 par Claire MARTIN."],
        ["Suspendu le 1er février 2026 par Claire MARTIN."],
        ["Révoqué le 3 mars 2026 par Claire MARTIN, motif : absence de plus de trois mois."],
    ]  # fmt: skip


def test_a_revocation_by_the_daily_review_and_a_reactivation(opus, rgc):
    # clause O6: the daily job revokes with no user; clause O8: a revoked account is reactivated
    account = AccountFactory(convention=opus, active=True)
    services.revoke(account, OpusAccount.Reason.OTHER, None, D(2026, 3, 3), note="fin de mission")
    services.reactivate(account, rgc, D(2026, 4, 1))
    *_, revoked, reactivated = _sentences(account, history.account_sentences)
    assert revoked == [
        "Révoqué le 3 mars 2026 par la revue quotidienne des comptes (clause O6), motif : autre (fin de mission)."
    ]
    assert reactivated == [
        "Réactivé : nouvelle demande le 1er avril 2026 ; le titulaire doit être informé à nouveau avant "
        "l'activation (clause O8)."
    ]


def test_a_field_without_a_sentence_of_its_own_is_named_with_its_values(opus, rgc):
    account = AccountFactory(convention=opus, requested_on=D(2026, 1, 5))
    account.requested_on = D(2026, 1, 2)
    account.save()
    assert _sentences(account, history.account_sentences)[-1] == ["Demandé le : 5 janvier 2026 → 2 janvier 2026."]


def test_an_rgc_designation_reads_as_sentences(opus, rgc):
    # clauses O5 and O7
    designation = DesignationFactory(convention=opus, person__first_name="Paul", person__last_name="DUPONT")
    designation.status = RgcDesignation.Status.APPROVED
    designation.decided_on, designation.decision_reference = D(2026, 1, 10), "DT38-2026-001"
    designation.convention_copy_handed_on = D(2026, 1, 12)
    designation.save()
    designation.status, designation.end_reason = RgcDesignation.Status.ENDED, RgcDesignation.EndReason.DEPARTURE
    designation.ended_on = D(2026, 6, 30)
    designation.save()
    designation.letter_sent_on = D(2026, 7, 3)
    designation.save()
    assert _sentences(designation, history.designation_sentences) == [
        ["Paul DUPONT proposé(e) comme RGC le 2 janvier 2026."],
        ["Agréé(e) par le directeur territorial le 10 janvier 2026 (clause O5), référence : DT38-2026-001.",
         "Copie de la convention remise au RGC le 12 janvier 2026 (clause O5)."],
        ["Fin de fonction le 30 juin 2026, motif : départ de la structure (clause O7)."],
        ["Lettre au directeur régional envoyée le 3 juillet 2026 (clause O7)."],
    ]  # fmt: skip


def test_the_history_page_of_an_account_is_french_sentences(client, opus, rgc):
    account = AccountFactory(convention=opus, active=True)
    services.revoke(account, OpusAccount.Reason.ABSENCE, rgc, D(2026, 3, 3))
    client.force_login(rgc)
    response = client.get(reverse("admin:opus_accounts_opusaccount_history", args=[account.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Révoqué le 3 mars 2026 par Claire MARTIN, motif : absence de plus de trois mois." in html
    assert f"Historique : Compte OPUS de {account.person}" in html
    assert "par Claire MARTIN" in html and "par un traitement automatique" in html  # the factory's row
    assert 'style="' not in html  # the project's list, with nothing the Content-Security-Policy refuses
    main = html[html.index('id="content-main"') :]
    assert not RAW.search(main), RAW.search(main)
    # Each version opens from its date; its page names the model and the app as the others do.
    version = account.history.latest("history_date")
    url = reverse("admin:opus_accounts_opusaccount_simple_history", args=[account.pk, version.history_id])
    assert f'href="{url}"' in html
    page = client.get(url).content.decode()
    assert "Version enregistrée : " in page and "Historical" not in page and "Opus_accounts" not in page


def test_the_history_page_of_a_designation_is_french_sentences(client, opus, rgc):
    designation = DesignationFactory(convention=opus, approved=True)
    client.force_login(rgc)
    html = client.get(reverse("admin:opus_accounts_rgcdesignation_history", args=[designation.pk])).content.decode()
    assert "Agréé(e) par le directeur territorial le 10 janvier 2026 (clause O5), référence : DT38-2026-001." in html
    main = html[html.index('id="content-main"') :]
    assert not RAW.search(main), RAW.search(main)


def test_another_communes_history_stays_closed(client, opus, rgc, other_cast):
    # the scope of partnership/admin.py holds on the pages that now tell the history
    theirs = AccountFactory(convention=other_cast.opus)
    client.force_login(rgc)
    assert client.get(reverse("admin:opus_accounts_opusaccount_history", args=[theirs.pk])).status_code == 404
