"""Invitations to a referent meeting: an e-mail with an iCalendar (RFC 5546) attachment.

The event's UID never changes; its SEQUENCE grows with every change of the meeting, so that
the participants' calendars update the same event (METHOD:REQUEST) or remove it
(METHOD:CANCEL).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from partnership.languages import by_language
from relais.models import ReferentMeeting


@dataclass
class Audience:
    """Who an invitation reaches: `invited` as (name, address), `left_out` as (name, why not)."""

    invited: list = field(default_factory=list)
    left_out: list = field(default_factory=list)


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


def recipients(meeting):
    """Professional addresses of the participants who have one, each once."""
    return sorted({address for _name, address in audience(meeting).invited})


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


def build_ics(meeting, method="REQUEST"):
    """The iCalendar bytes of `meeting` as it stands, at its current SEQUENCE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Relais Emploi//Partenariat Pole emploi//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = VEvent()
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", "Réunion Relais Emploi – conseiller référent Pôle emploi")
    event.add("location", meeting.place)
    agenda = [str(title) for title, _minutes in meeting.subjects()]
    event.add("description", "Ordre du jour :\n" + "\n".join(f"- {item}" for item in agenda))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("Relais Emploi")
    event["organizer"] = organizer
    names = {}
    for name, address in audience(meeting).invited:
        names.setdefault(address, name)
    for address in sorted(names):
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["cn"] = vText(names[address])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _address(from_email):
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()


def send_invitation(meeting_pk, scope):
    """Send the invitation (or its update) for the meeting at its current SEQUENCE.

    Returns the number of recipients, 0 when nothing was sent. The meeting row is locked
    so that two clicks do not interleave; the mail leaves after the commit.
    """
    with transaction.atomic():
        meeting = ReferentMeeting.objects.select_for_update().get(pk=meeting_pk, partnership__in=scope)
        to = recipients(meeting)
        if not to or meeting.status != ReferentMeeting.Status.PLANNED:
            return 0
        update = meeting.invitation_sequence_sent is not None
        payload = build_ics(meeting, "REQUEST")
        meeting.invitation_sequence_sent = meeting.ical_sequence
        meeting.invitation_sent_at = timezone.now()
        meeting.save(update_fields=["invitation_sequence_sent", "invitation_sent_at"])
        for message in _messages(meeting, to, payload, "REQUEST", update=update):
            transaction.on_commit(message.send)
    return len(to)


def send_cancellation(meeting):
    """METHOD:CANCEL for a meeting whose invitation went out (call inside the cancelling transaction)."""
    to = recipients(meeting)
    if meeting.invitation_sequence_sent is None or not to:
        return 0
    for message in _messages(meeting, to, build_ics(meeting, "CANCEL"), "CANCEL", update=True):
        transaction.on_commit(message.send)
    return len(to)


def _messages(meeting, to, payload, method, *, update):
    """The e-mails of the invitation: one per language of the participants (partnership/languages.py)."""
    cancel = method == "CANCEL"
    context = {"meeting": meeting, "participants": participants(meeting), "update": update, "cancel": cancel}
    messages = []
    for group in by_language(to):
        # Plain text: the templates do not escape (autoescape off); a subject is one line.
        subject = " ".join(render_to_string("relais/email/invitation_subject.txt", context).split())
        body = render_to_string("relais/email/invitation_body.txt", context)
        message = EmailMessage(subject=subject, body=body, to=group)
        message.attach("invitation.ics", payload, f"text/calendar; charset=utf-8; method={method}")
        messages.append(message)
    return messages
