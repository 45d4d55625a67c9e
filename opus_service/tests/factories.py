import datetime

import factory

from opus_service import models
from opus_service.legal_dates import PARIS
from partnership.tests.factories import PartnershipFactory


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SupportRequest

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.SupportRequest.Kind.QUESTION
    subject = factory.Sequence(lambda n: f"Question sur les offres {n}")
    registered_at = datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS)


class InterruptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceInterruption

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.ServiceInterruption.Kind.OUTAGE
    description = "OPUS inaccessible"
    starts_at = datetime.datetime(2026, 3, 10, 9, tzinfo=PARIS)
    ends_at = datetime.datetime(2026, 3, 10, 12, tzinfo=PARIS)


class ChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AnnouncedChange

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Nouveau moteur de recherche des offres"
    announced_on = datetime.date(2026, 3, 1)
    goes_live_on = datetime.date(2026, 3, 9)
