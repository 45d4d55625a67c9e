"""Clause C9 for the partnership app: the people and the steering committees' members.

- `Person` (a name, a function, a professional e-mail): erased with the convention that names
  them (its OPUS accounts and RGC, its meetings, its committees), unless a convention not yet
  destroyed names them too, or a signed convention names them as a party's representative (a
  public act the commune keeps, archives publiques), with every version of them. This hook runs
  last: the other apps erase first what refers to them.
- `CommitteeMember` (clause C10): the members of the convention's steering committees (those
  dated within its term when no convention is given), and of any committee naming an erased
  person; the committee itself, its minutes and frozen indicators stay (the record of C10).
- `OpusAnnex.correspondent_email`, `CouncilSession` / `SessionAbsence`: part of annex 2 and of
  the deliberation, signed or public acts, kept.
- `CommitmentUpdate.author`: staff accounts (`User`), managed by the Administrateur and not
  tied to one convention; the follow-up comments are the record of how the commitments were
  kept (clauses C5 and C7), written about the institutions (clause O14 forbids recording the
  sensitive categories anywhere).

The partnership's calendar snapshots (`duty_snapshots`) may name the people erased: they are
deleted, and taken again from the erased data when next read.
"""

from django.db.models import BigIntegerField, DateField, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop  # msgids, translated when counted or named

from partnership import duty_snapshots, erasure
from partnership.models import CommitteeMember, Convention, ConventionParty, Person

ERASE_ORDER = 90  # last: the people, once the rows naming them are gone

REPRESENTATIVE = gettext_noop("représentant d'une partie dans la convention signée (acte public conservé)")
MEMBER = gettext_noop("membre d'un comité de pilotage")
LABELS = {
    "members": gettext_noop("Membres des comités de pilotage"),
    "people": gettext_noop("Personnes (nom, fonction, adresse électronique)"),
}


# What `_members` reads of each member: its pk, its person, and its committee's convention,
# partnership and date.
MEMBER_COLUMNS = ("pk", "person_id", "committee__convention_id", "committee__partnership_id", "committee__date")


def _member_rows(conventions, people_of):
    """The `MEMBER_COLUMNS` of the members of the conventions' steering committees (those dated
    within a convention's term when no convention is given) and of the members naming the people
    of `people_of` ({convention pk: set of people}), not yet read."""
    # The committees without a convention of the partnerships' spans, kept within a term by `_members`.
    query = (
        Q(person__in=set().union(*people_of.values()))
        | Q(committee__convention__in=conventions)
        | (Q(committee__convention__isnull=True) & erasure.spans(conventions, "committee__"))
    )
    return CommitteeMember.objects.filter(query).values_list(*MEMBER_COLUMNS).order_by()


def _members(conventions, rows, people_of=None):
    """{convention pk: {member pk: person pk}}: the members of `rows` (`_member_rows`) of each
    convention's steering committees, and those naming the people erased with it (`people_of`)."""
    people_of = people_of or {}
    found = {c.pk: {} for c in conventions}
    for pk, person_id, convention_id, partnership_id, day in rows:
        for convention in conventions:
            if (
                person_id in people_of.get(convention.pk, ())
                or convention_id == convention.pk
                or (convention_id is None and erasure.within_term(convention, partnership_id, day))
            ):
                found[convention.pk][pk] = person_id
    return found


def people(conventions):
    """The parties' representatives of each convention and of its OPUS conventions, and its
    committees' members, in one query (the representatives' rows have no member pk)."""
    found = {c.pk: set() for c in conventions}
    representatives = ConventionParty.objects.filter(
        # The conventions apart: an OR across the join would read every convention.
        convention__in=Convention.objects.filter(Q(pk__in=found) | Q(parent__in=found)),
        representative__isnull=False,
    ).values_list(
        Value(None, output_field=BigIntegerField()),
        "representative_id",
        Coalesce("convention__parent_id", "convention_id"),
        Value(None, output_field=BigIntegerField()),
        Value(None, output_field=DateField()),
    )
    members = []
    for row in _member_rows(conventions, {}).union(representatives.order_by(), all=True):
        if row[0] is None:
            found[row[2]].add(row[1])
        else:
            members.append(row)
    for pk, tied in _members(conventions, members).items():
        found[pk].update(person_id for person_id in tied.values() if person_id is not None)
    return found


