"""The merge of a meeting's two lists of participants into one (relais 0002)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("relais", "0001_initial")]
AFTER = [("relais", "0002_one_list_of_participants")]


def _apps_at(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    yield _apps_at(BEFORE)
    call_command("migrate", verbosity=0)  # the latest schema again for the tests that follow


def test_staff_accounts_join_the_people_without_duplicates_and_nobody_is_lost(old_apps):
    # clause C6: whoever was invited to the referent meeting still is.
    Organisation = old_apps.get_model("partnership", "Organisation")
    Partnership = old_apps.get_model("partnership", "Partnership")
    Person = old_apps.get_model("partnership", "Person")
    User = old_apps.get_model("partnership", "User")
    Meeting = old_apps.get_model("relais", "ReferentMeeting")
    commune = Organisation.objects.create(kind="commune", name="Commune")
    agency = Organisation.objects.create(kind="agence", name="Agence")
    partnership = Partnership.objects.create(commune=commune, agency=agency, name="P")
    agent = User.objects.create(
        username="agent", first_name="Camille", last_name="Durand", email="Agent@example.org", organisation=commune
    )
    newcomer = User.objects.create(
        username="new", first_name="Jean", last_name="D'Artagnan", email="jean@example.org", organisation=agency
    )
    orphan = User.objects.create(username="orphan", first_name="Ana", last_name="Sans", email="ana@example.org")
    agent_person = Person.objects.create(
        organisation=commune, first_name="Camille", last_name="DURAND", email="agent@example.org", function="Agente"
    )
    referent = Person.objects.create(organisation=agency, first_name="Sophie", last_name="MARTIN", email="")
    both = Meeting.objects.create(
        partnership=partnership,
        starts_at=datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC),
        place="Relais",
        other_participants="Mission locale (M. Petit)",
    )
    both.staff.set([agent, newcomer, orphan])
    both.people.set([agent_person, referent])
    second = Meeting.objects.create(
        partnership=partnership, starts_at=datetime.datetime(2026, 5, 12, 8, tzinfo=datetime.UTC), place="Relais"
    )
    second.staff.set([newcomer])

    new_apps = _apps_at(AFTER)
    Meeting = new_apps.get_model("relais", "ReferentMeeting")
    Person = new_apps.get_model("partnership", "Person")
    both = Meeting.objects.get(pk=both.pk)
    jean = Person.objects.get(last_name="D'Artagnan")
    assert (jean.organisation_id, jean.first_name, jean.email) == (agency.pk, "Jean", "jean@example.org")
    assert set(both.participants.values_list("pk", flat=True)) == {agent_person.pk, referent.pk, jean.pk}
    assert both.other_participants.splitlines() == ["Mission locale (M. Petit)", "Ana Sans"]
    assert list(Meeting.objects.get(pk=second.pk).participants.all()) == [jean]
    assert Person.objects.count() == 3  # the agent matched by address (whatever its case), Jean made once
    assert not hasattr(Meeting, "staff")
