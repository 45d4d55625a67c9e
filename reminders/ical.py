"""The calendar feed in iCalendar (RFC 5545), written with the `icalendar` package."""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from partnership.ical import vtimezone


def feed(duties):
    """One event per duty: timed, in the site's time zone, for a duty that takes place at a time
    (a meeting); all day for a duty that has only a date. The UID is the duty's stable key, so
    that a calendar client updates the event when a date moves instead of adding another."""
    base = settings.SITE_URL.rstrip("/")
    # The UID domain must never change once calendars subscribed (ICAL_UID_DOMAIN, shared with
    # the committee invitations); the site's host name serves when it is not set.
    host = getattr(settings, "ICAL_UID_DOMAIN", "") or urlsplit(base).hostname or "localhost"
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Relais Emploi//Echeancier du partenariat//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Échéancier du partenariat Relais Emploi – Pôle emploi"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    stamp = now.astimezone(datetime.UTC).replace(microsecond=0)
    timed = False
    for duty in duties:
        event = Event()
        event.add("uid", f"{duty.key}@{host}")
        event.add("dtstamp", stamp)
        if duty.starts_at and duty.ends_at:
            # DTSTART;TZID=Europe/Paris:… with the VTIMEZONE below (Outlook needs it).
            event.add("dtstart", duty.starts_at.astimezone(zone).replace(microsecond=0))
            event.add("dtend", duty.ends_at.astimezone(zone).replace(microsecond=0))
            timed = True
        else:
            event.add("dtstart", duty.due_date)  # VALUE=DATE
            event.add("dtend", duty.due_date + datetime.timedelta(days=1))
        event.add("summary", f"[{duty.state_label}] {duty.title}" if duty.done else duty.title)
        lines = [_("Clause %(clause)s — %(state)s") % {"clause": duty.clause, "state": duty.state_label}]
        if duty.url:
            lines.append(f"{base}{duty.url}")
            event.add("url", f"{base}{duty.url}")
        event.add("description", "\n".join(lines))
        event.add("categories", [duty.clause])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    if timed:
        calendar.subcomponents.insert(0, vtimezone(settings.TIME_ZONE, now.year))
    return calendar.to_ical()
