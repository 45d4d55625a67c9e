"""Data several times larger than the demo, for the list pages' query-count guards."""

from partnership.models import Organisation
from partnership.permissions import Role
from partnership.tests.factories import AgencyFactory, PartnershipFactory, UserFactory


def regional_partnerships(n=30, role=Role.CORRESPONDENT, username="region"):
    """`n` partnerships whose agencies belong to one regional direction, and a user of that
    direction with `role`: (user, partnerships)."""
    region = Organisation.objects.create(kind=Organisation.Kind.REGIONAL_DIRECTION, name="Direction régionale")
    partnerships = [PartnershipFactory(agency=AgencyFactory(parent=region)) for _ in range(n)]
    user = UserFactory(username=username, role=role, organisation=region)
    return user, partnerships
