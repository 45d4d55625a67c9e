"""A large, realistic dataset for the benchmark: a Pôle emploi direction running the tool for
hundreds (`--partnerships 200`, the default) or thousands (`--partnerships 2000`, national scale)
of partnerships, each with the same history.

    python manage.py generate_large_dataset [--partnerships 200] [--years 20] [--reset]

Everything is written with bulk_create in batches (no signal, no history rows: generated data has
no author); the rows of each partnership's history are made and written a batch at a time, so the
memory does not grow with the number of partnerships. The rows hang under one regional direction
named `REGION_NAME`; running the command again does nothing unless --reset, which deletes that
data first. Users (password of the demo):
bench-elu, bench-agent, bench-rgc, bench-correspondant (the first generated commune and its
agency) and bench-region (a correspondent of the regional direction, who sees every partnership).
"""

import argparse
import datetime
import itertools
import random
import time
import zoneinfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings

from demo.partnership import DEMO_PASSWORD
from diagnosis.models import QuarterlyFigures
from opus_accounts.models import OpusAccount, RgcDesignation
from partnership import duty_snapshots
from partnership.models import (
    Commitment,
    Convention,
    OpusAnnex,
    Organisation,
    Partnership,
    Person,
    SteeringCommittee,
    User,
)
from partnership.permissions import Role
from relais.models import Event, MonthlyActivity, ReferentMeeting

REGION_NAME = "Direction régionale (jeu de données de charge)"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BATCH = 2000
BENCH_USERS = {
    "bench-elu": Role.ELU,
    "bench-agent": Role.AGENT,
    "bench-rgc": Role.RGC,
    "bench-correspondant": Role.CORRESPONDENT,
    "bench-region": Role.CORRESPONDENT,
}
COMMITMENT_TEXTS = [
    ("C5", "Donner accès à OPUS"),
    ("C5", "Faire connaître le Relais Emploi"),
    ("C5", "Proposer des immersions"),
    ("C5", "Informer par des conseillers experts"),
    ("C5", "Désigner un conseiller référent"),
    ("C7", "Aider à l'inscription et à l'actualisation"),
    ("C7", "Présenter les services de Pôle emploi"),
    ("C7", "Accompagner sur les outils numériques"),
    ("C7", "Informer Pôle emploi des événements"),
    ("C7", "Travailler en complémentarité"),
]


