import pytest
from django.urls import reverse

from opus_accounts.tests.factories import AnnexFactory
from partnership import opus_terms
from partnership.permissions import Role

pytestmark = pytest.mark.django_db


def test_the_terms_name_each_duty_of_articles_7_to_9():
    clauses = [clause for clause, _text in opus_terms.TERMS]
    # clause O11: own equipment, never alter an offer, hand the offer document to every candidate
    assert clauses.count("O11") == 3
    assert any("document d'offre" in str(text) for clause, text in opus_terms.TERMS if clause == "O11")
    # clause O12: free of charge
    assert any("gracieux" in str(text) for clause, text in opus_terms.TERMS if clause == "O12")
    # clause O13: right of use only, no sale or transfer, no links to other portals
    o13 = " ".join(str(text) for clause, text in opus_terms.TERMS if clause == "O13")
    assert "droit d'usage" in o13 and "cession" in o13 and "lien vers d'autres portails" in o13


def test_the_opus_convention_page_shows_the_terms(client, cast):
    # clauses O11, O12, O13: shown with the OPUS convention
    client.force_login(cast[Role.ELU])
    html = client.get(reverse("convention_detail", args=[cast.opus.pk])).content.decode()
    assert 'id="terms-title"' in html
    assert "clause O12" in html and "clause O13" in html and "à titre gracieux" in html
    cooperation = client.get(reverse("convention_detail", args=[cast.cooperation.pk])).content.decode()
    assert "à titre gracieux" not in cooperation


def test_the_register_every_holder_is_told_of_carries_the_terms(client, cast):
    # clauses O11, O12, O13: in the conditions each account holder is told before access
    AnnexFactory(convention=cast.opus)
    client.force_login(cast[Role.RGC])
    response = client.get(reverse("admin:opus_accounts_opusaccount_export_pdf") + "?html=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "aucun lien vers d&#x27;autres portails ou sites" in html
