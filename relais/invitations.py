"""Invitations to a referent meeting: an e-mail with an iCalendar (RFC 5546) attachment.

The event's UID never changes; its SEQUENCE grows with every change of the meeting, so that
the participants' calendars update the same event (METHOD:REQUEST) or remove it
(METHOD:CANCEL).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from relais.models import ReferentMeeting


def recipients(meeting):
    """Professional addresses of the participants who have one (staff accounts, named people)."""
    addresses = [u.email for u in meeting.staff.all() if u.email] + [p.email for p in meeting.people.all() if p.email]
    return sorted(set(addresses))


def participant_names(meeting):
    names = [u.get_full_name() or u.username for u in meeting.staff.all()]
    names += [str(p) for p in meeting.people.all()]
    return names + meeting.other_participant_list()


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
    for address in recipients(meeting):
        attendee = vCalAddress(f"mailto:{address}")
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
        message = _message(meeting, to, payload, "REQUEST", update=update)
        transaction.on_commit(message.send)
    return len(to)


def send_cancellation(meeting):
    """METHOD:CANCEL for a meeting whose invitation went out (call inside the cancelling transaction)."""
    to = recipients(meeting)
    if meeting.invitation_sequence_sent is None or not to:
        return 0
    message = _message(meeting, to, build_ics(meeting, "CANCEL"), "CANCEL", update=True)
    transaction.on_commit(message.send)
    return len(to)


def _message(meeting, to, payload, method, *, update):
    context = {"meeting": meeting, "update": update, "cancel": method == "CANCEL"}
    subject = render_to_string("relais/email/invitation_subject.txt", context).strip()
    body = render_to_string("relais/email/invitation_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=to)
    message.attach("invitation.ics", payload, f"text/calendar; charset=utf-8; method={method}")
    return message
