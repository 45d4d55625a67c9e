"""iCalendar pieces shared by the calendar feed (`reminders.ical`) and the e-mail invitations
(`partnership.invitations`): the VTIMEZONE that Outlook needs beside a DTSTART;TZID."""

import calendar as month_calendar
import datetime
import functools
import zoneinfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@functools.lru_cache(maxsize=8)
def vtimezone(tzid, year):
    """The VTIMEZONE of `tzid` as Outlook reads one: at most one STANDARD and one DAYLIGHT
    rule, each a yearly RRULE (Outlook approximates every time zone so, and ignores RDATE),
    read from the zone's changes of offset during `year` in the system's tz database."""
    zone = zoneinfo.ZoneInfo(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    changes = _offset_changes(zone, year)
    if len(changes) != 2:  # no daylight saving time (or a lasting change this year): one offset
        start = datetime.datetime(year, 12, 31, 12, tzinfo=zone)
        standard = TimezoneStandard()
        standard.add("dtstart", datetime.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", start.utcoffset())
        standard.add("tzoffsetto", start.utcoffset())
        standard.add("tzname", start.tzname())
        component.add_component(standard)
        return component
    for local, before, after in changes:
        daylight = after.dst() != datetime.timedelta(0)
        part = TimezoneDaylight() if daylight else TimezoneStandard()
        day = _nth_weekday(local)
        # The onset, in the local time it replaces (RFC 5545 3.6.5), first in 1970.
        first = _on_nth_weekday(1970, local.month, local.weekday(), day).replace(hour=local.hour, minute=local.minute)
        part.add("dtstart", first)
        part.add("rrule", {"freq": "yearly", "bymonth": local.month, "byday": f"{day}{DAYS[local.weekday()]}"})
        part.add("tzoffsetfrom", before.utcoffset())
        part.add("tzoffsetto", after.utcoffset())
        part.add("tzname", after.tzname())
        component.add_component(part)
    return component


def _offset_changes(zone, year):
    """[(naive local time before the change, aware time just before, aware time just after)] of
    every change of UTC offset of `zone` during `year`, found hour by hour then minute by minute."""
    found = []
    hour, minute = datetime.timedelta(hours=1), datetime.timedelta(minutes=1)
    moment = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + hour
        if following.astimezone(zone).utcoffset() != offset:
            change = moment
            while change.astimezone(zone).utcoffset() == offset:
                change += minute
            before, after = (change - minute).astimezone(zone), change.astimezone(zone)
            local = (change + offset).replace(tzinfo=None)
            found.append((local, before, after))
            offset = after.utcoffset()
        moment = following
    return found


def _nth_weekday(local):
    """The RRULE BYDAY ordinal of `local`'s day: -1 for the month's last such weekday, else 1 to 4."""
    days_in_month = month_calendar.monthrange(local.year, local.month)[1]
    return -1 if local.day + 7 > days_in_month else (local.day - 1) // 7 + 1


def _on_nth_weekday(year, month, weekday, nth):
    days = [week[weekday] for week in month_calendar.monthcalendar(year, month) if week[weekday]]
    return datetime.datetime(year, month, days[nth if nth < 0 else nth - 1])
