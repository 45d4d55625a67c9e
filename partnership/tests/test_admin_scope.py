"""One commune never reaches another's rows in the admin panel, whatever the door.

Two communes share one Pôle emploi agency (the regional case): each has its Administrateur and
its RGC, the agency has an Administrateur too. For every model the admin panel shows and every
row a user may not see, every door is tried: the list, the change form (GET and POST), deletion,
the history, each version page and its "Rétablir" (POST), the bulk actions, the exports and the
autocomplete. Nothing of the row may be shown and nothing may change."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from simple_history.admin import SimpleHistoryAdmin

from conftest import make_cast
from opus_accounts import services
from opus_accounts.models import Absence, AccessConfirmation, HolderChange, OpusAccount
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory, HolderFactory
from partnership import scope
from partnership.models import (
    CommitteeMember,
    CouncilSession,
    Deliberation,
    OpusService,
    Organisation,
    SteeringCommittee,
    Termination,
    User,
)
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory, UserFactory
from privacy.models import DestructionRecord, DpoContact, RegisterCompletion, RightsRequest
from proconnect.models import AllowedDomain
from reminders.models import CalendarToken, Notification, SentReminder

pytestmark = pytest.mark.django_db
D = datetime.date


def _commune_rows(cast):
    """One row of every kind the admin shows, for `cast`'s commune, each with a history."""
    commune, rgc = cast.partnership.commune, cast[Role.RGC]
    AnnexFactory(convention=cast.opus, active_accounts_cap=2)
    OpusService.objects.create(convention=cast.opus, name="Consultation des offres", description="Offres", access=True)
    CommitmentFactory(convention=cast.cooperation)
    Termination.objects.create(
        convention=cast.cooperation,
        ground=Termination.Ground.REQUEST,
        requested_by=commune,
        reasons="Motifs",
        letter_sent_on=D(2026, 10, 1),
        withdrawn=True,
    )
    session = CouncilSession.objects.create(
        commune=commune, date=D(2023, 11, 20), convened_by="Le Maire", president="Le Maire", members_in_office=29,
        secretary="Un conseiller",
    )  # fmt: skip
    Deliberation.objects.create(
        partnership=cast.partnership, session=session, number=f"DELIB-{commune.pk}", object="Partenariat",
        rapporteur="Une adjointe", outcome=Deliberation.Outcome.UNANIMOUS,
    )  # fmt: skip
    committee = SteeringCommittee.objects.create(partnership=cast.partnership, year=2025, date=D(2026, 2, 10))
    CommitteeMember.objects.create(committee=committee, name="Une élue")
    holder = HolderFactory(organisation=commune, last_name=f"TITULAIRE-{commune.pk}-X")
    account = AccountFactory(convention=cast.opus, person=holder)
    services.activate(account, rgc, D(2026, 3, 2))
    services.suspend(account, rgc, D(2026, 3, 9))  # a second version to go back to
    AccessConfirmation.objects.create(account=account, confirmed_on=D(2026, 3, 3), confirmed_by=rgc)
    DesignationFactory(convention=cast.opus, approved=True)
    services.record_absence(account.person, D(2026, 4, 1), None, rgc)
    HolderChange.objects.create(person=account.person, kind=HolderChange.Kind.DEPARTURE, on=D(2026, 6, 1))
    agent = cast[Role.AGENT]
    reminder = SentReminder.objects.create(
        duty_key=f"test:{commune.pk}", occasion="echeance", user=agent, partnership=cast.partnership,
        due_date=D(2026, 5, 1), run_for=D(2026, 5, 1),
    )  # fmt: skip
    Notification.objects.create(user=agent, reminder=reminder, title=f"Rappel {commune.name}")
    CalendarToken.objects.create(user=agent)
    DestructionRecord.objects.create(convention=cast.cooperation, performed_on=D(2027, 2, 28), deadline=D(2027, 2, 28))
    DpoContact.objects.create(partnership=cast.partnership, party="commune", email=f"dpo-{commune.pk}@example.org")
    RightsRequest.objects.create(
        partnership=cast.partnership, kind="acces", requester=f"Demandeur {commune.pk}", received_on=D(2026, 5, 4),
        channel="courriel",
    )  # fmt: skip
    RegisterCompletion.objects.create(partnership=cast.partnership, activity="opus", transfers="Aucun")
    AccessAttempt.objects.create(username=agent.username, ip_address="192.0.2.1", failures_since_start=2)
    AccessFailureLog.objects.create(username=agent.username, ip_address="192.0.2.1")
    AccessLog.objects.create(username=agent.username, ip_address="192.0.2.1")
    AllowedDomain.objects.create(organisation=commune, domain=f"commune-{commune.pk}.example.org", role=Role.AGENT)


