import datetime

import factory

from opus_accounts.models import OpusAccount, RgcDesignation
from partnership.models import OpusAnnex, Person


class HolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"NOM{n}")
    function = "Agent du Relais Emploi"
    email = factory.Sequence(lambda n: f"titulaire{n}@example.org")


class AnnexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpusAnnex

    partner_safir_code = "39089"
    agency_safir_code = "38171"
    active_accounts_cap = 2


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpusAccount

    person = factory.SubFactory(HolderFactory, organisation=factory.SelfAttribute("..convention.partnership.commune"))
    requested_on = datetime.date(2026, 1, 5)
    informed_on = datetime.date(2026, 1, 6)

    class Params:
        active = factory.Trait(state=OpusAccount.State.ACTIVE, activated_on=datetime.date(2026, 1, 6))


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RgcDesignation

    person = factory.SubFactory(
        HolderFactory,
        organisation=factory.SelfAttribute("..convention.partnership.commune"),
        function="Responsable du Relais Emploi",
    )
    proposed_on = datetime.date(2026, 1, 2)

    class Params:
        approved = factory.Trait(
            status=RgcDesignation.Status.APPROVED,
            decided_on=datetime.date(2026, 1, 10),
            decision_reference="DT38-2026-001",
        )
