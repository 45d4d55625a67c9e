import datetime
import zoneinfo

import factory

from partnership.models import Person
from partnership.tests.factories import PartnershipFactory
from relais import models

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"PARTICIPANT{n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")


def person_of(user, **fields):
    """The participant record of a staff account: its organisation, names and address."""
    return PersonFactory(
        organisation=user.organisation,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        **fields,
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReferentMeeting
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    starts_at = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)
    place = "Relais Emploi"

    class Params:
        held = factory.Trait(status=models.ReferentMeeting.Status.HELD)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FollowUpAction

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Action {n}")
    owner = "Relais Emploi"
    due_on = datetime.date(2026, 4, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MonthlyActivity

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2025
    month = factory.Sequence(lambda n: n % 12 + 1)
    free_slot_visitors = 30
    appointments = 10
    opus_offers_consulted = 50


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.Event.Kind.FORUM
    title = factory.Sequence(lambda n: f"Forum {n}")
    date = datetime.date(2025, 10, 9)
    attendance = 100


class InformationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InformationSession

    partnership = factory.SubFactory(PartnershipFactory)
    date = datetime.date(2026, 3, 5)
    subject = models.InformationSession.Subject.ORGANISATION
    channel = models.InformationSession.Channel.MEETING
    title = factory.Sequence(lambda n: f"Réunion d'information aux partenaires {n}")
    attendees = 1


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommunicationAction

    partnership = factory.SubFactory(PartnershipFactory)
    date = datetime.date(2026, 2, 1)
    medium = models.CommunicationAction.Medium.BULLETIN
    audience = models.CommunicationAction.Audience.JOB_SEEKERS
    title = factory.Sequence(lambda n: f"Article du bulletin municipal {n}")


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Premises

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.Premises.Kind.SELF_SERVICE
    name = factory.Sequence(lambda n: f"Espace en libre utilisation {n}")


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Equipment

    premises = factory.SubFactory(PremisesFactory)
    name = "Ordinateur"


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReceptionSlot

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.ReceptionSlot.Kind.FREE
    weekday = 0
    starts_at = datetime.time(9)
    ends_at = datetime.time(12)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffAssignment

    partnership = factory.SubFactory(PartnershipFactory)
    person = factory.LazyAttribute(lambda o: PersonFactory(organisation=o.partnership.commune))
    since = datetime.date(2024, 1, 1)


class InnovativeActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InnovativeAction

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Action innovante {n}")
    proposed_on = datetime.date(2026, 2, 1)
    proposed_by = models.InnovativeAction.Proposer.COMMUNE
