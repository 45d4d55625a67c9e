"""Clause O14 (and C8): the sensitive categories are never recorded about a person; the free
texts are checked on save against one French lexicon, in the app's forms and in the admin panel."""

import pytest
from django.urls import reverse

from partnership import sensitive
from partnership.models import CommitmentUpdate
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Mme X est en arrêt MALADIE depuis mars", "la santé"),
        ("Il est syndiqué à la CGT", "l'appartenance syndicale"),
        ("Elle fait le ramadan", "la religion"),
        ("Situation de surendettement", "les difficultés sociales ou personnelles"),
        ("Son orientation sexuelle", "la vie sexuelle"),
        ("Un militant connu", "les opinions politiques ou philosophiques"),
        ("Personne réfugiée", "l'origine"),
    ],
)
def test_the_lexicon_names_the_category(text, category):
    # clause O14: origin, opinions, religion, union membership, health, sex life, difficulties
    assert [str(found) for found, _words in sensitive.categories_in(text)] == [category]


def test_ordinary_minutes_touch_nothing():
    # clause C6: the minutes speak of the structures and the economy
    text = "Ouverture d'un entrepôt logistique à Villefontaine : 40 postes de préparateurs, forum le 12 mars."
    assert sensitive.categories_in(text) == []
    assert sensitive.categories_in("La racine du problème : la mobilité") == []  # whole words only


@pytest.mark.django_db
def test_a_form_warns_and_saves_once_rewritten_or_confirmed(client, cast):
    # clause O14: the warning names the category and asks to rewrite or confirm
    commitment = CommitmentFactory(convention=cast.cooperation)
    client.force_login(cast[Role.AGENT])
    url = reverse("commitment_detail", args=[commitment.pk])
    response = client.post(url, {"status": "en_cours", "comment": "L'agente est malade, report en mai."})
    page = response.content.decode()
    assert "la santé (« malade »)" in page and "Je confirme que ces textes ne nomment" in page
    assert not CommitmentUpdate.objects.exists()
    assert "Je confirme" not in client.get(url).content.decode()  # shown only after a hit
    confirmed = {"status": "en_cours", "comment": "Forum santé reporté en mai.", "confirme_sans_personne": "on"}
    assert client.post(url, confirmed).status_code == 302
    assert client.post(url, {"status": "en_cours", "comment": "Report en mai."}).status_code == 302
    assert CommitmentUpdate.objects.count() == 2


@pytest.mark.django_db
def test_the_admin_panel_checks_the_same_way(client, cast):
    # clause O14, in the admin panel too
    from privacy.models import RegisterCompletion

    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("admin:privacy_registercompletion_add")
    data = {"partnership": cast.partnership.pk, "activity": "opus", "other_recipients": "", "transfers": "",
            "retention": "Sauf le dossier de l'agent hospitalisé", "security": ""}  # fmt: skip
    page = client.post(url, data).content.decode()
    assert "la santé (« hospitalise »)" in page and 'name="confirme_sans_personne"' in page
    assert not RegisterCompletion.objects.exists()
    assert client.post(url, {**data, "confirme_sans_personne": "on"}).status_code == 302
    assert RegisterCompletion.objects.count() == 1
    assert 'name="confirme_sans_personne"' not in client.get(url).content.decode()
