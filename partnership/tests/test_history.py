"""The admin's history pages told in French (partnership.history): each version's changes with
the fields' names and their values as the forms show them, never a code or "None"."""

import datetime

import pytest
from django.urls import reverse

from partnership import history
from partnership.models import Convention, Person
from partnership.permissions import Role

pytestmark = pytest.mark.django_db
D = datetime.date


def _versions(instance, pk=None):
    records = list(type(instance).history.filter(id=pk or instance.pk).order_by("history_date", "history_id"))
    return [history.sentences(record, records[i - 1] if i else None) for i, record in enumerate(records)]


def test_dates_are_written_as_in_french():
    assert history.day(D(2026, 3, 3)) == "3 mars 2026"
    assert history.day(D(2026, 3, 1)) == "1er mars 2026"


def test_each_change_names_its_field_and_its_values(cast):
    person = Person.objects.create(organisation=cast.partnership.commune, first_name="Léa", last_name="ROUX")
    person.function = "Conseillère emploi"
    person.save()
    person.function = ""
    person.save()
    pk = person.pk
    person.delete()
    created, changed, emptied, deleted = _versions(person, pk)
    assert created[0] == "Fiche créée." and "Nom : ROUX." in created
    assert changed == ["Fonction : vide → Conseillère emploi."]
    assert emptied == ["Fonction : Conseillère emploi → vide."]
    assert deleted == ["Fiche supprimée."]


def test_a_choice_and_a_related_row_are_shown_by_their_names(cast):
    convention = cast.cooperation
    convention.kind = Convention.Kind.OPUS
    convention.signed_on = D(2023, 12, 4)
    convention.save()
    changed = _versions(convention)[-1]
    old, new = Convention.Kind.COOPERATION.label, Convention.Kind.OPUS.label
    assert f"Nature : {old} → {new}." in changed
    assert any(line.endswith("→ 4 décembre 2023.") for line in changed), changed
    created = _versions(convention)[0]
    assert any(str(cast.partnership) in line for line in created)  # the partnership by its name, not its id


def test_the_history_page_of_a_person_for_the_administrateur(client, cast):
    person = Person.objects.create(organisation=cast.partnership.commune, first_name="Léa", last_name="ROUX")
    person._history_user = cast[Role.ADMINISTRATOR]
    person.function = "Conseillère emploi"
    person.save()
    client.force_login(cast[Role.ADMINISTRATOR])
    response = client.get(reverse("admin:partnership_person_history", args=[person.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fonction : vide → Conseillère emploi." in html
    assert f"par {cast[Role.ADMINISTRATOR].get_full_name()}" in html
    main = html[html.index('id="content-main"') :]
    assert "None" not in main and "pk=" not in main
