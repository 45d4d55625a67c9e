"""Invitations to a referent meeting (clause C6): an e-mail with an iCalendar (RFC 5546)
attachment, sent through `partnership.invitations` as the steering committee's are."""

from django.db import transaction
from django.utils.translation import gettext as _

from partnership import invitations
from partnership.invitations import Audience
from relais.models import ReferentMeeting


def audience(meeting):
    """Every participant of `meeting`, invited (a professional address in their record) or not."""
    found = Audience()
    for person in meeting.participants.all():
        if person.email:
            found.invited.append((str(person), person.email))
        else:
            found.left_out.append((str(person), _("pas d'adresse électronique professionnelle dans sa fiche")))
    for name in meeting.other_participant_list():
        found.left_out.append((name, _("participant extérieur aux deux parties, sans adresse enregistrée")))
    return found


def _details(person):
    return ", ".join(filter(None, [person.function, str(person.organisation)]))


def participants(meeting):
    """(name, function and organisation) of each participant, the outsiders last as written."""
    found = [(str(person), _details(person)) for person in meeting.participants.all()]
    return found + [(name, "") for name in meeting.other_participant_list()]


def attendance(meeting):
    """(name, function and organisation, present) of each participant of the parties: the
    attendance a held meeting records; the outsiders are not followed."""
    absent = {person.pk for person in meeting.absent.all()}
    return [(str(person), _details(person), person.pk not in absent) for person in meeting.participants.all()]


def invitation(meeting):
    """What the invitation of `meeting` says, and to whom."""
    agenda = [str(title) for title, _minutes in meeting.subjects()]
    return invitations.Invitation(
        summary=_("Réunion Relais Emploi – conseiller référent Pôle emploi"),
        description=_("Ordre du jour :") + "\n" + "\n".join(f"- {item}" for item in agenda),
        audience=audience(meeting),
        templates="relais/email/invitation",
        context={"meeting": meeting, "participants": participants(meeting)},
    )


def send_invitation(meeting_pk, scope):
    """Send the invitation (or its update) of a planned meeting at its current SEQUENCE.

    Returns the number of recipients, 0 when nothing was sent. The meeting row is locked
    so that two clicks do not interleave; the mail leaves after the commit.
    """
    with transaction.atomic():
        meeting = ReferentMeeting.objects.select_for_update().get(pk=meeting_pk, partnership__in=scope)
        if meeting.status != ReferentMeeting.Status.PLANNED:
            return 0
        return invitations.send_request(meeting, invitation(meeting))


def send_cancellation(meeting):
    """METHOD:CANCEL for a meeting whose invitation went out (call inside the cancelling transaction)."""
    return invitations.send_cancellation(meeting, invitation(meeting))