def naming(person_ids):
    """The representatives (public acts) and the committees' members, in one query."""
    representatives = (
        ConventionParty.objects.filter(representative_id__in=person_ids)
        .values_list("representative_id", Coalesce("convention__parent_id", "convention_id"), Value(True))
        .order_by()
    )
    members = (
        CommitteeMember.objects.filter(person_id__in=person_ids, committee__convention__isnull=False)
        .values_list("person_id", "committee__convention_id", Value(False))
        .order_by()
    )
    for person_id, convention_id, public in representatives.union(members, all=True):
        yield person_id, convention_id, _(REPRESENTATIVE if public else MEMBER), bool(public)


def _tied(plans):
    """{convention pk: {"members": [ids], "people": [ids]}}: a member within the reach of two
    conventions of `plans` goes with the first; in one query."""
    people_of = {pk: set(plan.people) for pk, plan in plans.items()}
    conventions = [plan.convention for plan in plans.values()]
    members = _members(conventions, _member_rows(conventions, people_of), people_of)
    tied, taken = {}, set()
    for pk, plan in plans.items():
        tied[pk] = {"members": [member for member in members[pk] if member not in taken], "people": list(plan.people)}
        taken.update(members[pk])
    return tied


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    erasure.delete_ids(CommitteeMember, erasure.every(tied, "members"))
    erasure.delete_ids(Person, erasure.every(tied, "people"))
    duty_snapshots.forget({plan.convention.partnership_id for plan in plans.values()})
    return erasure.counted(tied, LABELS)


def held(person):
    """Article 15 (clause O16): what this app holds on `person`, for the access file."""
    from partnership.models import User  # the login of the same professional address, if any

    sections = [
        {
            "title": _("Fiche de la personne"),
            "columns": [_("Organisation"), _("Prénom"), _("Nom"), _("Fonction"), _("Adresse électronique")],
            "rows": [[str(person.organisation), person.first_name, person.last_name, person.function, person.email]],
        },
        {
            "title": _("Versions antérieures de la fiche"),
            "columns": [_("Date"), _("Prénom"), _("Nom"), _("Fonction"), _("Adresse électronique")],
            "rows": [
                [f"{v.history_date:%d/%m/%Y %H:%M}", v.first_name, v.last_name, v.function, v.email]
                for v in person.history.order_by("history_date")
            ],
        },
        {
            "title": _("Représentation d'une partie dans une convention"),
            "columns": [_("Convention"), _("Qualité")],
            "rows": [
                [party.convention.title, party.capacity]
                for party in ConventionParty.objects.filter(representative=person).select_related("convention")
            ],
        },
        {
            "title": _("Comités de pilotage"),
            "columns": [_("Date"), _("Nom inscrit"), _("Présence")],
            "rows": [
                [f"{m.committee.date:%d/%m/%Y}", m.name, m.get_attendance_display()]
                for m in CommitteeMember.objects.filter(person=person).select_related("committee")
            ],
        },
    ]
    if person.email:
        sections.append(
            {
                "title": _("Compte de connexion (même adresse électronique)"),
                "columns": [_("Identifiant"), _("Créé le"), _("Dernière connexion"), _("Rôles")],
                "rows": [
                    [
                        user.username,
                        f"{user.date_joined:%d/%m/%Y}",
                        f"{user.last_login:%d/%m/%Y %H:%M}" if user.last_login else "—",
                        ", ".join(group.name for group in user.groups.all()),
                    ]
                    for user in User.objects.filter(email__iexact=person.email).prefetch_related("groups")
                ],
            }
        )
    return sections
