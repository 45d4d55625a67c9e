from demo import diagnosis as demo
from demo import partnership as partnership_demo
from diagnosis.indicators import indicators
from diagnosis.models import QuarterlyFigures


def test_demo_first_quarter_is_the_documents_and_load_is_idempotent(db):
    # Figures from the documents (preamble of the cooperation convention)
    context = partnership_demo.load()
    demo.load(context)
    count = QuarterlyFigures.objects.count()
    demo.load(context)
    assert QuarterlyFigures.objects.count() == count
    sqf = context["partnership"]
    first = QuarterlyFigures.objects.filter(partnership=sqf).order_by("year", "quarter").first()
    assert (first.year, first.quarter, first.seekers_abc, first.seekers_a, first.capi_abc) == (2020, 3, 482, 294, 10420)
    assert round(first.capi_share, 1) == 4.6
    assert round(first.women_share) == 52 and round(first.long_term_share) == 40
    assert not first.demo
    last = QuarterlyFigures.objects.filter(partnership=sqf).order_by("year", "quarter").last()
    assert (last.year, last.quarter, last.demo) == (2026, 3, True)
    assert QuarterlyFigures.objects.filter(partnership=context["fictive_partnership"]).exists()


def test_indicators_for_the_steering_committee(db):
    import json

    context = partnership_demo.load()
    demo.load(context)
    [section] = indicators(context["partnership"], 2021)
    json.dumps(section)
    quarters, movements = section["tables"]
    assert quarters["columns"] == ["Indicateur", "T1 2021", "T2 2021", "T3 2021", "T4 2021"]
    assert ["Ouverture", "1", "120", "0"] in movements["rows"]
