"""Clause C9, whole: after the erasure, nothing personal of the ended convention is left in any
table of the database (read from the database itself, history tables included), and the people a
live convention or a public act still names are kept, with the reason."""

import datetime
import zoneinfo

import pytest
from django.db import connection

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
from privacy.models import RightsRequest
from relais.tests.factories import ActionFactory, MeetingFactory
from reminders.models import Notification, SentReminder

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


def build(cast):
    """A partnership with every kind of row naming people, around the cast's ended convention."""
    commune, agency = cast.partnership.commune, cast.partnership.agency
    renewal = ConventionFactory(partnership=cast.partnership, effective_from=D(2027, 1, 1), title="Renouvellement")
    renewal_opus = ConventionFactory(
        partnership=cast.partnership, opus=True, parent=renewal, title="OPUS 2027", signed_on=D(2027, 1, 15)
    )
    for opus in (cast.opus, renewal_opus):
        AnnexFactory(convention=opus, active_accounts_cap=5)
    # The public act's representatives: kept.
    mayor = person(commune, KEPT, 1)
    for convention in (cast.cooperation, cast.opus):  # one reason, given once
        ConventionParty.objects.create(
            convention=convention, organisation=commune, designation="le Partenaire", representative=mayor
        )
    # The OPUS register of the ended convention.
    holder = person(commune, ERASED, 1)
    account = AccountFactory(convention=cast.opus, person=holder, active=True)
    holder.function = f"Conseillère {ERASED}"  # a second version of the person
    holder.save()
    AccessConfirmation.objects.create(account=account, confirmed_on=D(2026, 4, 1))
    Absence.objects.create(person=holder, start=D(2026, 2, 1))
    HolderChange.objects.create(person=holder, kind=HolderChange.Kind.DEPARTURE, on=D(2026, 6, 30))
    rgc, successor = person(commune, ERASED, 2), person(commune, ERASED, 3)
    designation = DesignationFactory(
        convention=cast.opus, person=rgc, successor=successor, approved=True,
        status=RgcDesignation.Status.ENDED, end_reason=RgcDesignation.EndReason.DEPARTURE, ended_on=D(2026, 4, 30),
    )  # fmt: skip
    letter = documents.draft_letter(
        cast.partnership, Letter.Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None, designation=designation
    )
    # A holder who is the renewal's RGC: kept.
    both = person(commune, KEPT, 2)
    AccountFactory(convention=cast.opus, person=both)
    DesignationFactory(convention=renewal_opus, person=both, proposed_on=D(2027, 1, 20))
    # The referent meetings of its term, their participants and follow-up actions.
    referent, regular = person(agency, ERASED, 4), person(agency, KEPT, 3)
    meeting = MeetingFactory(
        partnership=cast.partnership, starts_at=datetime.datetime(2025, 3, 10, 10, tzinfo=PARIS),
        other_participants=f"Jean {ERASED.upper()}5, Mission locale",
    )  # fmt: skip
    meeting.participants.set([referent, regular, holder])
    meeting.place = "Mairie"  # a second version
    meeting.save()
    ActionFactory(meeting=meeting, owner=f"Marie {ERASED.upper()}6 (Mission locale)")
    later = MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2027, 3, 10, 10, tzinfo=PARIS))
    later.participants.set([regular])
    # The steering committee of the convention and its members.
    committee = SteeringCommittee.objects.create(
        partnership=cast.partnership, convention=cast.cooperation, year=2025, date=D(2026, 2, 10)
    )
    member = person(agency, ERASED, 7)
    CommitteeMember.objects.create(committee=committee, person=member, name=str(member), function="Directrice")
    CommitteeMember.objects.create(committee=committee, name=f"Paul {ERASED.upper()}8", represented_by="—")
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
