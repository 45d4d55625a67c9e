"""Clauses C1 and O2: the parties of each convention, their representatives and capacities, and the
signature, as the convention page shows them."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnership.models import Convention, ConventionParty, Person
from partnership.permissions import Role

pytestmark = pytest.mark.django_db


def _party(convention, organisation, designation, first, last, capacity, order):
    person = Person.objects.create(organisation=organisation, first_name=first, last_name=last, function=capacity)
    return ConventionParty.objects.create(
        convention=convention, organisation=organisation, designation=designation, representative=person,
        capacity=capacity, order=order,
    )  # fmt: skip


def test_the_convention_page_names_each_party_its_representative_and_the_signature(client, cast):
    # clause C1: "Entre la commune […] représentée par […] Et Pôle Emploi […] représenté par"
    cooperation = cast.cooperation
    _party(cooperation, cast.partnership.commune, "le partenaire", "Michel", "BARRAUD", "Maire", 0)
    _party(cooperation, cast.partnership.agency, "Pôle emploi", "Marie-Agnès", "CORDIER", "Directrice d'agence", 1)
    client.force_login(cast[Role.CORRESPONDENT])
    html = client.get(reverse("convention_detail", args=[cooperation.pk])).content.decode()
    assert "Parties et signataires" in html
    assert "Michel BARRAUD" in html and "Marie-Agnès CORDIER" in html
    assert "« le partenaire »" in html and "Directrice d&#x27;agence" in html
    assert "1er décembre 2023" in html  # signed on (the cast's cooperation convention)
    assert html.index("BARRAUD") < html.index("CORDIER")  # in the convention's order


def test_the_opus_convention_has_the_regional_director_the_agency_director_and_the_commune():
    # clause O2: "Pôle emploi […] représenté par Pascal BLANCHET Directeur Régional […] et par délégation
    # Marie-Agnès CORDIER Directrice d'agence" and the commune, represented by its mayor
    call_command("load_demo", stdout=open("/dev/null", "w"))
    opus = Convention.objects.get(kind=Convention.Kind.OPUS, signed_on=datetime.date(2021, 5, 3))
    parties = [
        (p.designation, p.representative.last_name, p.capacity) for p in opus.parties.select_related("representative")
    ]
    assert [name for _d, name, _c in parties] == ["BLANCHET", "CORDIER", "BARRAUD"]
    assert parties[0][2].startswith("Directeur régional")
    assert parties[1][2].startswith("Directrice d'agence")
    assert parties[2][0] == "le Partenaire"
    # clause C1: the cooperation convention's two parties, the commune first
    cooperation = opus.parent
    assert [p.representative.last_name for p in cooperation.parties.all()] == ["BARRAUD", "CORDIER"]
