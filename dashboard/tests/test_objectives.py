import pytest
from django.urls import reverse

from partnership.permissions import Role
from relais import indicators, objectives
from relais.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_each_objective_of_opus_is_measured_by_activity_figures():
    # clause O3: three objectives, each measured by at least one monthly figure
    from relais.models import MonthlyActivity

    assert len(objectives.OBJECTIVES) == 3
    measured = [name for _text, fields in objectives.OBJECTIVES for name in fields]
    assert set(measured) <= set(MonthlyActivity.COUNT_FIELDS)
    assert all(fields for _text, fields in objectives.OBJECTIVES)
    assert "contrats aidés" in str(objectives.OBJECTIVES[0][0])


def test_the_dashboard_shows_the_objectives_with_their_figures(client, cast):
    # clause O3
    for month in range(1, 13):
        ActivityFactory(partnership=cast.partnership, year=2026, month=month, opus_offers_consulted=50)
        ActivityFactory(partnership=cast.partnership, year=2025, month=month, opus_offers_consulted=40)
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("dashboard:dashboard") + "?annee=2026&trimestre=4")
    html = response.content.decode()
    assert "OPUS (clause O3)</h2>" in html
    first_text, figures = response.context["board"].activity.objectives[0]
    assert "mobiliser les offres" in first_text
    label, now, before, _change = figures[0]
    assert (label, now, before) == ("offres consultées dans OPUS", 600, 480)


def test_the_committee_file_holds_the_objectives(cast):
    # clause O3 among the steering committee's indicators (clause C10)
    ActivityFactory(partnership=cast.partnership, year=2026, month=3, opus_cv_requests=7)
    section = next(s for s in indicators.indicators(cast.partnership, 2026) if "clause O3" in s["title"])
    assert len(section["tables"]) == 3
    assert ["Demandes de CV (OPUS)", "7"] in section["tables"][1]["rows"]
