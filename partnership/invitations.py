"""Invitations by e-mail with an iCalendar (RFC 5546) attachment: the referent meetings
(clause C6, `relais.invitations`) and the steering committee (clause C10,
`partnership.committees`) send theirs through these functions.

The event's UID never changes; its SEQUENCE grows with every change of date, time or place
(`reschedule`), so that the invited's calendars update the same event (METHOD:REQUEST) or remove
it (METHOD:CANCEL). DTSTART and DTEND are written in the site's time zone with its VTIMEZONE.
The e-mail leaves once the transaction that decided it commits. The log line names the event
and counts the recipients; it never names them.
"""

import datetime
import logging
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from partnership.ical import vtimezone
from partnership.languages import by_language

logger = logging.getLogger("invitations")

REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass
class Audience:
    """Who an invitation reaches: `invited` as (name, address), `left_out` as (name, why not)."""

    invited: list = field(default_factory=list)
    left_out: list = field(default_factory=list)

    def recipients(self):
        """The addresses, each once."""
        return sorted({address for _name, address in self.invited})


@dataclass
class Invitation:
    """What the invitation of an `Invitable` says: the event's summary and description, who
    receives it, and the e-mail templates (`templates` + ``_subject.txt`` / ``_body.txt``, plain
    text) with their `context`, to which ``update`` and ``cancel`` are added."""

    summary: str
    description: str
    audience: Audience
    templates: str
    context: dict


def reschedule(instance, changed_data, fields):
    """Before saving a form's `instance`: a change of one of `fields` (date, time, place) raises
    its SEQUENCE, so that the next invitation sent updates the same event."""
    if instance.pk and any(name in changed_data for name in fields):
        instance.ical_sequence = F("ical_sequence") + 1


def build_ics(event, invitation, method=REQUEST):
    """The iCalendar bytes of `event` (an `Invitable`) as it stands, at its current SEQUENCE."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    starts_at = event.starts_at.astimezone(zone).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Relais Emploi//Partenariat Pole emploi//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    # DTSTART;TZID=Europe/Paris:… with its VTIMEZONE (Outlook needs it).
    calendar.add_component(vtimezone(settings.TIME_ZONE, starts_at.year))
    vevent = VEvent()
    vevent.add("uid", event.ical_uid)
    vevent.add("sequence", event.ical_sequence)
    vevent.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    vevent.add("dtstart", starts_at)
    vevent.add("dtend", event.ends_at.astimezone(zone).replace(microsecond=0))
    vevent.add("summary", invitation.summary)
    vevent.add("location", event.place)
    vevent.add("description", invitation.description)
    vevent.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("Relais Emploi")
    vevent["organizer"] = organizer
    names = {}
    for name, address in invitation.audience.invited:
        names.setdefault(address, name)
    for address in sorted(names):
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["cn"] = vText(names[address])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        vevent.add("attendee", attendee, encode=0)
    calendar.add_component(vevent)
    return calendar.to_ical()


def _address(from_email):
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()


def send_request(event, invitation, also_save=()):
    """Send the invitation (or its update) of `event` at its current SEQUENCE; call it inside the
    transaction that locked the row, so that two clicks do not interleave. Records the SEQUENCE
    sent (and `also_save`'s fields); the mail leaves after the commit. Returns the number of
    recipients, 0 when nobody has an address (nothing is recorded then)."""
    to = invitation.audience.recipients()
    if not to:
        return 0
    update = event.invitation_sent
    payload = build_ics(event, invitation, REQUEST)
    event.invitation_sequence_sent = event.ical_sequence
    event.invitation_sent_at = timezone.now()
    event.save(update_fields=["invitation_sequence_sent", "invitation_sent_at", *also_save])
    _send(event, invitation, to, payload, REQUEST, update=update)
    return len(to)


def send_cancellation(event, invitation):
    """METHOD:CANCEL for an event whose invitation went out; call it inside the cancelling
    transaction, once its SEQUENCE is raised (`cancel_sequence`)."""
    to = invitation.audience.recipients()
    if not event.invitation_sent or not to:
        return 0
    _send(event, invitation, to, build_ics(event, invitation, CANCEL), CANCEL, update=True)
    return len(to)


def cancel_sequence(event, status):
    """Set the cancelled `status` and raise the SEQUENCE, as RFC 5546 asks of a CANCEL."""
    event.status = status
    event.ical_sequence += 1
    event.save(update_fields=["status", "ical_sequence"])


def _send(event, invitation, to, payload, method, *, update):
    context = {**invitation.context, "update": update, "cancel": method == CANCEL}
    for group in by_language(to):  # one e-mail per language of the invited (partnership/languages.py)
        # Plain text: the templates do not escape (autoescape off); a subject is one line.
        subject = " ".join(render_to_string(f"{invitation.templates}_subject.txt", context).split())
        body = render_to_string(f"{invitation.templates}_body.txt", context)
        message = EmailMessage(subject=subject, body=body, to=group)
        message.attach("invitation.ics", payload, f"text/calendar; charset=utf-8; method={method}")
        transaction.on_commit(message.send)
    fields = {"event": event._meta.label_lower, "event_id": event.pk, "method": method,
              "sequence": event.ical_sequence, "recipients": len(to)}  # fmt: skip
    transaction.on_commit(
        lambda: logger.info(
            "%s %s #%s sent to %s recipient(s)", method, fields["event"], event.pk, len(to), extra={"fields": fields}
        )
    )
