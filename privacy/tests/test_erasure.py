"""Clause C9, whole: after the erasure, nothing personal of the ended convention is left in any
table of the database (read from the database itself, history tables included), and the people a
live convention or a public act still names are kept, with the reason."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_cast
from documents import services as documents
from documents.models import Letter
from documents.storage import storage
from documents.tests import files
from opus_accounts.models import Absence, AccessConfirmation, HolderChange, RgcDesignation
from opus_accounts.tests.factories import AccountFactory, AnnexFactory, DesignationFactory, HolderFactory
from partnership import duty_snapshots
from partnership.models import CommitteeMember, ConventionParty, Person, SteeringCommittee
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory
from privacy import destruction
from privacy.models import DestructionRecord, RightsRequest
from relais.tests.factories import ActionFactory, MeetingFactory
from reminders.models import Notification, SentReminder
from renewals import services as renewals

D = datetime.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
C9_DUE = D(2027, 2, 28)  # the cast's cooperation convention ends on 31 December 2026
ERASED = "zorglub"  # in every name, address and text of the people who must go
KEPT = "gardemoi"  # in those of the people a live convention or a public act still names


def person(organisation, tag, n):
    return HolderFactory(
        organisation=organisation, first_name=f"Prénom{n}", last_name=f"{tag.upper()}{n}", email=f"{tag}{n}@example.org"
    )


def every_text_in_the_database():
    """Every text and JSON value of every table, as the database holds it."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
                if any(kind in str(column.type_code).lower() for kind in ("char", "text", "json", "str"))
                or column.type_code in _text_type_codes()
            ]
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            values += [(table, str(value)) for row in cursor.fetchall() for value in row if value is not None]
    return values


def _text_type_codes():
    """PostgreSQL's type codes of text columns (varchar, text, json, jsonb); SQLite names them."""
    return {1043, 25, 114, 3802} if connection.vendor == "postgresql" else set()


