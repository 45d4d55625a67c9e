"""Whose partnerships a user sees: those its organisation is party to, and those of the bodies
attached to it (an intercommunality's communes, a regional direction's agencies). A user read
from the database knows whether bodies are attached to its organisation, and a commune's or an
agency's partnerships are then read by their keys alone; the result is the same either way."""

import pytest

from partnership.models import Organisation, Partnership, User
from partnership.tests.factories import AgencyFactory, CommuneFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    """A regional direction with two agencies; an intercommunality with two communes; a commune
    of its own. Five partnerships across them, one outside the region and the intercommunality."""
    region = Organisation.objects.create(kind=Organisation.Kind.REGIONAL_DIRECTION, name="Direction régionale")
    epci = Organisation.objects.create(kind=Organisation.Kind.INTERCOMMUNALITY, name="Communauté")
    north, south, elsewhere = AgencyFactory(parent=region), AgencyFactory(parent=region), AgencyFactory()
    a, b, alone = CommuneFactory(parent=epci), CommuneFactory(parent=epci), CommuneFactory()
    partnerships = {
        "a-north": PartnershipFactory(commune=a, agency=north),
        "b-south": PartnershipFactory(commune=b, agency=south),
        "alone-north": PartnershipFactory(commune=alone, agency=north),
        "alone-elsewhere": PartnershipFactory(commune=alone, agency=elsewhere),
        "a-elsewhere": PartnershipFactory(commune=a, agency=elsewhere),
    }
    return {"region": region, "epci": epci, "north": north, "a": a, "alone": alone}, partnerships


EXPECTED = {
    "region": {"a-north", "b-south", "alone-north"},
    "epci": {"a-north", "b-south", "a-elsewhere"},
    "north": {"a-north", "alone-north"},
    "a": {"a-north", "a-elsewhere"},
    "alone": {"alone-north", "alone-elsewhere"},
}


@pytest.mark.parametrize("organisation", sorted(EXPECTED))
def test_the_same_partnerships_however_the_user_was_read(territory, organisation):
    organisations, partnerships = territory
    names = {p.pk: name for name, p in partnerships.items()}
    made = UserFactory(organisation=organisations[organisation])
    read = User.objects.get(pk=made.pk)
    assert read.organisation_has_attached is (organisation in ("region", "epci"))
    for user in (made, read):
        assert {names[pk] for pk in Partnership.objects.visible_to(user).values_list("pk", flat=True)} == (
            EXPECTED[organisation]
        )


def test_a_commune_users_partnerships_are_read_by_their_keys_alone(territory):
    organisations, _partnerships = territory
    commune = User.objects.get(pk=UserFactory(organisation=organisations["a"]).pk)
    region = User.objects.get(pk=UserFactory(organisation=organisations["region"]).pk)
    assert "JOIN" not in str(Partnership.objects.visible_to(commune).query)
    assert "JOIN" in str(Partnership.objects.visible_to(region).query)


def test_no_organisation_sees_nothing(territory):
    user = User.objects.get(pk=UserFactory(organisation=None).pk)
    assert not Partnership.objects.visible_to(user).exists()
