"""Factories shared by every app's tests."""

import datetime

import factory
from django.contrib.auth.models import Group

from partnership import models
from partnership.permissions import Role, sync_roles


def _siren(n):
    """A valid SIREN (Luhn) built from a sequence number."""
    body = f"21{n:06d}"
    for check in range(10):
        candidate = f"{body}{check}"
        total = 0
        for position, char in enumerate(reversed(candidate)):
            digit = int(char) * (2 if position % 2 else 1)
            total += digit - 9 if digit > 9 else digit
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    kind = models.Organisation.Kind.COMMUNE
    name = factory.Sequence(lambda n: f"Commune {n}")
    siren = factory.Sequence(lambda n: _siren(3800 + n))
    insee_code = factory.Sequence(lambda n: f"38{n % 1000:03d}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    kind = models.Organisation.Kind.AGENCY
    name = factory.Sequence(lambda n: f"Agence {n}")
    safir_code = factory.Sequence(lambda n: f"{38000 + n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partnership

    commune = factory.SubFactory(CommuneFactory)
    agency = factory.SubFactory(AgencyFactory)
    name = factory.LazyAttribute(lambda o: f"{o.commune.name} – {o.agency.name}")


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Convention

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.Convention.Kind.COOPERATION
    title = factory.Sequence(lambda n: f"Convention de coopération {n}")
    effective_from = datetime.date(2021, 1, 1)
    duration_months = 36

    class Params:
        opus = factory.Trait(
            kind=models.Convention.Kind.OPUS,
            title=factory.Sequence(lambda n: f"Convention OPUS {n}"),
            parent=factory.SubFactory(
                "partnership.tests.factories.ConventionFactory",
                partnership=factory.SelfAttribute("..partnership"),
            ),
            effective_from=None,
            duration_months=None,
            signed_on=datetime.date(2021, 5, 3),
        )


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    convention = factory.SubFactory(ConventionFactory)
    party = factory.LazyAttribute(lambda o: o.convention.partnership.agency)
    clause = "C5"
    text = factory.Sequence(lambda n: f"Engagement {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Testeur{n}")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            if not Group.objects.filter(name=extracted).exists():
                # Transactional tests flush the groups that the data migration created.
                from django.apps import apps

                sync_roles(apps)
            obj.groups.add(Group.objects.get(name=extracted))
            if extracted in Role.ADMIN_SITE:
                obj.is_staff = True
                obj.save(update_fields=["is_staff"])
