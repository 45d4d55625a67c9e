"""The placement activity done through OPUS: its acts counted each month (clause O4) and followed
at the meetings of both parties (clause O17)."""

import datetime
import zoneinfo

from django.urls import reverse

from partnership.permissions import Role
from relais import indicators
from relais.models import MonthlyActivity
from relais.tests.factories import ActivityFactory, MeetingFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
OPUS_ACTS = ("opus_offers_consulted", "opus_employer_contacts", "opus_cv_requests", "opus_candidates_convened")


def test_the_four_acts_of_opus_are_counted_each_month(cast, client):
    # clause O4: consult the offers; contacts with or without preselection; CV requests; convene candidates
    assert set(OPUS_ACTS) <= set(MonthlyActivity.COUNT_FIELDS)
    client.force_login(cast[Role.AGENT])
    data = {"partnership": cast.partnership.pk, "year": 2026, "month": 3}
    data.update(
        {name: 0 for name in MonthlyActivity.COUNT_FIELDS if name not in ("jobs_obtained", "trainings_obtained")}
    )
    data.update(dict(zip(OPUS_ACTS, (120, 14, 6, 3), strict=True)))
    assert client.post(reverse("relais:activity_form"), data).status_code == 302
    row = MonthlyActivity.objects.get(partnership=cast.partnership, year=2026, month=3)
    assert [getattr(row, name) for name in OPUS_ACTS] == [120, 14, 6, 3]
    facts = dict(indicators.indicators(cast.partnership, 2026)[0]["facts"])
    assert facts["Offres consultées dans OPUS"] == "120"
    assert facts["Mises en relation avec des employeurs (OPUS)"] == "14"
    assert facts["Demandes de CV (OPUS)"] == "6"
    assert facts["Candidats convoqués (OPUS)"] == "3"


def test_the_annual_report_shows_the_opus_placement_activity(cast, client):
    # clause O4
    ActivityFactory(partnership=cast.partnership, year=2026, month=1, opus_cv_requests=9)
    client.force_login(cast[Role.ELU])
    html = client.get(reverse("relais:annual_report_pdf") + "?annee=2026&html=1").content.decode()
    assert "Activité de placement par OPUS (clauses O4 et O17)" in html
    assert "Demandes de CV (OPUS)" in html


def test_the_opus_placement_activity_is_on_the_meetings_agenda(cast):
    # clause O17: "Les deux parties se rencontrent régulièrement afin de suivre et de mesurer l'activité de
    # placement réalisée par l'intermédiaire d'Opus"
    meeting = MeetingFactory(partnership=cast.partnership)
    assert meeting.opus_placement  # on the agenda by default
    assert "Le suivi de l'activité de placement réalisée par OPUS (O17)" in meeting.agenda()
    meeting.opus_placement = False
    assert not any("OPUS" in item for item in meeting.agenda())


def test_meetings_that_followed_the_opus_activity_are_counted_for_the_committee(cast):
    # clause O17, in the steering committee's file
    for month, opus in ((2, True), (4, True), (6, False)):
        MeetingFactory(
            partnership=cast.partnership, held=True, opus_placement=opus,
            starts_at=datetime.datetime(2026, month, 10, 10, tzinfo=PARIS),
        )  # fmt: skip
    facts = dict(indicators.indicators(cast.partnership, 2026)[0]["facts"])
    assert facts["Réunions avec le conseiller référent tenues (clause C6)"] == "3 sur 6 attendues"
    assert facts["dont avec le suivi du placement OPUS à l'ordre du jour (clause O17)"] == "2"


def test_the_offer_documents_handed_out_are_counted_with_the_acts_of_opus(cast):
    # clause O11: "remettre le document proposant une offre d'emploi produit par le système, à tout candidat"
    ActivityFactory(partnership=cast.partnership, year=2026, month=2, opus_offer_documents=11)
    facts = dict(indicators.indicators(cast.partnership, 2026)[0]["facts"])
    assert facts["Documents d'offre remis aux candidats (OPUS)"] == "11"
