"""The OPUS register shows, with each convention's accounts, its scope of access (annex 1) in
force today or on the day asked, and the history of its changes (clauses O9, O21)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services as documents
from documents.models import Letter
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership.models import OpusService, ScopeNotice
from partnership.permissions import Role
from partnership.services import record_scope_notice
from partnership.tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db
D = datetime.date
REGISTER = reverse("opus_register")
CONTACT = "Délégation de la mise en relation"


def _withdraw_then_give_back(convention):
    """Clause O9: the delegated contact withdrawn from 15 September 2025, given back from 3 November."""
    OpusService.objects.create(convention=convention, name="Consultation des offres", description="…", access=True)
    OpusService.objects.create(convention=convention, name=CONTACT, description="…", access=True)
    for written_on, effective_from, access in ((D(2025, 9, 2), D(2025, 9, 15), False),
                                               (D(2025, 10, 20), D(2025, 11, 3), True)):  # fmt: skip
        letter = documents.draft_letter(convention.partnership, Letter.Kind.SCOPE_CHANGE, written_on=written_on,
                                        user=None, convention=convention)  # fmt: skip
        record_scope_notice(ScopeNotice(convention=convention, effective_from=effective_from, letter=letter),
                            services=[(CONTACT, "", access)], user=None)  # fmt: skip


@pytest.mark.parametrize("role", [Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT])
def test_o9_o21_the_register_shows_the_scope_on_a_day_and_its_history(client, cast, opus, role):
    # clause O21: open both today (as annex 1 states it); clause O9: withdrawn in October 2025
    _withdraw_then_give_back(opus)
    AccountFactory(convention=opus, active=True)
    client.force_login(cast[role])
    today = client.get(REGISTER).content.decode()
    assert "Périmètre d'accès (annexe 1)" in today
    scope = today[today.index("Services accessibles le") : today.index("Historique du périmètre")]
    assert "<strong>Non</strong>" not in scope
    october = client.get(REGISTER, {"date": "2025-10-01"}).content.decode()
    scope = october[
        october.index("Services accessibles le 1er octobre 2025") : october.index("Historique du périmètre")
    ]
    assert f"{CONTACT}<br><small>…</small></th><td><strong>Non</strong>" in scope
    history = october[october.index("Historique du périmètre") :]
    assert "15 septembre 2025" in history and "3 novembre 2025" in history and "courrier du 2 septembre 2025" in history
    assert ("Enregistrer une modification notifiée" in today) == (role in (Role.AGENT, Role.RGC))


def test_o21_the_register_refuses_a_day_that_is_not_a_date_in_french(client, cast, opus):
    client.force_login(cast[Role.CORRESPONDENT])
    response = client.get(REGISTER, {"date": "31/02/2025"})
    assert response.status_code == 400
    assert "Saisissez une date valide." in response.content.decode()


def test_o21_the_register_keeps_its_other_parameters_with_the_day(client, cast, opus):
    client.force_login(cast[Role.AGENT])
    html = client.get(REGISTER, {"toutes": "1"}).content.decode()
    assert '<input type="hidden" name="toutes" value="1">' in html
    assert f'<input type="hidden" name="partenariat" value="{cast.partnership.pk}">' in html


def test_o21_the_register_reads_the_scope_in_a_fixed_number_of_queries(client, cast, opus):
    # clause O21: more conventions, notices and accounts cost no query more
    client.force_login(cast[Role.AGENT])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(REGISTER, {"date": "2025-10-01"}).status_code == 200
        return len(context)

    _withdraw_then_give_back(opus)
    AccountFactory(convention=opus, active=True)
    few = queries()
    for _ in range(3):
        other = ConventionFactory(partnership=cast.partnership, opus=True, parent=cast.cooperation,
                                  signed_on=D(2024, 2, 1))  # fmt: skip
        AnnexFactory(convention=other, active_accounts_cap=2)
        _withdraw_then_give_back(other)
        AccountFactory(convention=other, active=True)
    assert queries() == few <= 40
