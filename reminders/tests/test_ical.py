"""The VTIMEZONE of the calendar feed, built from the tz database."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from reminders.ical import vtimezone


@pytest.mark.parametrize("tzid", ["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Tokyo"])
def test_the_yearly_rules_give_the_offsets_of_the_tz_database_for_twenty_years(tzid):
    parsed = Calendar.from_ical(vtimezone(tzid, 2026).to_ical())
    assert "RDATE" not in parsed.to_ical().decode()
    ours, reference = parsed.to_tz(lookup_tzid=False), zoneinfo.ZoneInfo(tzid)
    hour, minute = datetime.timedelta(hours=1), datetime.timedelta(minutes=1)
    # Every day at noon UTC, and a minute on each side of every change of the reference's offset.
    moments, moment = [], datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    while moment.year < 2041:
        if moment.hour == 12:
            moments.append(moment)
        if (moment + hour).astimezone(reference).utcoffset() != moment.astimezone(reference).utcoffset():
            moments += [moment + hour - minute, moment + hour + minute]
        moment += hour
    wrong = [m for m in moments if m.astimezone(ours).utcoffset() != m.astimezone(reference).utcoffset()]
    assert wrong == []


def test_paris_changes_on_the_last_sundays_of_march_and_october():
    zone = vtimezone("Europe/Paris", 2026)
    parts = {part.name: part for part in zone.subcomponents}
    assert parts["DAYLIGHT"].decoded("DTSTART") == datetime.datetime(1970, 3, 29, 2, 0)
    assert parts["STANDARD"].decoded("DTSTART") == datetime.datetime(1970, 10, 25, 3, 0)
    assert (str(parts["DAYLIGHT"]["TZNAME"]), str(parts["STANDARD"]["TZNAME"])) == ("CEST", "CET")
