"""The OPUS cap (clause O22) and the convention's term (clause O20) hold on every path, because
the database keeps them: the services, the admin panel's forms, actions and history, the shell
(a save of any instance) and bulk updates. Run on SQLite and on PostgreSQL (CI runs both)."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import make_cast
from opus_accounts import services
from opus_accounts.models import OpusAccount
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, HolderFactory
from partnership.models import Convention, OpusAnnex, Termination
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory
from reminders.tests.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db
D = datetime.date
State = OpusAccount.State
CHANGELIST = "admin:opus_accounts_opusaccount_changelist"


def refused(code):
    return pytest.raises(IntegrityError, match=code)


@pytest.fixture
def full(opus):
    """`opus` with its two places taken (cap of 2 besides the RGC) and a third holder waiting."""
    AccountFactory.create_batch(2, convention=opus, active=True)
    return AccountFactory(convention=opus)


def test_a_bulk_update_cannot_exceed_the_cap(full):
    # clause O22
    with refused("opus_accounts_cap_reached"), transaction.atomic():
        OpusAccount.objects.filter(pk=full.pk).update(state=State.ACTIVE, activated_on=D(2026, 3, 2))
    assert OpusAccount.objects.active().count() == 2


def test_a_save_from_the_shell_cannot_exceed_the_cap(full, opus):
    # clause O22
    full.state, full.activated_on = State.ACTIVE, D(2026, 3, 2)
    with refused("opus_accounts_cap_reached"), transaction.atomic():
        full.save()
    with refused("opus_accounts_cap_reached"), transaction.atomic():
        AccountFactory(convention=opus, active=True)
    assert OpusAccount.objects.active().count() == 2


def test_restoring_an_earlier_version_cannot_exceed_the_cap(full, opus, cast):
    # clause O22: what the history page's "Rétablir" does (a save of the historical instance)
    account = OpusAccount.objects.active().first()
    services.revoke(account, OpusAccount.Reason.OTHER, cast[Role.RGC], D(2026, 3, 1), note="essai")
    services.activate(full, cast[Role.RGC], D(2026, 3, 2))
    earlier = account.history.filter(state=State.ACTIVE).first().instance
    with refused("opus_accounts_cap_reached"), transaction.atomic():
        earlier.save()
    assert OpusAccount.objects.active().count() == 2


def test_a_version_from_before_a_suspension_is_not_an_activation(opus, cast):
    # clause O22: the place freed by a suspension is not taken back by restoring the old row
    account = AccountFactory(convention=opus, active=True)
    services.suspend(account, cast[Role.RGC], D(2026, 3, 9))
    with refused("opus_accounts_stale_activation"), transaction.atomic():
        OpusAccount.objects.filter(pk=account.pk).update(state=State.ACTIVE)
    services.activate(account, cast[Role.RGC], D(2026, 3, 10))
    assert OpusAccount.objects.get(pk=account.pk).state == State.ACTIVE


def test_the_admin_action_refuses_the_cap_in_french(client, cast, full):
    # clause O22 (the admin action goes through the service, which checks first)
    client.force_login(cast[Role.RGC])
    response = client.post(reverse(CHANGELIST), {"action": "activate", ACTION_CHECKBOX_NAME: [full.pk]}, follow=True)
    assert "Plafond atteint" in response.content.decode()
    assert OpusAccount.objects.get(pk=full.pk).state == State.REQUESTED


def test_the_cap_cannot_be_lowered_below_the_accounts_active(full, opus, client, admin_user):
    # clause O22: an amendment lowering the cap waits until accounts are freed
    with refused("opus_accounts_cap_below_active"), transaction.atomic():
        OpusAnnex.objects.filter(convention=opus).update(active_accounts_cap=1)
    annex = OpusAnnex.objects.get(convention=opus)
    annex.active_accounts_cap = 1
    with refused("opus_accounts_cap_below_active"), transaction.atomic():
        annex.save()
    assert OpusAnnex.objects.get(convention=opus).active_accounts_cap == 2
    OpusAnnex.objects.filter(convention=opus).update(active_accounts_cap=5)  # raising it is free


def test_the_admin_form_shows_a_refusal_of_the_database_in_french(client, cast, full, opus, monkeypatch):
    """A write the checks did not see (a race, a door that does not check) is a French
    message with nothing saved, not an error page."""
    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("admin:partnership_convention_change", args=[opus.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        for inline in formset.formset.forms:
            for name, field in inline.fields.items():
                value = inline.initial.get(name, field.initial)
                if value is not None:
                    data[inline.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    annex_prefix = next(f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model is OpusAnnex)
    data[f"{annex_prefix}-0-active_accounts_cap"] = 1
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Le plafond ne peut pas descendre sous le nombre de comptes actifs" in response.content.decode()
    assert OpusAnnex.objects.get(convention=opus).active_accounts_cap == 2


@pytest.fixture
def ended(cast):
    """An OPUS convention in force from 2021 to 2023 (clause O20), with its annex."""
    convention = ConventionFactory(partnership=cast.partnership, opus=True)
    AnnexFactory(convention=convention)
    assert convention.ends_on == D(2023, 12, 31)
    return convention


def test_no_account_is_activated_on_a_convention_that_has_ended(cast, ended):
    # clause O20
    account = AccountFactory(convention=ended, requested_on=D(2023, 6, 1), informed_on=D(2023, 6, 2))
    with pytest.raises(ValidationError, match="n'est pas en vigueur le 2 mars 2026"):
        services.activate(account, cast[Role.RGC], D(2026, 3, 2))
    with refused("opus_accounts_not_in_force"), transaction.atomic():
        OpusAccount.objects.filter(pk=account.pk).update(state=State.ACTIVE, activated_on=D(2026, 3, 2))
    with refused("opus_accounts_not_in_force"), transaction.atomic():
        AccountFactory(convention=ended, active=True)
    assert not OpusAccount.objects.active().filter(convention=ended).exists()
    services.activate(account, cast[Role.RGC], D(2023, 6, 5))  # while it was in force: yes
    assert OpusAccount.objects.get(pk=account.pk).state == State.ACTIVE


def test_no_account_is_requested_on_a_convention_that_has_ended(cast, ended, client):
    # clause O20
    person = HolderFactory(organisation=cast.partnership.commune)
    with pytest.raises(ValidationError, match="n'est pas en vigueur"):
        services.request_account(ended, person, D(2026, 3, 2))
    with refused("opus_accounts_not_in_force"), transaction.atomic():
        OpusAccount.objects.create(convention=ended, person=person, requested_on=D(2026, 3, 2))
    client.force_login(cast[Role.RGC])
    response = client.post(
        reverse("admin:opus_accounts_opusaccount_add"),
        {"convention": ended.pk, "person": person.pk, "requested_on": "2026-03-02"},
    )
    assert response.status_code == 200 and "a pris fin le 31 décembre 2023" in response.content.decode()
    assert not OpusAccount.objects.filter(person=person).exists()


def test_a_revoked_account_is_not_reactivated_after_the_end(cast, ended):
    # clause O20
    account = AccountFactory(
        convention=ended, requested_on=D(2023, 6, 1), state=State.REVOKED, revoked_on=D(2023, 9, 1),
        revocation_reason=OpusAccount.Reason.DEPARTURE,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="ne peut pas y être réactivé"):
        services.reactivate(account, cast[Role.RGC], D(2026, 3, 2))
    assert OpusAccount.objects.get(pk=account.pk).state == State.REVOKED


def test_the_stored_term_follows_every_write_of_a_convention(cast):
    # clauses C2, C12, O20: the term the database checks is the one the dates give
    cooperation, opus = cast.cooperation, cast.opus
    assert (cooperation.starts_on, cooperation.ends_on) == (D(2024, 1, 1), D(2026, 12, 31))
    assert (Convention.objects.get(pk=opus.pk).starts_on, Convention.objects.get(pk=opus.pk).ends_on) == (
        D(2024, 1, 15),
        D(2026, 12, 31),
    )
    Convention.objects.filter(pk=cooperation.pk).update(duration_months=24)
    assert Convention.objects.get(pk=opus.pk).ends_on == D(2025, 12, 31)  # O20: no longer than its parent
    termination = Termination.objects.create(
        convention=cooperation, ground=Termination.Ground.REQUEST, requested_by=cast.partnership.commune,
        reasons="Motifs", letter_sent_on=D(2025, 3, 31),
    )  # fmt: skip
    # C12: effective one month after the letter, 30 April 2025; the last day in force is the day before.
    # C12: sent 31 March, in force to the end of 30 April; O20: the OPUS convention ends with it.
    assert Convention.objects.get(pk=cooperation.pk).ends_on == D(2025, 4, 30)
    assert Convention.objects.get(pk=opus.pk).ends_on == D(2025, 4, 30)
    Termination.objects.filter(pk=termination.pk).update(withdrawn=True)
    assert Convention.objects.get(pk=opus.pk).ends_on == D(2025, 12, 31)
    Termination.objects.filter(pk=termination.pk).delete()
    [created] = Convention.objects.bulk_create(
        [Convention(partnership=cast.partnership, kind="cooperation", title="Suivante",
                    effective_from=D(2027, 1, 1), duration_months=36)]
    )  # fmt: skip
    assert Convention.objects.get(pk=created.pk).ends_on == D(2029, 12, 31)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_the_same_person_end_in_one_account():
    # clause O8: one account per person, and French refusals for the others, never an error page
    cast = make_cast("req-")
    AnnexFactory(convention=cast.opus)
    person = HolderFactory(organisation=cast.partnership.commune)

    def request():
        try:
            services.request_account(cast.opus, person, D(2026, 3, 2))
            return "ok"
        except ValidationError as error:
            return " ".join(error.messages)

    outcomes = run_at_once(request, workers=8)
    assert OpusAccount.objects.filter(person=person).count() == 1
    assert outcomes.count("ok") == 1
    assert all("compte" in outcome for outcome in outcomes if outcome != "ok"), outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_bulk_updates_at_once_fill_the_free_place_once():
    # clause O22: the database's own lock, without the service's
    cast = make_cast("bulk-")
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    AccountFactory(convention=cast.opus, active=True)
    candidates = iter(AccountFactory.create_batch(4, convention=cast.opus) * 5)

    def activate():
        account = next(candidates)
        try:
            OpusAccount.objects.filter(pk=account.pk).update(state=State.ACTIVE, activated_on=D(2026, 3, 2))
        except IntegrityError as error:
            return str(error)
        return None

    errors = [error for error in run_at_once(activate, workers=20) if error]
    assert OpusAccount.objects.active().filter(convention=cast.opus).count() == 2
    assert errors and all("opus_accounts_cap_reached" in error for error in errors)
