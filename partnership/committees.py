"""The yearly steering committee (clause C10): its due date, default members, its convocation by
e-mail (an iCalendar invitation through `partnership.invitations`, as the referent meetings'),
its cancellation, and the indicators frozen into its record when it is held."""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership import invitations, obligations, term_comparison
from partnership.hooks import app_modules
from partnership.invitations import Audience
from partnership.legal_dates import LegalDate, add_months
from partnership.models import CommitteeMember, Convention, ConventionParty, SteeringCommittee
from partnership.obligations import Duty
from partnership.permissions import Role


def steering_committee_due(last_held_on: datetime.date | None, convention_effective_from: datetime.date) -> LegalDate:
    """Clause C10: "Un comité de pilotage de la convention réunira une fois par an".

    Due one year after the last committee held, or one year after the cooperation
    convention took effect when none has been held yet (29 February + 1 year = 28 February).
    """
    if last_held_on:
        return LegalDate(add_months(last_held_on, 12), "C10", "dernier comité de pilotage + 1 an")
    return LegalDate(add_months(convention_effective_from, 12), "C10", "prise d'effet de la convention + 1 an")


def current_cooperation(conventions, today):
    """The cooperation convention that rules `today`: the latest one already in effect."""
    started = [
        c
        for c in conventions
        if c.kind == Convention.Kind.COOPERATION and c.effective_from and c.effective_from <= today
    ]
    return max(started, key=lambda c: c.effective_from) if started else None


def committee_duties(partnership_ids, today):
    """Clause C10: the next steering committee of each partnership, in the calendar until held.

    Each committee held during the current cooperation convention closes the duty of its
    year (done); the next one is due one year after the last held.
    """
    by_partnership = obligations.conventions_by_partnership(partnership_ids, Convention.Kind.COOPERATION)
    held = {}
    for committee in SteeringCommittee.objects.filter(partnership_id__in=partnership_ids).held().order_by("date"):
        held.setdefault(committee.partnership_id, []).append(committee)
    for partnership_id, items in by_partnership.items():
        convention = current_cooperation(items, today)
        if convention is None:
            continue
        end = convention.end_date()
        last = None
        in_term = [c for c in held.get(partnership_id, []) if c.date >= convention.effective_from]
        for n, committee in enumerate(in_term):
            due = steering_committee_due(last, convention.effective_from)
            yield _duty(convention, n, due, committee.get_absolute_url(), done=True)
            last = committee.date
        due = steering_committee_due(last, convention.effective_from)
        if end and due.date > end.date:
            continue  # no committee of this convention after its end: the renewal duty takes over
        yield _duty(convention, len(in_term), due, reverse("committee_list"), done=False)


def _duty(convention, n, due, url, *, done):
    return Duty(
        key=f"convention:{convention.pk}-{n}:c10",
        title=_("Réunir le comité de pilotage annuel prévu par « %(title)s »") % {"title": convention.title},
        due_date=due.date,
        clause="C10",
        partnership_id=convention.partnership_id,
        actors=(Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT),
        url=url,
        convention_id=convention.pk,
        done=done,
        kind="c10",
    )


def default_members(partnership):
    """Clause C10: the mayor's representatives and the agency director. Taken from the
    previous committee when there is one, else from the parties' representatives."""
    previous = SteeringCommittee.objects.filter(partnership=partnership).order_by("-date", "-id").first()
    if previous is not None:
        return [
            {"person": m.person, "name": m.name, "function": m.function, "organisation": m.organisation}
            for m in previous.members.all()
        ]
    parties = ConventionParty.objects.filter(
        convention__partnership=partnership, convention__kind=Convention.Kind.COOPERATION, representative__isnull=False
    ).select_related("representative", "organisation")
    members, seen = [], set()
    for party in parties.order_by("-convention__effective_from", "order"):
        person = party.representative
        if person.pk in seen:
            continue
        seen.add(person.pk)
        members.append(
            {
                "person": person,
                "name": str(person),
                "function": person.function,
                "organisation": str(party.organisation),
            }
        )
    return members


def members_prefetch():
    """The members with the person each is linked to (their e-mail address)."""
    return Prefetch("members", queryset=CommitteeMember.objects.select_related("person"))


@transaction.atomic
def create_committee(partnership, **fields):
    members = default_members(partnership)
    committee = SteeringCommittee.objects.create(partnership=partnership, **fields)
    for order, member in enumerate(members):
        CommitteeMember.objects.create(committee=committee, order=order, **member)
    return committee


def current_comparison(partnership_id, today):
    """Clause C10: the cooperation convention ruling `today` against the previous term
    (`partnership.term_comparison`), or None."""
    conventions = list(Convention.objects.filter(partnership_id=partnership_id, kind=Convention.Kind.COOPERATION))
    convention = current_cooperation(conventions, today)
    return term_comparison.compare(convention, conventions, today) if convention else None