class Command(BaseCommand):
    help = "Generate a large dataset (hundreds or thousands of partnerships, 20 years of quarters) for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument(
            "--partnerships", type=_partnerships, default=200, help="partnerships, one commune each (1 to 10,000)"
        )
        parser.add_argument("--years", type=int, default=20, help="years of quarterly figures")
        parser.add_argument("--accounts", type=int, default=25, help="OPUS accounts per partnership")
        parser.add_argument("--meetings", type=int, default=50, help="referent meetings per partnership")
        parser.add_argument("--activity-years", type=int, default=10, help="years of monthly activity rows")
        parser.add_argument("--reset", action="store_true", help="delete the generated data first")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        started = time.monotonic()
        self.random = random.Random(options["seed"])
        region = Organisation.objects.filter(name=REGION_NAME, kind=Organisation.Kind.REGIONAL_DIRECTION).first()
        if region and not options["reset"]:
            self.stdout.write("The large dataset is already there (use --reset to make it again).")
            return
        with transaction.atomic(), duty_snapshots.one_change_for_all():  # bulk_create sends no signal
            if region:
                self.delete(region)
                self.stdout.write(f"Deleted the previous dataset in {time.monotonic() - started:.1f} s")
            counts = self.generate(options)
        analyze()
        for name, count in counts.items():
            self.stdout.write(f"  {name:<28} {count:>8}")
        self.stdout.write(self.style.SUCCESS(f"Large dataset generated in {time.monotonic() - started:.1f} s"))

    # --- deletion -------------------------------------------------------------------------

    def delete(self, region):
        # The generated rows have no history: deleting them writes none either (one history row
        # per deleted row would take minutes at 2,000 partnerships).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            self._delete(region)

    def _delete(self, region):
        agencies = Organisation.objects.filter(parent=region)
        partnerships = Partnership.objects.filter(agency__in=agencies)
        conventions = Convention.objects.filter(partnership__in=partnerships)
        communes = Organisation.objects.filter(pk__in=partnerships.values("commune"))
        intercos = Organisation.objects.filter(pk__in=communes.values("parent"))
        User.objects.filter(username__in=BENCH_USERS).delete()
        OpusAccount.objects.filter(convention__in=conventions).delete()
        RgcDesignation.objects.filter(convention__in=conventions).delete()
        SteeringCommittee.objects.filter(partnership__in=partnerships).delete()
        ReferentMeeting.objects.filter(partnership__in=partnerships).delete()
        MonthlyActivity.objects.filter(partnership__in=partnerships).delete()
        Event.objects.filter(partnership__in=partnerships).delete()
        QuarterlyFigures.objects.filter(partnership__in=partnerships).delete()
        Commitment.objects.filter(convention__in=conventions).delete()
        OpusAnnex.objects.filter(convention__in=conventions).delete()
        conventions.filter(parent__isnull=False).delete()
        conventions.delete()
        partnerships.delete()
        Person.objects.filter(organisation__in=communes).delete()
        communes.delete()
        intercos.delete()
        agencies.delete()
        region.delete()

    # --- generation -----------------------------------------------------------------------

    def generate(self, options):
        rnd = self.random
        today = datetime.date.today()
        n = options["partnerships"]
        region = Organisation.objects.create(kind=Organisation.Kind.REGIONAL_DIRECTION, name=REGION_NAME)
        agencies = Organisation.objects.bulk_create(
            Organisation(
                kind=Organisation.Kind.AGENCY,
                name=f"Agence de charge {i:03d}",
                parent=region,
                safir_code=f"{90000 + i}",
            )
            for i in range(max(1, n // 10))
        )
        intercos = Organisation.objects.bulk_create(
            Organisation(kind=Organisation.Kind.INTERCOMMUNALITY, name=f"Intercommunalité de charge {i:03d}")
            for i in range(max(1, n // 10))
        )
        communes = Organisation.objects.bulk_create(
            Organisation(
                kind=Organisation.Kind.COMMUNE,
                name=f"Commune de charge {i:04d}",
                parent=intercos[i % len(intercos)],
                insee_code=f"9{i:04d}",
                population=rnd.randint(1500, 40000),
            )
            for i in range(n)
        )
        partnerships = Partnership.objects.bulk_create(
            Partnership(
                commune=c, agency=agencies[i % len(agencies)], name=f"{c.name} – {agencies[i % len(agencies)].name}"
            )
            for i, c in enumerate(communes)
        )

        # Cooperation conventions of three years back to 2018, each with its OPUS convention.
        starts = [datetime.date(y, 1, 1) for y in range(today.year - 8, today.year + 1, 3)]
        cooperations = Convention.objects.bulk_create(
            Convention(
                partnership=p,
                kind=Convention.Kind.COOPERATION,
                title=f"Convention de coopération {s.year}-{s.year + 2}",
                signed_on=s - datetime.timedelta(days=30),
                effective_from=s,
                duration_months=36,
            )
            for p in partnerships
            for s in starts
        )
        opus = Convention.objects.bulk_create(
            Convention(
                partnership_id=c.partnership_id,
                kind=Convention.Kind.OPUS,
                title=f"Convention OPUS {c.effective_from.year}",
                parent=c,
                signed_on=c.effective_from + datetime.timedelta(days=20),
            )
            for c in cooperations
        )
        OpusAnnex.objects.bulk_create(
            OpusAnnex(convention=c, partner_safir_code="39000", agency_safir_code="38000", active_accounts_cap=3)
            for c in opus
        )
        statuses = list(Commitment.Status.values)
        commitments = _insert(
            Commitment,
            (
                Commitment(
                    convention=c,
                    party_id=c.partnership.commune_id if clause == "C7" else c.partnership.agency_id,
                    clause=clause,
                    text=text,
                    order=order,
                    status=rnd.choice(statuses),
                )
                for c in cooperations
                for order, (clause, text) in enumerate(COMMITMENT_TEXTS)
            ),
        )

        # Quarterly figures: `years` years of quarters up to the last complete one.
        last_index = (today.year * 4 + (today.month - 1) // 3) - 1
        first_index = last_index - options["years"] * 4 + 1

        def quarters_of(p):
            level = rnd.randint(150, 2500)
            for index in range(first_index, last_index + 1):
                level = max(50, int(level * rnd.uniform(0.95, 1.05)))
                year, number = divmod(index, 4)
                a = int(level * 0.6)
                yield QuarterlyFigures(
                    partnership=p,
                    year=year,
                    quarter=number + 1,
                    figures_date=_quarter_end(year, number + 1),
                    seekers_abc=level,
                    seekers_a=a,
                    seekers_b=int(level * 0.18),
                    seekers_c=level - a - int(level * 0.18),
                    under_25=int(level * 0.15),
                    aged_50_plus=int(level * 0.25),
                    women=int(level * 0.52),
                    long_term=int(level * 0.4),
                    capi_abc=level * 20,
                    source=QuarterlyFigures.Source.DEMO,
                    demo=True,
                )

        figures = _insert(QuarterlyFigures, (f for p in partnerships for f in quarters_of(p)))

        # Referent meetings every two months, back from today (clause C6).
        per = options["meetings"]
        days = [today - datetime.timedelta(days=61 * (per - k - 1) - 30) for k in range(per)]
        meetings = _insert(
            ReferentMeeting,
            (
                ReferentMeeting(
                    partnership=p,
                    starts_at=datetime.datetime(day.year, day.month, day.day, 9, 30, tzinfo=PARIS),
                    place="Relais Emploi",
                    status=ReferentMeeting.Status.HELD if day < today else ReferentMeeting.Status.PLANNED,
                    minutes_economy="Situation stable." if day < today else "",
                )
                for p in partnerships
                for day in days
            ),
        )

        activity = _insert(
            MonthlyActivity,
            (
                MonthlyActivity(
                    partnership=p,
                    year=year,
                    month=month,
                    free_slot_visitors=rnd.randint(20, 120),
                    appointments=rnd.randint(5, 60),
                    registration_help=rnd.randint(2, 30),
                    monthly_update_help=rnd.randint(2, 30),
                    opus_offers_consulted=rnd.randint(10, 200),
                    opus_employer_contacts=rnd.randint(0, 20),
                    opus_cv_requests=rnd.randint(0, 20),
                    opus_candidates_convened=rnd.randint(0, 10),
                    jobs_obtained=rnd.randint(0, 10),
                    trainings_obtained=rnd.randint(0, 5),
                )
                for p in partnerships
                for year in range(today.year - options["activity_years"] + 1, today.year + 1)
                for month in range(1, 13)
                if (year, month) < (today.year, today.month)
            ),
        )

        _insert(
            SteeringCommittee,
            (
                SteeringCommittee(
                    partnership_id=c.partnership_id,
                    convention=c,
                    year=year - 1,
                    date=datetime.date(year, 2, 10),
                    status=SteeringCommittee.Status.HELD,
                )
                for c in cooperations
                for year in range(c.effective_from.year, c.effective_from.year + 3)
                if datetime.date(year, 2, 10) < today
            ),
        )

        # OPUS accounts: one holder each; the current convention's accounts are live (within the
        # cap), the older conventions' accounts were revoked when they ended or earlier.
        accounts_per = options["accounts"]
        people = Person.objects.bulk_create(
            (
                Person(
                    organisation_id=p.commune_id,
                    first_name=f"Prénom{k}",
                    last_name=f"TITULAIRE{p.pk}-{k}",
                    function="Agent du Relais Emploi",
                    email=f"titulaire{p.pk}-{k}@example.org",
                )
                for p in partnerships
                for k in range(accounts_per + 1)
            ),
            batch_size=BATCH,
        )
        by_commune = {}
        for person in people:
            by_commune.setdefault(person.organisation_id, []).append(person)
        opus_by_partnership = {}
        for c in opus:
            opus_by_partnership.setdefault(c.partnership_id, []).append(c)
        reasons = list(OpusAccount.Reason.values)
        accounts, designations = [], []
        for p in partnerships:
            conventions = sorted(opus_by_partnership[p.pk], key=lambda c: c.signed_on)
            current = conventions[-1]
            holders = by_commune[p.commune_id]
            rgc, holders = holders[0], holders[1:]
            for k, person in enumerate(holders):
                convention = conventions[k % len(conventions)]
                requested = convention.signed_on + datetime.timedelta(days=rnd.randint(0, 300))
                account = OpusAccount(
                    convention=convention,
                    person=person,
                    requested_on=requested,
                    informed_on=requested,
                    activated_on=requested,
                    state=OpusAccount.State.REVOKED,
                )
                if convention is current and k < 2 * len(conventions):
                    account.state = OpusAccount.State.ACTIVE
                else:
                    account.revoked_on = min(today, requested + datetime.timedelta(days=rnd.randint(30, 900)))
                    account.revocation_reason = rnd.choice(reasons)
                accounts.append(account)
            for convention in conventions:
                designations.append(
                    RgcDesignation(
                        convention=convention,
                        person=rgc,
                        status=RgcDesignation.Status.APPROVED,
                        proposed_on=convention.signed_on,
                        decided_on=convention.signed_on + datetime.timedelta(days=10),
                        decision_reference="Accord écrit (données de charge)",
                    )
                )
        OpusAccount.objects.bulk_create(accounts, batch_size=BATCH)
        RgcDesignation.objects.bulk_create(designations, batch_size=BATCH)

        password = make_password(DEMO_PASSWORD)
        first = partnerships[0]
        organisation_of = {
            "bench-correspondant": first.agency_id,
            "bench-region": region.pk,
        }
        users = User.objects.bulk_create(
            User(
                username=username,
                password=password,
                first_name="Banc",
                last_name="d'essai",
                organisation_id=organisation_of.get(username, first.commune_id),
            )
            for username in BENCH_USERS
        )
        groups = {g.name: g for g in Group.objects.filter(name__in=set(BENCH_USERS.values()))}
        for user in users:
            user.groups.add(groups[BENCH_USERS[user.username]])

        return {
            "communes": len(communes),
            "partnerships": len(partnerships),
            "conventions": len(cooperations) + len(opus),
            "commitments": commitments,
            "quarterly figures": figures,
            "referent meetings": meetings,
            "monthly activity rows": activity,
            "OPUS accounts": len(accounts),
            "RGC designations": len(designations),
            "users": len(users),
        }


GENERATED = [
    Organisation, Partnership, Convention, OpusAnnex, Commitment, QuarterlyFigures, ReferentMeeting, MonthlyActivity,
    SteeringCommittee, Person, OpusAccount, RgcDesignation, User,
]  # fmt: skip


def analyze():
    """What PostgreSQL's autovacuum would do later to the tables just filled: their statistics
    (until then the planner would read the new rows as the few it knew of) and their visibility
    map (until then a count reads every row of the table, not the index alone); within a
    transaction (a test's), where VACUUM cannot run, the statistics only."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
    with connection.cursor() as cursor:
        cursor.execute(command + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in GENERATED))


def _partnerships(value):
    number = int(value)
    if not 1 <= number <= 10000:  # the communes' generated INSEE codes have four digits after a 9
        raise argparse.ArgumentTypeError("between 1 and 10000")
    return number


def _insert(model, rows):
    """Writes the rows an iterator yields, a batch at a time; returns how many."""
    count = 0
    while batch := list(itertools.islice(rows, BATCH)):
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _quarter_end(year, number):
    month = 3 * number
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)