def build(cast, first=0):
    """A partnership with every kind of row naming people, around the cast's ended convention;
    `first` numbers its people from another number, for a second one."""
    commune, agency = cast.partnership.commune, cast.partnership.agency
    draft = renewals.start(cast.cooperation, cast[Role.AGENT], today=D(2026, 6, 1))  # before the renewal is in force
    renewal = ConventionFactory(partnership=cast.partnership, effective_from=D(2027, 1, 1), title="Renouvellement")
    renewal_opus = ConventionFactory(
        partnership=cast.partnership, opus=True, parent=renewal, title="OPUS 2027", signed_on=D(2027, 1, 15)
    )
    for opus in (cast.opus, renewal_opus):
        AnnexFactory(convention=opus, active_accounts_cap=5)
    # The public act's representatives: kept.
    mayor = person(commune, KEPT, first + 1)
    for convention in (cast.cooperation, cast.opus):  # one reason, given once
        ConventionParty.objects.create(
            convention=convention, organisation=commune, designation="le Partenaire", representative=mayor
        )
    # The OPUS register of the ended convention.
    holder = person(commune, ERASED, first + 1)
    account = AccountFactory(convention=cast.opus, person=holder, active=True)
    holder.function = f"Conseillère {ERASED}"  # a second version of the person
    holder.save()
    AccessConfirmation.objects.create(account=account, confirmed_on=D(2026, 4, 1))
    Absence.objects.create(person=holder, start=D(2026, 2, 1))
    HolderChange.objects.create(person=holder, kind=HolderChange.Kind.DEPARTURE, on=D(2026, 6, 30))
    rgc, successor = person(commune, ERASED, first + 2), person(commune, ERASED, first + 3)
    designation = DesignationFactory(
        convention=cast.opus, person=rgc, successor=successor, approved=True,
        status=RgcDesignation.Status.ENDED, end_reason=RgcDesignation.EndReason.DEPARTURE, ended_on=D(2026, 4, 30),
    )  # fmt: skip
    draft.rgc_name, draft.rgc_email = str(rgc), rgc.email  # the draft's annex 2 names the RGC
    draft.save()
    letter = documents.draft_letter(
        cast.partnership, Letter.Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None, designation=designation
    )
    # A holder who is the renewal's RGC: kept.
    both = person(commune, KEPT, first + 2)
    AccountFactory(convention=cast.opus, person=both)
    DesignationFactory(convention=renewal_opus, person=both, proposed_on=D(2027, 1, 20))
    # The referent meetings of its term, their participants and follow-up actions.
    referent, regular = person(agency, ERASED, first + 4), person(agency, KEPT, first + 3)
    meeting = MeetingFactory(
        partnership=cast.partnership, starts_at=datetime.datetime(2025, 3, 10, 10, tzinfo=PARIS),
        other_participants=f"Jean {ERASED.upper()}{first + 5}, Mission locale",
    )  # fmt: skip
    meeting.participants.set([referent, regular, holder])
    meeting.place = "Mairie"  # a second version
    meeting.save()
    ActionFactory(meeting=meeting, owner=f"Marie {ERASED.upper()}{first + 6} (Mission locale)")
    later = MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2027, 3, 10, 10, tzinfo=PARIS))
    later.participants.set([regular])
    # The steering committee of the convention and its members.
    committee = SteeringCommittee.objects.create(
        partnership=cast.partnership, convention=cast.cooperation, year=2025, date=D(2026, 2, 10)
    )
    member = person(agency, ERASED, first + 7)
    CommitteeMember.objects.create(committee=committee, person=member, name=str(member), function="Directrice")
    CommitteeMember.objects.create(committee=committee, name=f"Paul {ERASED.upper()}{first + 8}", represented_by="—")
    # The papers: one naming staff goes, the signed convention (a public act) stays.
    minutes = documents.file(
        cast.partnership, files.upload("cr.pdf", files.pdf()), user=None, kind="compte_rendu",
        title=f"Compte rendu {ERASED}", date=D(2025, 3, 10), meeting=meeting,
    )  # fmt: skip
    signed = documents.file(
        cast.partnership, files.upload("c.pdf", files.pdf()), user=None, kind="convention_signee",
        title="Convention signée", date=D(2024, 1, 1), convention=cast.cooperation,
    )  # fmt: skip
    # A reminder and notifications that name the people erased.
    agent = cast[Role.AGENT]
    reminder = SentReminder.objects.create(
        duty_key=f"rgc:{designation.pk}:o7", occasion="echeance", user=agent, partnership=cast.partnership,
        due_date=D(2026, 5, 8), run_for=D(2026, 5, 8),
    )  # fmt: skip
    Notification.objects.create(user=agent, reminder=reminder, title=f"Fin de fonction de {rgc}, RGC")
    Notification.objects.create(user=agent, title="OPUS : révoquez le compte", body=f"Le compte de {holder} …")
    kept_notification = Notification.objects.create(user=agent, title=f"Compte de {both}")
    # A rights request of a person erased: the record stays, without what names her.
    RightsRequest.objects.create(
        partnership=cast.partnership, kind="acces", person=holder, requester=str(holder), received_on=D(2026, 3, 1),
        channel="courriel", details=f"Tout ce qui concerne {holder}", answered_on=D(2026, 3, 20),
        answer=f"Dossier envoyé à {holder.email}",
    )  # fmt: skip
    duty_snapshots.collect([cast.partnership.pk], D(2026, 12, 1))
    return {"minutes": minutes, "signed": signed, "letter": letter, "kept_notification": kept_notification}


def erase(cast, capture):
    rows = build(cast)
    assert any(ERASED in value.lower() for _table, value in every_text_in_the_database())
    with capture(execute=True):
        records = destruction.destroy_personal_data(C9_DUE)
    [record] = [r for r in records if r.convention_id == cast.cooperation.pk]
    return record, rows