@pytest.fixture
def region(db):
    """Two communes of one agency, every kind of row for each, and the logins that use the admin."""
    first = make_cast("a-")
    second = make_cast("b-", agency=first.partnership.agency)
    for cast in (first, second):
        _commune_rows(cast)
    agency_admin = UserFactory(username="agence-admin", role=Role.ADMINISTRATOR, organisation=first.partnership.agency)
    # A commune of no partnership here: its ProConnect domain is hidden from every login above.
    elsewhere = Organisation.objects.create(kind=Organisation.Kind.COMMUNE, name="Commune d'ailleurs")
    AllowedDomain.objects.create(organisation=elsewhere, domain="ailleurs.example.org", role=Role.ELU)
    return {
        "a-admin": first[Role.ADMINISTRATOR],
        "a-rgc": first[Role.RGC],
        "b-admin": second[Role.ADMINISTRATOR],
        "b-rgc": second[Role.RGC],
        "agency-admin": agency_admin,
        "casts": (first, second),
    }


TENANT_MODELS = [
    model for model in admin.site._registry if not (scope.scope_of(model).platform or scope.scope_of(model).shared)
]


def _hidden_rows(model, user):
    return model._default_manager.exclude(pk__in=scope.visible(model._default_manager.all(), user).values("pk"))


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _snapshot(model, pk):
    return model._default_manager.filter(pk=pk).values().first()


def _no_way_in(response, row):
    """Refused (403 or 404) or sent away (302 to somewhere else than the row's pages), showing nothing of it."""
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert f"/{row.pk}/" not in response.url
    assert str(row) not in response.content.decode() or not str(row).strip()


@pytest.mark.parametrize("login", ["a-admin", "a-rgc", "b-admin", "b-rgc", "agency-admin"])
def test_no_admin_door_opens_on_a_row_of_another_commune(client, region, login):
    user = region[login]
    client.force_login(user)
    tried = 0
    for model in TENANT_MODELS:
        model_admin = admin.site._registry[model]
        hidden = list(_hidden_rows(model, user))
        changelist = client.get(_url(model, "changelist"))
        if changelist.status_code == 200:
            shown = {row.pk for row in changelist.context["cl"].result_list}
            assert shown.isdisjoint(row.pk for row in hidden), model
        for row in hidden:
            before = _snapshot(model, row.pk)
            _no_way_in(client.get(_url(model, "change", row.pk)), row)
            _no_way_in(client.post(_url(model, "change", row.pk), {}), row)
            _no_way_in(client.get(_url(model, "delete", row.pk)), row)
            _no_way_in(client.post(_url(model, "delete", row.pk), {"post": "yes"}), row)
            _no_way_in(client.get(_url(model, "history", row.pk)), row)
            if isinstance(model_admin, SimpleHistoryAdmin):
                for version in model.history.filter(**{model._meta.pk.attname: row.pk}):
                    url = _url(model, "simple_history", row.pk, version.history_id)
                    _no_way_in(client.get(url), row)
                    _no_way_in(client.post(url, {}), row)
            client.post(
                _url(model, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [row.pk], "post": "yes"}
            )
            assert _snapshot(model, row.pk) == before, f"{model._meta.label} {row.pk} changed"
            tried += 1
        autocomplete = client.get(
            reverse("admin:autocomplete"),
            {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": "id", "term": ""},
        )
        assert autocomplete.status_code in (403, 404), model
    assert tried >= 10


@pytest.mark.parametrize("login", ["a-admin", "a-rgc"])
def test_every_kind_of_row_of_the_other_commune_is_tried(region, login):
    """The matrix above is only worth its coverage: every tenant model has a hidden row."""
    user = region[login]
    without = [m._meta.label for m in TENANT_MODELS if not _hidden_rows(m, user).exists()]
    assert without == []


def test_another_communes_rgc_cannot_restore_an_earlier_version_of_an_account(client, region):
    # clause O22: the reported defect — a version page of another commune's account, and its POST
    first, second = region["casts"]
    account = OpusAccount.objects.get(convention=second.opus)
    version = account.history.filter(state=OpusAccount.State.ACTIVE).first()
    client.force_login(region["a-rgc"])
    url = _url(OpusAccount, "simple_history", account.pk, version.history_id)
    assert client.get(_url(OpusAccount, "history", account.pk)).status_code == 404
    assert client.get(url).status_code == 404
    assert client.post(url, {"requested_on": "2026-01-05", "informed_on": "2026-01-06"}).status_code == 404
    account.refresh_from_db()
    assert account.state == OpusAccount.State.SUSPENDED


def test_the_rgc_sees_the_history_of_its_own_account_but_cannot_restore_it(client, region):
    # clause O6: the history of every change is shown; a version is never restored over the rules
    first, _second = region["casts"]
    account = OpusAccount.objects.get(convention=first.opus)
    version = account.history.filter(state=OpusAccount.State.ACTIVE).first()
    client.force_login(region["a-rgc"])
    assert client.get(_url(OpusAccount, "history", account.pk)).status_code == 200
    url = _url(OpusAccount, "simple_history", account.pk, version.history_id)
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"requested_on": "2026-01-05", "informed_on": "2026-01-06"}).status_code == 403
    account.refresh_from_db()
    assert account.state == OpusAccount.State.SUSPENDED


