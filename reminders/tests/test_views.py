import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from diagnosis import services as diagnosis_services
from diagnosis.tests.test_services import csv_bytes, row
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory, PartnershipFactory
from relais.tests.factories import ActionFactory, MeetingFactory
from reminders import services
from reminders.models import CalendarToken, Notification

D = datetime.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def today(monkeypatch):
    """Days are pinned: cast's cooperation convention ends 31 December 2026 (renewal due)."""
    day = D(2026, 12, 10)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: day)
    return day


def login(client, user):
    client.force_login(user)
    return client


# ---- the calendar -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.ALL)
def test_calendar_is_shown_to_every_role(client, cast, role, today):
    response = login(client, cast[role]).get(reverse("calendar"))
    assert response.status_code == 200
    assert f"convention:{cast.cooperation.pk}" not in response.content.decode()  # keys stay internal
    assert "Préparer le renouvellement" in response.content.decode()


@pytest.mark.django_db
def test_calendar_needs_a_login(client):
    response = client.get(reverse("calendar"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.django_db
def test_calendar_shows_only_visible_partnerships(client, cast, other_cast, today):
    page = login(client, cast[Role.AGENT]).get(reverse("calendar")).content.decode()
    assert cast.cooperation.title in page
    assert other_cast.cooperation.title not in page


@pytest.mark.django_db
def test_calendar_filters(client, cast, today):
    client = login(client, cast[Role.AGENT])
    page = client.get(reverse("calendar"), {"state": "bientot"}).content.decode()
    assert "Préparer le renouvellement" in page
    assert "Détruire les données personnelles" not in page  # upcoming, not due soon
    page = client.get(reverse("calendar"), {"role": Role.ADMINISTRATOR}).content.decode()
    assert "Détruire les données personnelles" in page and "Préparer le renouvellement" not in page
    page = client.get(reverse("calendar"), {"convention": cast.opus.pk}).content.decode()
    assert "Préparer le renouvellement" not in page


def states_shown(client, *keys):
    """{duty key: its state} on the calendar page, for the given keys (none: absent)."""
    duties = client.get(reverse("calendar"), {"partenariat": ""}).context["page_obj"].paginator.object_list
    return {duty.key: duty.state for duty in duties if duty.key in keys}


@pytest.mark.django_db
def test_calendar_follows_changes_made_after_it_was_shown(client, cast, today):
    """The page reads a snapshot of the day: a change made through the other apps' pages and
    services (even those that write without model signals) shows at once."""
    client = login(client, cast[Role.AGENT])
    action = ActionFactory(meeting=MeetingFactory(partnership=cast.partnership), due_on=D(2026, 12, 1))
    action_key = f"followup-action:{action.pk}:action"
    figures_key = f"diagnosis:{cast.partnership.pk}:2026T3:figures"  # clause C3
    assert states_shown(client, action_key, figures_key) == {action_key: "en_retard", figures_key: "en_retard"}

    client.post(reverse("relais:action_done", args=[action.meeting_id, action.pk]))  # a QuerySet.update
    assert states_shown(client, action_key)[action_key] == "fait"

    user = cast[Role.CORRESPONDENT]
    plan = diagnosis_services.plan_upload(user, "t3.csv", csv_bytes([row(cast.partnership.commune.insee_code, 2026)]))
    diagnosis_services.save_plan(plan, user, source="fichier")  # a bulk_create
    assert states_shown(client, figures_key)[figures_key] == "fait"

    action.delete()
    assert states_shown(client, action_key) == {}


@pytest.mark.django_db
def test_calendar_refuses_another_partnerships_convention_as_filter(client, cast, other_cast, today):
    response = login(client, cast[Role.AGENT]).get(reverse("calendar"), {"convention": other_cast.cooperation.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ne vous est pas accessible" in page
    assert other_cast.cooperation.title not in page


@pytest.mark.django_db
def test_calendar_query_count_on_many_conventions(client, cast, today, django_assert_max_num_queries):
    for year in range(2000, 2030):
        ConventionFactory(partnership=cast.partnership, effective_from=D(year, 1, 1), duration_months=12)
    client = login(client, cast[Role.AGENT])
    with django_assert_max_num_queries(43):
        response = client.get(reverse("calendar"))
    assert 'aria-current="page"' in response.content.decode()  # paginated: 50 a page
    # The C9 duties (RGC and administrator) all fit on one page once filtered by role.
    with django_assert_max_num_queries(43):
        response = client.get(reverse("calendar"), {"role": Role.ADMINISTRATOR})
    assert response.content.decode().count("Détruire les données personnelles") == 31


@pytest.mark.django_db
def test_home_shows_late_and_next_30_days(client, cast, today):
    page = login(client, cast[Role.AGENT]).get(reverse("home")).content.decode()
    assert "Dans les 30 prochains jours" in page
    assert "Préparer le renouvellement" in page  # 31 December 2026, 21 days ahead
    assert "Détruire les données personnelles" not in page  # 28 February 2027


# ---- the calendar feed --------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_parses_with_icalendar_and_needs_no_session(client, cast, other_cast, today, settings):
    settings.ICAL_UID_DOMAIN = "relais.example.org"
    login(client, cast[Role.RGC]).post(reverse("calendar_feed_regenerate"))
    token = CalendarToken.objects.get(user=cast[Role.RGC])
    client.logout()
    response = client.get(reverse("calendar_feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    uids = {str(e["UID"]) for e in events}
    assert f"convention:{cast.cooperation.pk}:renewal@relais.example.org" in uids
    assert f"convention:{cast.cooperation.pk}:c9@relais.example.org" in uids
    assert not any(f"convention:{other_cast.cooperation.pk}:" in uid for uid in uids)
    renewal = next(
        e for e in events if str(e["UID"]).endswith(":renewal@relais.example.org") and "2026" in str(e["SUMMARY"])
    )
    assert renewal.decoded("DTSTART") == D(2026, 12, 31)
    assert renewal.decoded("DTEND") == D(2027, 1, 1)
    assert "Clause C10" in str(renewal["DESCRIPTION"])


@pytest.mark.django_db
def test_feed_events_link_only_to_pages_the_subscriber_may_open(client, cast, today):
    # clause O7: the RGC writes the letter in the admin panel; the Élu sees the duty, no dead link
    from opus_accounts.models import RgcDesignation
    from opus_accounts.tests.factories import DesignationFactory

    DesignationFactory(
        convention=cast.opus, approved=True, status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.DEPARTURE, ended_on=D(2026, 12, 1),
    )  # fmt: skip
    urls = {}
    for role in (Role.RGC, Role.ELU):
        token = CalendarToken.objects.create(user=cast[role])
        events = icalendar.Calendar.from_ical(client.get(reverse("calendar_feed", args=[token.token])).content)
        [o7] = [e for e in events.walk("VEVENT") if ":o7@" in str(e["UID"])]
        urls[role] = str(o7.get("URL", ""))
    assert "/admin/opus_accounts/rgcdesignation/" in urls[Role.RGC]
    assert urls[Role.ELU] == ""


@pytest.mark.django_db
def test_feed_gives_meetings_their_times_in_europe_paris_and_dated_duties_a_date(client, cast, today):
    # clause C6: the referent meeting at its time, the follow-up action on its day.
    winter = MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2026, 12, 15, 10, tzinfo=PARIS))
    summer = MeetingFactory(
        partnership=cast.partnership, starts_at=datetime.datetime(2027, 7, 6, 14, 30, tzinfo=PARIS), duration_minutes=60
    )
    action = ActionFactory(meeting=winter, due_on=D(2026, 12, 18))
    token = CalendarToken.objects.create(user=cast[Role.AGENT])
    response = client.get(reverse("calendar_feed", args=[token.token]))
    raw = response.content.decode()
    assert "DTSTART;TZID=Europe/Paris:20261215T100000" in raw
    assert "DTEND;TZID=Europe/Paris:20261215T113000" in raw
    assert "DTSTART;VALUE=DATE:20261218" in raw
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    for meeting, start, end in (
        (winter, datetime.datetime(2026, 12, 15, 9, 0), datetime.datetime(2026, 12, 15, 10, 30)),
        (summer, datetime.datetime(2027, 7, 6, 12, 30), datetime.datetime(2027, 7, 6, 13, 30)),  # UTC+2
    ):
        event = events[f"referent-meeting:{meeting.pk}:meeting"]
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert event["DTEND"].params["TZID"] == "Europe/Paris"
        assert event.decoded("DTSTART").astimezone(datetime.UTC).replace(tzinfo=None) == start
        assert event.decoded("DTEND").astimezone(datetime.UTC).replace(tzinfo=None) == end
    dated = events[f"followup-action:{action.pk}:action"]
    assert dated["DTSTART"].params["VALUE"] == "DATE"
    assert (dated.decoded("DTSTART"), dated.decoded("DTEND")) == (D(2026, 12, 18), D(2026, 12, 19))
    renewal = events[f"convention:{cast.cooperation.pk}:renewal"]
    assert renewal["DTSTART"].params["VALUE"] == "DATE"
    # One VTIMEZONE, before the events, with the yearly rules Outlook reads (no RDATE).
    (zone,) = calendar.walk("VTIMEZONE")
    assert calendar.subcomponents[0] is zone
    assert str(zone["TZID"]) == "Europe/Paris"
    rules = {part.name: part for part in zone.subcomponents}
    assert set(rules) == {"STANDARD", "DAYLIGHT"}
    assert rules["DAYLIGHT"]["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert rules["STANDARD"]["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert "RDATE" not in raw


@pytest.mark.django_db
def test_feed_without_a_timed_duty_has_no_vtimezone(client, cast, today):
    token = CalendarToken.objects.create(user=cast[Role.ADMINISTRATOR])
    calendar = icalendar.Calendar.from_ical(client.get(reverse("calendar_feed", args=[token.token])).content)
    assert calendar.walk("VEVENT") and not calendar.walk("VTIMEZONE")


@pytest.mark.django_db
def test_revoked_or_replaced_feed_address_is_404(client, cast, today):
    client = login(client, cast[Role.AGENT])
    client.post(reverse("calendar_feed_regenerate"))
    first = CalendarToken.objects.get(user=cast[Role.AGENT]).token
    client.post(reverse("calendar_feed_regenerate"))
    second = CalendarToken.objects.get(user=cast[Role.AGENT]).token
    assert first != second
    assert client.get(reverse("calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 200
    client.post(reverse("calendar_feed_revoke"))
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["not-a-token"])).status_code == 404


@pytest.mark.django_db
def test_feed_of_a_deactivated_user_is_404(client, cast, today):
    token = CalendarToken.objects.create(user=cast[Role.AGENT])
    cast[Role.AGENT].is_active = False
    cast[Role.AGENT].save()
    assert client.get(reverse("calendar_feed", args=[token.token])).status_code == 404


@pytest.mark.django_db
def test_feed_settings_page_and_post_only(client, cast, today):
    client = login(client, cast[Role.CORRESPONDENT])
    assert client.get(reverse("calendar_feed_settings")).status_code == 200
    assert client.get(reverse("calendar_feed_regenerate")).status_code == 405
    assert client.get(reverse("calendar_feed_revoke")).status_code == 405
    client.post(reverse("calendar_feed_regenerate"))
    token = CalendarToken.objects.get(user=cast[Role.CORRESPONDENT])
    page = client.get(reverse("calendar_feed_settings")).content.decode()
    assert f"/echeancier/agenda/{token.token}.ics" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.ALL)
def test_feed_settings_offer_the_https_address_a_copy_button_and_a_webcal_link(client, cast, today, role):
    client = login(client, cast[role])
    client.post(reverse("calendar_feed_regenerate"))
    token = CalendarToken.objects.get(user=cast[role]).token
    response = client.get(reverse("calendar_feed_settings"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="http://testserver/echeancier/agenda/{token}.ics"' in page
    assert f'href="webcal://testserver/echeancier/agenda/{token}.ics"' in page
    # The copy button comes with its script, a static file, and is hidden until the script runs.
    assert re.search(r'<button type="button"[^>]* data-copy="feed-url"[^>]* hidden>', page)
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="/static/js/copy.js" defer>']
    assert "<script>" not in page and "style=" not in page


@pytest.mark.django_db
def test_feed_settings_need_a_login(client):
    response = client.get(reverse("calendar_feed_settings"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


# ---- notifications ------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_notifications_list_and_mark_read(client, cast, other_cast, today):
    services.send_reminders(D(2026, 12, 24))
    rgc = cast[Role.RGC]
    client = login(client, rgc)
    page = client.get(reverse("notifications")).content.decode()
    assert "Préparer le renouvellement" in page
    assert "Échéance dans 7 jours, le 31 décembre 2026 (clause C10)." in page
    notification = Notification.objects.filter(user=rgc).first()
    assert client.get(reverse("notification_read", args=[notification.pk])).status_code == 405
    client.post(reverse("notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.is_read
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(user=rgc).unread().exists()


@pytest.mark.django_db
def test_someone_elses_notification_is_404(client, cast, other_cast, today):
    services.send_reminders(D(2026, 12, 24))
    theirs = Notification.objects.filter(user=other_cast[Role.RGC]).first()
    client = login(client, cast[Role.RGC])
    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert theirs.title not in client.get(reverse("notifications")).content.decode()


@pytest.mark.django_db
def test_notifications_query_count(client, cast, today, django_assert_max_num_queries):
    for day in range(1, 29):
        services.send_reminders(D(2027, 3, 1) + datetime.timedelta(days=7 * day))
    client = login(client, cast[Role.RGC])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("notifications")).status_code == 200


@pytest.mark.django_db
def test_calendar_shows_one_partnership_at_a_time_to_a_user_who_sees_many(client, settings):
    from partnership.tests.factories import ConventionFactory
    from partnership.tests.scale import regional_partnerships

    settings.WIDE_SCOPE_PARTNERSHIPS = 3
    user, partnerships = regional_partnerships(4)
    for partnership in partnerships:
        ConventionFactory(partnership=partnership)
    client.force_login(user)
    page = client.get(reverse("calendar"))
    first = min(partnerships, key=lambda p: p.name)
    assert page.status_code == 200
    assert {d.partnership_id for d in page.context["duties"]} == {first.pk}
    assert f'<option value="{first.pk}" selected>' in page.content.decode()


@pytest.mark.django_db
def test_calendar_offers_only_the_conventions_of_the_partnership_shown(client, settings):
    from partnership.tests.factories import ConventionFactory
    from partnership.tests.scale import regional_partnerships

    user, partnerships = regional_partnerships(3)
    conventions = [ConventionFactory(partnership=partnership) for partnership in partnerships]
    client.force_login(user)
    page = client.get(reverse("calendar"), {"partenariat": partnerships[0].pk}).content.decode()
    assert conventions[0].title in page
    assert conventions[1].title not in page


@pytest.mark.django_db
def test_calendar_and_home_say_whose_duty_it_is_to_a_user_who_sees_several_partnerships(client, cast, today):
    second = PartnershipFactory(agency=cast.partnership.agency, name="Villefontaine – Pôle emploi")
    ConventionFactory(partnership=second, effective_from=D(2024, 1, 1), signed_on=D(2023, 12, 1))
    client = login(client, cast[Role.CORRESPONDENT])  # the agency's: both partnerships
    calendar = client.get(reverse("calendar")).content.decode()
    assert f"<td>{second.name}</td>" in calendar and f"<td>{cast.partnership.name}</td>" in calendar
    home = client.get(reverse("home")).content.decode()
    assert f'duty-partnership">{second.name}<' in home and f'duty-partnership">{cast.partnership.name}<' in home
    # One partnership chosen: no column, the filter says which.
    html = client.get(reverse("calendar"), {"partenariat": second.pk}).content.decode()
    assert '<th scope="col">Partenariat</th>' not in html
