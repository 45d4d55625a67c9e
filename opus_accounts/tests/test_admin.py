import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from opus_accounts.models import Absence, OpusAccount, RgcDesignation
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory, HolderFactory
from partnership.permissions import Role

CHANGELIST = "admin:opus_accounts_opusaccount_changelist"


@pytest.fixture
def two_communes(opus, other_cast):
    AnnexFactory(convention=other_cast.opus, active_accounts_cap=3)
    mine = AccountFactory.create_batch(2, convention=opus, active=True)
    theirs = AccountFactory(convention=other_cast.opus, active=True)
    return mine, theirs


def test_rgc_sees_only_its_convention(client, cast, other_cast, two_communes):
    # clause O6: the RGC answers for its own commune's accounts only
    mine, theirs = two_communes
    client.force_login(cast[Role.RGC])
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == set(mine)
    assert str(theirs.person) not in response.content.decode()
    assert other_cast.opus.title not in response.content.decode()
    assert client.get(reverse("admin:opus_accounts_opusaccount_change", args=[theirs.pk])).status_code in (302, 404)


def test_another_communes_rgc_gets_nothing(client, cast, other_cast, two_communes):
    mine, theirs = two_communes
    client.force_login(other_cast[Role.RGC])
    response = client.get(reverse(CHANGELIST))
    assert set(response.context["cl"].queryset) == {theirs}
    url = reverse(CHANGELIST)
    client.post(url, {"action": "suspend", ACTION_CHECKBOX_NAME: [mine[0].pk]})
    mine[0].refresh_from_db()
    assert mine[0].state == OpusAccount.State.ACTIVE


def test_cap_full_is_shown_at_the_top(client, cast, two_communes):
    # clause O22
    client.force_login(cast[Role.RGC])
    response = client.get(reverse(CHANGELIST))
    html = response.content.decode()
    assert "plafond atteint" in html
    caps = response.context["caps"]
    assert [(row["cap"], len(row["active"]), row["free"]) for row in caps] == [(2, 2, 0)]


def test_fk_choices_are_scoped(client, cast, other_cast, opus):
    HolderFactory(organisation=other_cast.partnership.commune, last_name="ETRANGER")
    HolderFactory(organisation=cast.partnership.commune, last_name="VOISIN")
    client.force_login(cast[Role.RGC])
    html = client.get(reverse("admin:opus_accounts_opusaccount_add")).content.decode()
    assert "VOISIN" in html and "ETRANGER" not in html
    assert other_cast.opus.title not in html


def test_activate_action_refused_at_the_cap_with_french_message(client, cast, two_communes, opus):
    # clause O22
    candidate = AccountFactory(convention=opus)
    client.force_login(cast[Role.RGC])
    response = client.post(
        reverse(CHANGELIST), {"action": "activate", ACTION_CHECKBOX_NAME: [candidate.pk]}, follow=True
    )
    assert "Plafond atteint" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == OpusAccount.State.REQUESTED


def test_revoke_action_asks_the_reason_then_revokes(client, cast, two_communes):
    # clause O6: revocation with its reason, through a confirmation page
    account = two_communes[0][0]
    client.force_login(cast[Role.RGC])
    url = reverse(CHANGELIST)
    page = client.post(url, {"action": "revoke", ACTION_CHECKBOX_NAME: [account.pk]})
    assert page.status_code == 200 and "Motif de la révocation" in page.content.decode()
    account.refresh_from_db()
    assert account.state == OpusAccount.State.ACTIVE
    client.post(
        url, {"action": "revoke", ACTION_CHECKBOX_NAME: [account.pk], "apply": "1", "reason": "fonction", "note": ""}
    )
    account.refresh_from_db()
    assert (account.state, account.revocation_reason, account.revoked_by) == (
        OpusAccount.State.REVOKED,
        OpusAccount.Reason.FUNCTION_CHANGE,
        cast[Role.RGC],
    )


def test_record_absence_action_refuses_end_before_start(client, cast, two_communes):
    account = two_communes[0][0]
    client.force_login(cast[Role.RGC])
    data = {"action": "record_absence", ACTION_CHECKBOX_NAME: [account.pk], "apply": "1"}
    page = client.post(reverse(CHANGELIST), {**data, "start": "2026-03-10", "expected_end": "2026-03-01"})
    assert "ne peut pas précéder" in page.content.decode()
    assert not Absence.objects.exists()
    client.post(reverse(CHANGELIST), {**data, "start": "2026-03-10", "expected_end": "2026-04-01"})
    assert Absence.objects.get().person == account.person


def test_history_page_shows_who_changed(client, cast, two_communes):
    # clause O6: the history of every change
    account = two_communes[0][0]
    client.force_login(cast[Role.RGC])
    client.post(reverse(CHANGELIST), {"action": "suspend", ACTION_CHECKBOX_NAME: [account.pk]})
    response = client.get(reverse("admin:opus_accounts_opusaccount_history", args=[account.pk]))
    assert response.status_code == 200
    assert account.history.first().history_user == cast[Role.RGC]