def test_exports_and_the_o7_letter_hold_only_the_users_commune(client, region):
    first, second = region["casts"]
    mine = OpusAccount.objects.get(convention=first.opus).person
    theirs = OpusAccount.objects.get(convention=second.opus).person
    client.force_login(region["a-rgc"])
    for query in ({}, {"convention": second.opus.pk}):
        csv = client.get(_url(OpusAccount, "export_csv"), query).content.decode()
        html = client.get(_url(OpusAccount, "export_pdf"), {**query, "html": "1"}).content.decode()
        assert theirs.last_name not in csv and theirs.last_name not in html
    assert mine.last_name in client.get(_url(OpusAccount, "export_csv")).content.decode()
    assert client.get(_url(OpusAccount, "export_csv"), {"convention": "abc"}).status_code == 404
    assert client.get(_url(OpusAccount, "export_csv"), {"state": "'"}).status_code == 404
    designation = reverse("admin:opus_accounts_rgcdesignation_change", args=[second.opus.rgc_designations.get().pk])
    assert client.get(designation).status_code == 302  # the admin's answer to an object out of reach


def test_lockouts_show_only_the_logins_of_the_administrateurs_organisation(client, region):
    first, second = region["casts"]
    client.force_login(region["a-admin"])
    for model in (AccessAttempt, AccessFailureLog):
        listing = client.get(_url(model, "changelist"))
        assert listing.status_code == 200
        names = {row.username for row in listing.context["cl"].result_list}
        assert names == {first[Role.AGENT].username}
    attempt = AccessAttempt.objects.get(username=second[Role.AGENT].username)
    client.post(_url(AccessAttempt, "delete", attempt.pk), {"post": "yes"})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_feed_tokens_and_notifications_of_another_commune_cannot_be_deleted(client, region):
    _first, second = region["casts"]
    client.force_login(region["a-admin"])
    token = CalendarToken.objects.get(user=second[Role.AGENT])
    notification = Notification.objects.get(user=second[Role.AGENT])
    for model, row in ((CalendarToken, token), (Notification, notification)):
        client.post(_url(model, "delete", row.pk), {"post": "yes"})
        client.post(
            _url(model, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [row.pk], "post": "yes"}
        )
        assert model.objects.filter(pk=row.pk).exists()


def test_role_groups_are_the_superusers_only(client, region, admin_user):
    # Deny by default: a commune's Administrateur cannot reach the role groups, let alone delete one.
    group = Group.objects.get(name=Role.AGENT)
    client.force_login(region["a-admin"])
    assert client.get(_url(Group, "changelist")).status_code == 403
    assert client.post(_url(Group, "delete", group.pk), {"post": "yes"}).status_code == 403
    assert client.post(_url(Group, "change", group.pk), {"name": "Renommé"}).status_code == 403
    client.post(
        _url(Group, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [group.pk], "post": "yes"}
    )
    assert Group.objects.filter(pk=group.pk, name=Role.AGENT).exists()
    # Even the superuser cannot delete a role the permissions name.
    client.force_login(admin_user)
    assert client.get(_url(Group, "changelist")).status_code == 200
    client.post(_url(Group, "delete", group.pk), {"post": "yes"})
    assert Group.objects.filter(pk=group.pk).exists()


