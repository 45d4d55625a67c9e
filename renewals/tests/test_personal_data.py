"""Clause C9: the RGC named in a renewal's draft goes with the convention it renewed."""

import datetime

import pytest

from partnership.permissions import Role
from privacy.destruction import plans
from renewals import personal_data, services
from renewals.models import Renewal

pytestmark = pytest.mark.django_db


def test_the_rgc_named_in_the_draft_is_inventoried_and_erased_with_its_history(cast):
    # clause C9
    renewal = services.start(cast.cooperation, cast[Role.AGENT], today=datetime.date(2026, 6, 1))
    renewal.rgc_name, renewal.rgc_email = "Benoît TESSIER", "rgc@example.org"
    renewal.save()
    assert personal_data.inventory(plans([cast.cooperation])) == {cast.cooperation.pk: [(personal_data.LABEL, 1)]}
    assert personal_data.erase(plans([cast.cooperation])) == {cast.cooperation.pk: [(personal_data.LABEL, 1)]}
    renewal = Renewal.objects.get()
    assert (renewal.rgc_name, renewal.rgc_email) == ("", "")
    assert not Renewal.history.exclude(rgc_name="").exists()
    assert personal_data.inventory(plans([cast.cooperation])) == {cast.cooperation.pk: [(personal_data.LABEL, 0)]}


def test_the_c9_erasure_of_a_steps_paper_takes_its_link(cast):
    # clause C9: a letter naming staff, filed as the proof of the draft sent, goes; the link with it
    from documents import personal_data as documents_personal_data
    from documents.tests import files
    from renewals.models import RenewalDocument

    renewal = services.start(cast.cooperation, cast[Role.AGENT], today=datetime.date(2026, 6, 1))
    services.file_document(
        renewal, Renewal.Step.DRAFT, files.upload("envoi.pdf", files.pdf()), user=cast[Role.AGENT],
        kind="lettre_envoyee", title="Envoi du projet", date=datetime.date(2026, 6, 20),
    )  # fmt: skip
    assert RenewalDocument.objects.count() == 1
    documents_personal_data.erase(plans([cast.cooperation]))
    assert RenewalDocument.objects.count() == 0