def gather_indicators(partnership, year, today=None):
    """The record of the committee: the sections every app's ``indicators(partnership, year)``
    returns (see `partnership.hooks` and `partnership.report`), in the order of the apps, then
    the comparison with the previous term on `today` (the end of `year` at the latest)."""
    today = today or timezone.localdate()
    sections = [section for module in app_modules("indicators") for section in module.indicators(partnership, year)]
    comparison = current_comparison(partnership.pk, min(today, datetime.date(year, 12, 31)))
    return {"sections": sections + ([comparison.section()] if comparison else [])}


def record(committee, today=None):
    """The committee's file (clause C10): the record frozen when it was held; until then, the
    same sections gathered from the data as they stand `today`, for the members to prepare;
    None for a cancelled committee."""
    if committee.is_held:
        return committee.indicators
    if committee.is_planned:
        return gather_indicators(committee.partnership, committee.year, today)
    return None


def mark_held(committee_pk, user_partnerships):
    """Mark the committee held and freeze its indicators (clause C10). Idempotent: a
    committee already held (or cancelled) keeps its record as it is."""
    with transaction.atomic():
        committee = SteeringCommittee.objects.select_for_update().get(
            pk=committee_pk, partnership__in=user_partnerships
        )
        if not committee.is_planned:
            return committee, False
        committee.indicators = gather_indicators(committee.partnership, committee.year)
        committee.indicators_frozen_at = timezone.now()
        committee.status = SteeringCommittee.Status.HELD
        committee.save(update_fields=["indicators", "indicators_frozen_at", "status"])
    return committee, True


# --- The convocation by e-mail ----------------------------------------------------------------


@transaction.atomic
def save_committee(form, formset):
    """Save the committee's form and its members; a change of date, time, duration or place
    raises the iCalendar SEQUENCE, so that the next convocation sent updates the same event."""
    committee = form.save(commit=False)
    invitations.reschedule(committee, form.changed_data, SteeringCommittee.SCHEDULE_FIELDS)
    committee.save()
    formset.save()
    committee.refresh_from_db()
    return committee


def audience(committee):
    """Every member, convened (linked to a person with a professional address) or not, and why."""
    found = Audience()
    for member in committee.members.all():
        if member.email:
            found.invited.append((member.name, member.email))
        elif member.person_id:
            found.left_out.append((member.name, _("pas d'adresse électronique professionnelle dans sa fiche")))
        else:
            found.left_out.append((member.name, _("membre non relié à une fiche de personne : aucune adresse")))
    return found


def invitation(committee):
    """What the convocation of `committee` says, and to whom."""
    agenda = committee.agenda_items()
    description = [
        _("Comité de pilotage annuel de la convention de coopération (clause C10), année examinée : %(year)s.")
        % {"year": committee.year}
    ]
    if agenda:
        description += ["", _("Ordre du jour :"), *[f"- {item}" for item in agenda]]
    return invitations.Invitation(
        summary=_("Comité de pilotage Relais Emploi – Pôle emploi de %(commune)s")
        % {"commune": committee.partnership.commune.name},
        description="\n".join(description),
        audience=audience(committee),
        templates="partnership/email/committee_invitation",
        context={
            "committee": committee,
            "members": [
                (m.name, ", ".join(filter(None, [m.function, m.organisation]))) for m in committee.members.all()
            ],
        },
    )


def _locked(committee_pk, scope):
    return (
        SteeringCommittee.objects.select_for_update(of=("self",))
        .select_related("partnership__commune")
        .prefetch_related(members_prefetch())
        .get(pk=committee_pk, partnership__in=scope)
    )


def convene(committee_pk, scope, today):
    """Send the convocation (or its update) to the members who have an address, at the current
    SEQUENCE; the first one dates the convocation (`convened_on`). Returns the number of
    recipients, 0 when nothing was sent (see `SteeringCommittee.refusal_to_convene`)."""
    with transaction.atomic():
        committee = _locked(committee_pk, scope)
        if committee.refusal_to_convene(today):
            return 0
        also_save = []
        if not committee.invitation_sent:
            committee.convened_on = today
            also_save.append("convened_on")
        return invitations.send_request(committee, invitation(committee), also_save=also_save)


@transaction.atomic
def cancel(committee_pk, scope):
    """Cancel a planned committee; the members already convened receive METHOD:CANCEL."""
    committee = _locked(committee_pk, scope)
    if not committee.is_planned:
        return committee, 0
    invitations.cancel_sequence(committee, SteeringCommittee.Status.CANCELLED)
    if committee.starts_at is None:  # its time taken out in the admin panel: no event left to cancel
        return committee, 0
    return committee, invitations.send_cancellation(committee, invitation(committee))
