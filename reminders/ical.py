"""The calendar feed in iCalendar (RFC 5545), written with the `icalendar` package."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event


def feed(duties):
    """One all-day event per duty; the UID is the duty's stable key, so that a calendar
    client updates the event when a date moves instead of adding another."""
    base = settings.SITE_URL.rstrip("/")
    # The UID domain must never change once calendars subscribed (ICAL_UID_DOMAIN, shared with
    # the committee invitations); the site's host name serves when it is not set.
    host = getattr(settings, "ICAL_UID_DOMAIN", "") or urlsplit(base).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//Relais Emploi//Echeancier du partenariat//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Échéancier du partenariat Relais Emploi – Pôle emploi"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for duty in duties:
        event = Event()
        event.add("uid", f"{duty.key}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", duty.due_date)
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
    return calendar.to_ical()
