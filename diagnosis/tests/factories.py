import datetime

import factory

from diagnosis.models import BusinessMovement, QuarterlyFigures
from diagnosis.quarters import Quarter
from partnership.tests.factories import PartnershipFactory


def valid_values(**overrides):
    """Consistent counts (the documents' quarter)."""
    values = {
        "seekers_abc": 482,
        "seekers_a": 294,
        "seekers_b": 86,
        "seekers_c": 102,
        "under_25": 71,
        "aged_50_plus": 118,
        "women": 251,
        "long_term": 193,
        "rsa": 64,
        "capi_abc": 10420,
        "offers_collected": 412,
    }
    values.update(overrides)
    return values


class QuarterlyFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyFigures

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2020
    quarter = 3
    figures_date = factory.LazyAttribute(lambda o: Quarter(o.year, o.quarter).end)
    seekers_abc = 482
    seekers_a = 294
    seekers_b = 86
    seekers_c = 102
    under_25 = 71
    aged_50_plus = 118
    women = 251
    long_term = 193
    rsa = 64
    capi_abc = 10420
    offers_collected = 412


class BusinessMovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessMovement

    partnership = factory.SubFactory(PartnershipFactory)
    kind = BusinessMovement.Kind.OPENING
    company = factory.Sequence(lambda n: f"Entreprise {n} SAS")
    date = datetime.date(2026, 8, 15)
    jobs_created = 10
    source = "Service Économie"
