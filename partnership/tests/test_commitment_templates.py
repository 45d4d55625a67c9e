import datetime
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import RequestFactory

from partnership import commitment_templates
from partnership.models import Commitment, Convention
from partnership.tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db


def test_the_seed_lists_hold_the_commitments_of_c5_and_c7():
    # clause C5: Pôle emploi's commitments; clause C7: the Relais Emploi's
    clauses = {clause for clause, _text in commitment_templates.POLE_EMPLOI}
    assert "C5" in clauses
    assert sum(1 for clause, _t in commitment_templates.POLE_EMPLOI if clause == "C5") == 8
    relais = [text for clause, text in commitment_templates.COMMUNE if clause == "C7"]
    assert len(relais) == 6
    assert any("forums, job datings" in text for text in relais)
    assert any("OPUS" in text for text in relais)


def test_a_new_cooperation_convention_starts_from_the_standard_commitments(cast):
    # clauses C5 and C7
    convention = ConventionFactory(partnership=cast.partnership, effective_from=datetime.date(2027, 1, 1))
    created = commitment_templates.start_commitments(convention)
    assert len(created) == len(commitment_templates.POLE_EMPLOI) + len(commitment_templates.COMMUNE)
    parties = (cast.partnership.agency, cast.partnership.commune)
    by_party = {party: list(convention.commitments.filter(party=party)) for party in parties}
    assert [c.text for c in by_party[cast.partnership.agency]] == [t for _c, t in commitment_templates.POLE_EMPLOI]
    assert {c.status for c in created} == {Commitment.Status.TO_START}
    assert all(c.history.count() == 1 for c in created)
    # twice: nothing more
    assert commitment_templates.start_commitments(convention) == []


def test_an_opus_convention_gets_no_standard_commitments(cast):
    assert commitment_templates.start_commitments(cast.opus) == []


def test_the_admin_panel_starts_a_new_convention_from_them(cast):
    # clauses C5 and C7: a convention added in the admin panel gets them unless given its own
    convention = ConventionFactory(partnership=cast.partnership, effective_from=datetime.date(2027, 1, 1))
    model_admin = admin.site._registry[Convention]
    form = SimpleNamespace(instance=convention, save_m2m=lambda: None)
    model_admin.save_related(RequestFactory().post("/"), form, [], change=False)
    assert convention.commitments.count() == len(commitment_templates.POLE_EMPLOI) + len(commitment_templates.COMMUNE)
    model_admin.save_related(RequestFactory().post("/"), form, [], change=True)
    assert convention.commitments.count() == len(commitment_templates.POLE_EMPLOI) + len(commitment_templates.COMMUNE)
