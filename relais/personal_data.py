"""Clause C9 for the Relais Emploi: who took part in the referent meetings and who owns their
follow-up actions.

The meetings of a convention are those of its partnership dated within its term. Their lists of
participants (people of both parties) lose the people erased with the convention, wherever they
took part; the people outside both parties (`other_participants`) and the owners of the follow-up
actions are written as text, so they are blanked, in every version too. The meetings themselves,
their minutes (about the structures, never about job seekers: clause C6) and the monthly activity
(counts) stay: they are the record of the partnership.
"""

from django.db.models import DateTimeField, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop  # msgids, translated when counted or named

from partnership import erasure
from partnership.models import Convention
from relais.models import FollowUpAction, ReferentMeeting

PARTICIPANT = gettext_noop("participant d'une réunion des référents")
LABELS = {
    "participants": gettext_noop("Participations aux réunions des référents"),
    "others": gettext_noop("Listes des autres participants (hors parties)"),
    "owners": gettext_noop("Responsables des actions de suivi"),
}
Participation = ReferentMeeting.participants.through


def _any_in_term(conventions, prefix=""):
    """The meetings (`prefix` leads from a row to its meeting) of the conventions' terms, and of
    the days between two of a partnership's terms: each reader keeps those of a term
    (`_conventions_of`)."""
    return erasure.spans(conventions, prefix, date="starts_at__date")


def _conventions_of(conventions, partnership_id, starts_at):
    day = timezone.localtime(starts_at).date()
    return [c for c in conventions if erasure.within_term(c, partnership_id, day)]


def people(conventions):
    found = {c.pk: set() for c in conventions}
    rows = Participation.objects.filter(_any_in_term(conventions, "referentmeeting__")).values_list(
        "person_id", "referentmeeting__partnership_id", "referentmeeting__starts_at"
    )
    for person_id, partnership_id, starts_at in rows.order_by():
        for convention in _conventions_of(conventions, partnership_id, starts_at):
            found[convention.pk].add(person_id)
    return found


def naming(person_ids):
    """Each participation of the people with the cooperation conventions of its meeting's
    partnership (joined in one query), kept for those whose term holds the meeting."""
    rows = (
        Participation.objects.filter(
            person_id__in=person_ids, referentmeeting__partnership__conventions__kind=Convention.Kind.COOPERATION
        )
        .values_list(
            "person_id",
            "referentmeeting__partnership_id",
            "referentmeeting__starts_at",
            *(f"referentmeeting__partnership__conventions__{name}" for name in ("pk", "starts_on", "ends_on")),
        )
        .order_by()
    )
    for person_id, partnership_id, starts_at, pk, starts_on, ends_on in rows:
        convention = Convention(pk=pk, partnership_id=partnership_id, starts_on=starts_on, ends_on=ends_on)
        if _conventions_of([convention], partnership_id, starts_at):
            yield person_id, pk, _(PARTICIPANT), False


def _tied(plans):
    """{convention pk: {name: [ids]}}: the participations of the people erased with each, and the
    meetings and follow-up actions of its term that write people as text (a meeting within the
    terms of two conventions of `plans` goes with the first), in one query."""
    conventions = [plan.convention for plan in plans.values()]
    tied = {pk: {name: [] for name in LABELS} for pk in plans}
    erased_with = erasure.erased_with(plans)
    others, owners = (
        rows.filter(_any_in_term(conventions, prefix))
        .values_list("pk", f"{prefix}partnership_id", f"{prefix}starts_at", Value(name))
        .order_by()
        for name, rows, prefix in (
            ("others", ReferentMeeting.objects.exclude(other_participants=""), ""),
            ("owners", FollowUpAction.objects.exclude(owner=""), "meeting__"),
        )
    )
    # The participations are tied through their person (the second column), undated.
    participants = (
        Participation.objects.filter(person_id__in=erased_with)
        .values_list("pk", "person_id", Value(None, output_field=DateTimeField()), Value("participants"))
        .order_by()
    )
    for pk, key, starts_at, name in others.union(owners, participants, all=True):
        if name == "participants":
            tied[erased_with[key]][name].append(pk)
            continue
        for convention in _conventions_of(conventions, key, starts_at)[:1]:
            tied[convention.pk][name].append(pk)
    return tied


def inventory(plans):
    return erasure.counted(_tied(plans), LABELS)


def erase(plans):
    tied = _tied(plans)
    erasure.delete_ids(Participation, erasure.every(tied, "participants"))
    erasure.blank_ids(ReferentMeeting, erasure.every(tied, "others"), other_participants="")
    erasure.blank_ids(FollowUpAction, erasure.every(tied, "owners"), owner="")
    return erasure.counted(tied, LABELS)


def held(person):
    """Article 15 (clause O16): the meetings `person` took part in and the follow-up actions
    whose owner names them, for the access file."""
    meetings = ReferentMeeting.objects.filter(participants=person).select_related("partnership").order_by("starts_at")
    actions = FollowUpAction.objects.filter(owner__icontains=person.last_name).select_related("meeting")
    return [
        {
            "title": _("Réunions des référents (participant)"),
            "columns": [_("Date"), _("Partenariat"), _("Lieu"), _("État")],
            "rows": [
                [
                    f"{timezone.localtime(m.starts_at):%d/%m/%Y %H:%M}",
                    str(m.partnership),
                    m.place,
                    m.get_status_display(),
                ]
                for m in meetings
            ],
        },
        {
            "title": _("Actions de suivi (responsable)"),
            "columns": [_("Action"), _("Responsable inscrit"), _("Échéance"), _("Réalisée le")],
            "rows": [
                [a.text, a.owner, f"{a.due_on:%d/%m/%Y}", f"{a.done_on:%d/%m/%Y}" if a.done_on else "—"]
                for a in actions
                if str(person).lower() in a.owner.lower()
            ],
        },
    ]
