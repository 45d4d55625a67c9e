import datetime
import uuid

import factory

from documents.models import Document
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


def file_commitment(account, date):
    """Clauses O8, O15: the holder's signed acknowledgement filed on the account (its row only:
    the rules read the row, never the file)."""
    return Document.objects.create(
        partnership=account.convention.partnership, account=account, date=date,
        kind=Document.Kind.CONFIDENTIALITY_COMMITMENT, title=f"Engagement signé {account.person}",
        path=f"tests/{uuid.uuid4().hex}.pdf", original_name="engagement.pdf", content_type="application/pdf",
        size=1, sha256="0" * 64,
    )  # fmt: skip


class AccountFactory(factory.django.DjangoModelFactory):
    """An account whose holder was informed and signed the acknowledgement (`commitment=False`: not yet)."""

    class Meta:
        model = OpusAccount
        skip_postgeneration_save = True

    person = factory.SubFactory(HolderFactory, organisation=factory.SelfAttribute("..convention.partnership.commune"))
    requested_on = datetime.date(2026, 1, 5)
    informed_on = datetime.date(2026, 1, 6)

    class Params:
        active = factory.Trait(state=OpusAccount.State.ACTIVE, activated_on=datetime.date(2026, 1, 6))

    @factory.post_generation
    def commitment(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            file_commitment(obj, obj.informed_on or obj.requested_on)


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