def test_the_job_schedules_are_read_only_for_an_administrateur(client, region, admin_user):
    task = PeriodicTask.objects.get(task="reminders.send_reminders")
    crontab = task.crontab
    client.force_login(region["a-admin"])
    assert client.get(_url(PeriodicTask, "changelist")).status_code == 200
    page = client.get(_url(PeriodicTask, "change", task.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(_url(PeriodicTask, "change", task.pk), {"name": "x", "enabled": ""}).status_code == 403
    assert client.post(_url(CrontabSchedule, "change", crontab.pk), {"hour": "3"}).status_code == 403
    assert client.get(_url(PeriodicTask, "add")).status_code == 403
    client.post(_url(PeriodicTask, "changelist"), {"action": "disable_tasks", ACTION_CHECKBOX_NAME: [task.pk]})
    client.post(
        _url(PeriodicTask, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [task.pk], "post": "yes"}
    )
    task.refresh_from_db()
    assert task.enabled and task.name == PeriodicTask.objects.get(pk=task.pk).name
    client.force_login(admin_user)
    page = client.get(_url(PeriodicTask, "change", task.pk))
    assert 'name="_save"' in page.content.decode()


def test_a_user_created_by_the_administrateur_belongs_to_its_organisation(client, region):
    first, second = region["casts"]
    client.force_login(region["a-admin"])
    response = client.post(
        _url(User, "add"),
        {"username": "nouvelle-agente", "password1": "mot-de-passe-solide-42", "password2": "mot-de-passe-solide-42",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="nouvelle-agente")
    assert created.organisation == first.partnership.commune and not created.is_superuser
    # Nor can it move one of its users to another organisation.
    agent = first[Role.AGENT]
    client.post(
        _url(User, "change", agent.pk),
        {"username": agent.username, "is_active": "on", "organisation": second.partnership.commune.pk,
         "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
    )  # fmt: skip
    agent.refresh_from_db()
    assert agent.organisation == first.partnership.commune


def test_an_agency_record_and_its_people_are_changed_by_the_agency_only(client, region):
    """The agency and its people are shared by both communes: each reads them, neither changes them."""
    first, _second = region["casts"]
    agency = first.partnership.agency
    director = HolderFactory(organisation=agency, last_name="DIRECTRICE")
    client.force_login(region["a-admin"])
    assert client.get(_url(Organisation, "change", agency.pk)).status_code == 200
    client.post(_url(Organisation, "change", agency.pk), {"name": "Renommée", "kind": agency.kind})
    assert Organisation.objects.get(pk=agency.pk).name == agency.name
    from partnership.models import Person

    client.post(_url(Person, "change", director.pk), {"first_name": "X", "last_name": "Y", "organisation": agency.pk})
    client.post(_url(Person, "delete", director.pk), {"post": "yes"})
    assert Person.objects.get(pk=director.pk).last_name == "DIRECTRICE"
    client.force_login(region["agency-admin"])
    client.post(
        _url(Person, "change", director.pk),
        {"first_name": "Marie", "last_name": "DIRECTRICE-ADJOINTE", "organisation": agency.pk, "function": "",
         "email": ""},
    )  # fmt: skip
    assert Person.objects.get(pk=director.pk).last_name == "DIRECTRICE-ADJOINTE"


def test_the_administrateur_reads_the_opus_register_but_does_not_act_on_it(client, region):
    # clause O6: the register is the RGC's
    first, _second = region["casts"]
    account = OpusAccount.objects.get(convention=first.opus)
    client.force_login(region["a-admin"])
    assert client.get(_url(OpusAccount, "changelist")).status_code == 200
    client.post(_url(OpusAccount, "changelist"), {"action": "revoke", ACTION_CHECKBOX_NAME: [account.pk],
                                                  "apply": "1", "reason": "autre", "note": "essai"})  # fmt: skip
    client.post(_url(OpusAccount, "delete", account.pk), {"post": "yes"})
    assert OpusAccount.objects.get(pk=account.pk).state == OpusAccount.State.SUSPENDED
    assert Absence.objects.filter(person=account.person).exists()


def test_every_model_in_the_admin_declares_its_scope():
    assert all(scope.scope_of(model) is not None for model in admin.site._registry)
