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
