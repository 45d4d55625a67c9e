import datetime

from diagnosis.quarters import Quarter, c3_business_movements_report_due, c3_quarterly_figures_due

D = datetime.date


def test_quarter_bounds_and_navigation():
    q = Quarter(2020, 3)
    assert (q.start, q.end) == (D(2020, 7, 1), D(2020, 9, 30))
    assert Quarter(2024, 1).end == D(2024, 3, 31)
    assert q.previous() == Quarter(2020, 2)
    assert Quarter(2020, 1).previous() == Quarter(2019, 4)
    assert Quarter(2020, 4).next() == Quarter(2021, 1)
    assert q.year_before() == Quarter(2019, 3)
    assert q.label == "3e trimestre 2020"
    assert Quarter(2021, 1).label == "1er trimestre 2021"


def test_latest_complete_quarter():
    assert Quarter.latest_complete(D(2026, 11, 30)) == Quarter(2026, 3)
    assert Quarter.latest_complete(D(2026, 1, 1)) == Quarter(2025, 4)


def test_figures_due_a_configurable_number_of_days_after_the_quarter(settings):
    # clause C3
    settings.DIAGNOSIS_FIGURES_DUE_DAYS = 45
    due = c3_quarterly_figures_due(Quarter(2020, 3))
    assert due.date == D(2020, 11, 14)
    assert due.clause == "C3"
    settings.DIAGNOSIS_FIGURES_DUE_DAYS = 30
    assert c3_quarterly_figures_due(Quarter(2020, 4)).date == D(2021, 1, 30)


def test_movements_report_due(settings):
    # clause C3
    settings.DIAGNOSIS_MOVEMENTS_DUE_DAYS = 15
    due = c3_business_movements_report_due(Quarter(2021, 1))
    assert (due.date, due.clause) == (D(2021, 4, 15), "C3")


def test_figures_sent_before_the_due_date_are_early(settings):
    # clause C3: the third quarter of 2026 ends on 30 September; its figures are due on 14 November
    from diagnosis.quarters import c3_early_explanation, c3_figures_early

    settings.DIAGNOSIS_FIGURES_DUE_DAYS = 45
    q = Quarter(2026, 3)
    assert c3_figures_early(q, D(2026, 10, 1)).date == D(2026, 11, 14)
    assert c3_figures_early(q, D(2026, 11, 13)).date == D(2026, 11, 14)
    assert c3_figures_early(q, D(2026, 11, 14)) is None  # on the due date: the usual delay is over
    assert c3_figures_early(Quarter(2026, 2), D(2026, 11, 13)) is None
    assert c3_early_explanation(q, c3_figures_early(q, D(2026, 10, 1))) == (
        "Le 3e trimestre 2026 s'est terminé le 30 septembre 2026 : ses chiffres sont attendus pour le "
        "14 novembre 2026, 45 jours après la fin du trimestre (clause C3). Envoyés avant cette date, ils peuvent "
        "être encore provisoires : confirmez qu'ils sont bien ceux à enregistrer."
    )