def check_nothing_personal_is_left(record, rows, cast):
    connection.check_constraints()  # no reference to an erased row is left (checked at commit otherwise)
    left = [(table, value) for table, value in every_text_in_the_database() if ERASED in value.lower()]
    assert left == []
    kept = {value for _table, value in every_text_in_the_database() if KEPT in value.lower()}
    assert {f"{KEPT.upper()}{n}" for n in (1, 2, 3)} <= kept
    assert not storage().exists(rows["minutes"].path) and storage().exists(rows["signed"].path)
    assert Notification.objects.get() == rows["kept_notification"]
    assert not SentReminder.objects.exists() and not Letter.objects.exists()
    counts = {row["label"]: row["count"] for row in record.summary}
    assert counts["Personnes (nom, fonction, adresse électronique)"] == 5
    assert counts["Membres des comités de pilotage"] == 2
    assert counts["Participations aux réunions des référents"] == 2
    assert counts["Responsables des actions de suivi"] == 1
    assert counts["Notifications nommant les personnes effacées"] == 2
    assert counts["Demandes d'exercice de droits (demandeur et textes)"] == 1
    assert RightsRequest.objects.get().answered_on == D(2026, 3, 20)
    # The record holds kinds and counts, never a name.
    assert all(set(row) == {"app", "label", "count"} for row in record.summary)
    assert Person.objects.filter(last_name__startswith=KEPT.upper()).count() == 3


@pytest.mark.django_db
def test_the_erasure_leaves_nothing_personal_of_the_ended_convention(
    cast, other_cast, django_capture_on_commit_callbacks
):
    # clause C9: destroyed at the latest two months after the end; public acts kept
    record, rows = erase(cast, django_capture_on_commit_callbacks)
    check_nothing_personal_is_left(record, rows, cast)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_erasure_leaves_nothing_personal_on_postgresql(cast, other_cast, django_capture_on_commit_callbacks):
    # clause C9, on the production database: its deferred foreign keys are checked at commit
    record, rows = erase(cast, django_capture_on_commit_callbacks)
    check_nothing_personal_is_left(record, rows, cast)


@pytest.mark.django_db
def test_the_dry_run_says_what_would_go_and_who_is_kept_and_why(cast, other_cast):
    # clause C9: the people a live convention or a public act names stay
    build(cast)
    [(rows, plan)] = destruction.dry_run([cast.cooperation]).values()
    assert sorted(p.last_name for p in plan.people.values()) == [f"{ERASED.upper()}{n}" for n in (1, 2, 3, 4, 7)]
    reasons = {p.last_name: [(c.title, why) for c, why in found] for p, found in plan.kept}
    assert reasons == {
        f"{KEPT.upper()}1": [
            (cast.cooperation.title, "représentant d'une partie dans la convention signée (acte public conservé)")
        ],
        f"{KEPT.upper()}2": [("Renouvellement", "RGC désigné")],
        f"{KEPT.upper()}3": [("Renouvellement", "participant d'une réunion des référents")],
    }
    counts = {row["label"]: row["count"] for row in rows}
    assert counts["Personnes (nom, fonction, adresse électronique)"] == 5
    assert counts["Comptes OPUS"] == 2 and counts["Participations aux réunions des référents"] == 2
    assert Person.objects.filter(last_name__startswith=ERASED.upper()).count() == 5  # nothing erased yet


# What the erasure of a convention `build` surrounds writes in its record, in the hooks' order.
EVERY_KIND = [
    ("documents", "Documents nominatifs (courriers, comptes rendus…)", 3),
    ("documents", "Courriers sur les RGC", 1),
    ("opus_accounts", "Comptes OPUS", 2),
    ("opus_accounts", "Revues d'accès", 1),
    ("opus_accounts", "Désignations du RGC", 1),
    ("opus_accounts", "Absences des titulaires", 1),
    ("opus_accounts", "Changements de fonction et départs", 1),
    ("relais", "Participations aux réunions des référents", 2),
    ("relais", "Listes des autres participants (hors parties)", 1),
    ("relais", "Responsables des actions de suivi", 1),
    ("reminders", "Notifications nommant les personnes effacées", 2),
    ("reminders", "Rappels envoyés nommant les personnes effacées", 1),
    ("privacy", "Demandes d'exercice de droits (demandeur et textes)", 1),
    ("renewals", "RGC nommé dans le projet de renouvellement", 1),
    ("partnership", "Membres des comités de pilotage", 2),
    ("partnership", "Personnes (nom, fonction, adresse électronique)", 5),
]
ONE_BY_ONE_OR_TOGETHER = pytest.mark.parametrize("batch_size", [1, destruction.BATCH_SIZE], ids=["one", "batch"])