def test_csv_export_opens_in_french_excel(client, cast, two_communes, opus):
    AccountFactory(
        convention=opus, person=HolderFactory(organisation=cast.partnership.commune, last_name="=HYPERLINK(1)")
    )
    client.force_login(cast[Role.RGC])
    response = client.get(reverse("admin:opus_accounts_opusaccount_export_csv"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert body.splitlines()[0].startswith("\ufeffConvention;Nom;Prénom")
    assert ";'=HYPERLINK(1);" in body
    assert "06/01/2026" in body
    assert len(body.strip().splitlines()) == 4


def test_pdf_export_and_o7_letter(client, cast, two_communes, opus):
    client.force_login(cast[Role.RGC])
    response = client.get(reverse("admin:opus_accounts_opusaccount_export_pdf"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    html = client.get(reverse("admin:opus_accounts_opusaccount_export_pdf") + "?html=1").content.decode()
    assert str(two_communes[0][0].person.last_name) in html and "Date et signature" in html
    designation = DesignationFactory(
        convention=opus,
        approved=True,
        status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.DEPARTURE,
        ended_on=datetime.date(2026, 4, 30),
    )
    # clause O7: the designation's page leads to the ledger's letter, to write it and then to sign it
    change = reverse("admin:opus_accounts_rgcdesignation_change", args=[designation.pk])
    draft = f"{reverse('documents:letter_new')}?designation={designation.pk}&amp;type=information_rgc_o7"
    page = client.get(change).content.decode()
    assert f'<a href="{draft}">Rédiger la lettre (recommandé avec AR)</a>' in page
    from documents import services as documents

    letter = documents.draft_letter(
        opus.partnership, "information_rgc_o7", written_on=datetime.date(2026, 5, 4), user=None, designation=designation
    )  # fmt: skip
    page = client.get(change).content.decode()
    assert reverse("documents:letter_pdf", args=[letter.pk]) in page and "Rédiger la lettre" not in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.ELU, Role.CORRESPONDENT])
def test_non_admin_roles_have_no_admin_register(client, cast, role):
    client.force_login(cast[role])
    assert client.get(reverse(CHANGELIST)).status_code == 302


@pytest.mark.parametrize("model", ["opusaccount", "rgcdesignation", "absence", "holderchange"])
def test_rgc_admin_pages_open(client, cast, opus, model):
    DesignationFactory(convention=opus, approved=True)
    client.force_login(cast[Role.RGC])
    assert client.get(reverse(f"admin:opus_accounts_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:opus_accounts_{model}_add")).status_code == 200


def test_designation_overlap_refused_in_the_admin_with_nothing_saved(client, cast, opus):
    # clause O5: only one RGC in office
    DesignationFactory(convention=opus, approved=True)
    newcomer = HolderFactory(organisation=cast.partnership.commune)
    client.force_login(cast[Role.RGC])
    response = client.post(
        reverse("admin:opus_accounts_rgcdesignation_add"),
        {
            "convention": opus.pk,
            "person": newcomer.pk,
            "proposed_on": "2026-03-01",
            "status": "agree",
            "decided_on": "2026-03-05",
            "decision_reference": "DT-1",
        },
    )
    assert response.status_code == 200 and "déjà RGC en fonction" in response.content.decode()
    assert RgcDesignation.objects.count() == 1


def test_holder_change_in_the_admin_updates_the_function(client, cast, opus):
    person = HolderFactory(organisation=cast.partnership.commune)
    client.force_login(cast[Role.RGC])
    client.post(
        reverse("admin:opus_accounts_holderchange_add"),
        {"person": person.pk, "kind": "fonction", "on": "2026-03-01", "new_function": "Comptable"},
    )
    person.refresh_from_db()
    assert person.function == "Comptable"


def test_rgc_adds_an_account_for_a_new_holder(client, cast, opus):
    # clause O8: the account belongs to a named person of the commune
    client.force_login(cast[Role.RGC])
    url = reverse("admin:opus_accounts_opusaccount_add")
    base = {"convention": opus.pk, "requested_on": "2026-03-01", "informed_on": "2026-03-02"}
    response = client.post(url, base)
    assert response.status_code == 200 and "Choisissez le titulaire" in response.content.decode()
    response = client.post(
        url,
        {**base, "new_first_name": "Léa", "new_last_name": "NOUVELLE", "new_function": "Agente",
         "new_email": "lea@example.org"},
    )  # fmt: skip
    assert response.status_code == 302
    account = OpusAccount.objects.get()
    assert account.person.organisation == cast.partnership.commune and account.state == OpusAccount.State.REQUESTED
    response = client.post(url, {**base, "person": account.person.pk})
    assert "a déjà un compte" in response.content.decode()
    assert OpusAccount.objects.count() == 1


def test_revoke_form_proposes_no_reason_until_one_is_chosen(client, cast, two_communes):
    # clause O6: the reason is the RGC's choice, never a default
    from opus_accounts.admin import RevokeForm

    assert RevokeForm().fields["reason"].choices[0] == ("", "— choisir le motif —")
    account = two_communes[0][0]
    client.force_login(cast[Role.RGC])
    url = reverse(CHANGELIST)
    page = client.post(url, {"action": "revoke", ACTION_CHECKBOX_NAME: [account.pk]}).content.decode()
    assert '<option value="" selected>— choisir le motif —</option>' in page
    page = client.post(
        url, {"action": "revoke", ACTION_CHECKBOX_NAME: [account.pk], "apply": "1", "reason": "", "note": ""}
    ).content.decode()
    assert "Choisissez le motif de la révocation." in page
    account.refresh_from_db()
    assert account.state == OpusAccount.State.ACTIVE
