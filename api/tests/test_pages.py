"""The tokens page (created and revoked by their user, shown once) and the documentation page."""

import pytest
from django.urls import reverse

from api.models import ApiToken, digest
from partnership.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["api:tokens", "api:documentation"])
def test_every_role_opens_the_pages_and_a_visitor_logs_in_first(client, cast, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for role in Role.ALL:
        client.force_login(cast[role])
        assert client.get(reverse(name)).status_code == 200


def test_a_token_is_shown_once_and_only_its_digest_is_kept(client, cast):
    user = cast[Role.CORRESPONDENT]
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": "Logiciel agence"})
    key = response.context["created"]["key"]
    assert key.startswith("rep_") and key in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == digest(key) and key not in str(ApiToken.objects.values().get())
    page = client.get(reverse("api:tokens")).content.decode()
    assert "Logiciel agence" in page and key not in page and token.key_start in page
    assert client.get(reverse("api:partnership-list"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_token_needs_a_name(client, cast):
    client.force_login(cast[Role.AGENT])
    response = client.post(reverse("api:tokens"), {"name": ""})
    assert response.status_code == 422 and not ApiToken.objects.exists()


def test_a_user_revokes_its_own_tokens_only(client, cast):
    mine, key = ApiToken.issue(cast[Role.AGENT], "Le mien")
    theirs, _key = ApiToken.issue(cast[Role.RGC], "Celui du RGC")
    client.force_login(cast[Role.AGENT])
    assert client.post(reverse("api:revoke_token", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("api:revoke_token", args=[mine.pk]))
    assert response.status_code == 302
    assert list(ApiToken.objects.all()) == [theirs]
    assert client.get(reverse("api:partnership-list"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert client.get(reverse("api:revoke_token", args=[theirs.pk])).status_code == 405


def test_the_documentation_is_served_by_the_site(client, cast):
    client.force_login(cast[Role.ELU])
    html = client.get(reverse("api:documentation")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/js/api-docs.js" in html and "<script>" not in html and "https://" not in html