def summaries(records):
    return {record.convention_id: [(r["app"], r["label"], r["count"]) for r in record.summary] for record in records}


@pytest.mark.django_db
@ONE_BY_ONE_OR_TOGETHER
def test_erased_together_or_one_by_one_the_records_say_the_same(
    cast, other_cast, batch_size, monkeypatch, django_capture_on_commit_callbacks
):
    # clause C9: two partnerships with every kind of row, due the same day
    monkeypatch.setattr(destruction, "BATCH_SIZE", batch_size)
    build(cast)
    build(other_cast, first=10)
    with django_capture_on_commit_callbacks(execute=True):
        records = destruction.destroy_personal_data(C9_DUE)
    assert summaries(records) == {cast.cooperation.pk: EVERY_KIND, other_cast.cooperation.pk: EVERY_KIND}
    connection.check_constraints()
    assert [value for _table, value in every_text_in_the_database() if ERASED in value.lower()] == []
    assert Person.objects.filter(last_name__startswith=KEPT.upper()).count() == 6
    assert RightsRequest.objects.filter(answered_on=D(2026, 3, 20)).count() == 2


@pytest.mark.django_db
@ONE_BY_ONE_OR_TOGETHER
def test_two_conventions_due_together_naming_the_same_person(cast, other_cast, batch_size, monkeypatch):
    # clause C9: the first keeps them for the second, which erases them
    monkeypatch.setattr(destruction, "BATCH_SIZE", batch_size)
    shared = person(cast.partnership.commune, ERASED, 1)
    AccountFactory(convention=cast.opus, person=shared)
    DesignationFactory(convention=other_cast.opus, person=shared)
    records = destruction.destroy_personal_data(C9_DUE)
    counted = [{row["label"]: row["count"] for row in record.summary} for record in records]
    assert [c["Personnes (nom, fonction, adresse électronique)"] for c in counted] == [0, 1]
    assert sorted((c["Comptes OPUS"], c["Désignations du RGC"]) for c in counted) == [(0, 1), (1, 0)]
    assert not Person.objects.filter(pk=shared.pk).exists()


@pytest.mark.django_db
def test_the_job_query_count_does_not_grow_with_the_conventions(
    monkeypatch, django_capture_on_commit_callbacks, django_assert_num_queries
):
    # clause C9: erased in bulk, the conventions of a day in a fixed number of queries
    def due(count, start):
        for n in range(count):
            build(make_cast(f"p{start + n}-"), first=10 * (start + n))

    def destroy(day):
        with django_capture_on_commit_callbacks(execute=True):
            return destruction.destroy_personal_data(day)

    assert destroy(C9_DUE - datetime.timedelta(days=1)) == []  # the job's run is recorded from now on
    due(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert len(destroy(C9_DUE)) == 2
    due(6, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        records = destroy(C9_DUE + datetime.timedelta(days=1))
    assert len(records) == 6 and all(summary == EVERY_KIND for summary in summaries(records).values())


@pytest.mark.django_db
def test_the_commands_dry_run_plans_as_the_job_erases(cast, other_cast, capsys):
    # clause C9: of two conventions due together naming the same person, the simulation keeps
    # them with the first and erases them with the second, as the job does
    shared = person(cast.partnership.commune, ERASED, 1)
    AccountFactory(convention=cast.opus, person=shared)
    DesignationFactory(convention=other_cast.opus, person=shared)
    call_command("destroy_personal_data", "--date", C9_DUE.isoformat())
    out = capsys.readouterr().out
    assert out.count(f"conservé : {shared}") == 1
    assert not DestructionRecord.objects.exists()
