import html

import pytest
from django.db import IntegrityError
from django.urls import reverse

from partnership.permissions import Role
from relais.forms import ActivityForm
from relais.models import MonthlyActivity
from relais.tests.factories import ActivityFactory


def _data(cast, **overrides):
    data = {"partnership": cast.partnership.pk, "year": 2026, "month": 3}
    data.update({name: 0 for name in MonthlyActivity.COUNT_FIELDS})
    data.update(overrides)
    return data


def test_the_activity_has_count_fields_only():
    # clause O14: no field that could hold a name or a personal situation
    text_fields = [
        f.name
        for f in MonthlyActivity._meta.get_fields()
        if f.concrete and f.get_internal_type() in ("CharField", "TextField", "JSONField", "EmailField")
    ]
    assert text_fields == []
    for name in MonthlyActivity.COUNT_FIELDS:
        assert MonthlyActivity._meta.get_field(name).get_internal_type() == "PositiveIntegerField"


def test_the_form_refuses_names_and_negative_numbers(cast):
    # clause O14
    form = ActivityForm(_data(cast, free_slot_visitors="Mme Dupont", appointments=-2), user=cast[Role.AGENT])
    assert not form.is_valid()
    assert "jamais un nom" in form.errors["free_slot_visitors"][0]
    assert "négatif" in form.errors["appointments"][0]


def test_the_form_has_no_unexpected_field(cast):
    form = ActivityForm(user=cast[Role.AGENT])
    assert set(form.fields) == {"partnership", "year", "month", *MonthlyActivity.COUNT_FIELDS}


def test_one_row_per_partnership_and_month(cast):
    ActivityFactory(partnership=cast.partnership, year=2026, month=3)
    with pytest.raises(IntegrityError):
        ActivityFactory(partnership=cast.partnership, year=2026, month=3)


def test_entering_a_month_again_updates_its_row(cast, client):
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:activity_form")
    assert client.post(url, _data(cast, free_slot_visitors=12)).status_code == 302
    assert client.post(url, _data(cast, free_slot_visitors=15, jobs_obtained="")).status_code == 302
    row = MonthlyActivity.objects.get(partnership=cast.partnership, year=2026, month=3)
    assert row.free_slot_visitors == 15
    assert row.jobs_obtained is None


def test_an_agent_cannot_enter_figures_for_another_partnership(cast, other_cast, client):
    client.force_login(other_cast[Role.AGENT])
    response = client.post(reverse("relais:activity_form"), _data(cast))
    assert response.status_code == 200
    assert "partnership" in response.context["form"].errors
    assert not MonthlyActivity.objects.exists()


@pytest.mark.parametrize(
    ("entered", "proposed"),
    [
        ([], (2026, 5)),  # nothing entered yet: the month just over
        ([(2026, 1), (2026, 2), (2026, 3)], (2026, 5)),  # the last month over and not entered
        ([(2026, 1), (2026, 2), (2026, 5)], (2026, 4)),  # a month left out after the first one entered
        ([(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 6)], (2026, 6)),  # up to date
        ([(2025, 12)], (2026, 5)),
    ],
)
def test_the_form_proposes_the_last_month_not_yet_entered(cast, client, monkeypatch, entered, proposed):
    import datetime

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 6, 15))
    for year, month in entered:
        ActivityFactory(partnership=cast.partnership, year=year, month=month)
    ActivityFactory(partnership=ActivityFactory().partnership, year=2026, month=4)  # another partnership's
    client.force_login(cast[Role.AGENT])
    form = client.get(reverse("relais:activity_form")).context["form"]
    assert (form.initial["partnership"], form.initial["year"], form.initial["month"]) == (
        cast.partnership.pk,
        *proposed,
    )
    page = client.get(f"{reverse('relais:activity_form')}?partenariat={cast.partnership.pk}").content.decode()
    assert f'<option value="{proposed[1]}" selected>' in page


def _report(client, cast, year, as_html=True):
    url = f"{reverse('relais:annual_report_pdf')}?partenariat={cast.partnership.pk}&annee={year}"
    return client.get(url + ("&html=1" if as_html else ""))


def _text(response):
    from django.utils.html import strip_tags

    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def test_the_annual_report_says_when_a_year_is_partial(cast, client, monkeypatch):
    # clause C10: the Relais Emploi's annual report, third indicator of the steering committee
    import datetime

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 12, 1))
    for month in range(1, 13):
        ActivityFactory(partnership=cast.partnership, year=2024, month=month)
    for month in (1, 2, 3, 5, 6, 7, 9):
        ActivityFactory(partnership=cast.partnership, year=2025, month=month)
    for month in range(1, 12):
        ActivityFactory(partnership=cast.partnership, year=2026, month=month)
    client.force_login(cast[Role.ELU])
    whole = _text(_report(client, cast, 2024))
    assert "Année incomplète" not in whole and "Année en cours" not in whole and "mois sur 12" not in whole
    partial = _text(_report(client, cast, 2025))
    assert (
        "Année incomplète. 7 mois enregistrés sur 12. Mois non saisis : avril, août, octobre, novembre, décembre."
        in (partial)
    )
    assert "Synthèse (7 mois sur 12)" in partial
    running = _text(_report(client, cast, 2026))
    assert "Année en cours : bilan provisoire au 1er décembre 2026. 11 mois enregistrés sur 12." in running
    assert _report(client, cast, 2025, as_html=False)["Content-Type"] == "application/pdf"
    page = _text(client.get(reverse("relais:activity_table") + "?annee=2025"))
    assert "Année incomplète. 7 mois enregistrés sur 12." in page
