"""The whole ProConnect round trip against the test tree's provider: the login page's button,
the redirect to the provider, the callback checking the ID token (signature, audience, expiry,
nonce), the match by e-mail, the accounts opened for an allowed domain, and the logout."""

import urllib.parse

import pytest
import responses
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from partnership.permissions import Role, roles_of
from partnership.tests.factories import UserFactory
from proconnect.models import AllowedDomain
from proconnect.tests.provider import BASE_URL, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    provider = Provider()
    provider.settings(settings)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        provider.register(mock)
        yield provider


def login(client, provider, email, next_url="/conventions/", **claims):
    """The browser's round trip; returns the callback's response."""
    provider.claims = {"email": email, "given_name": "Camille", "usual_name": "Martin", **claims}
    start = client.get(reverse("proconnect:authenticate"), {"next": next_url})
    assert start.status_code == 302
    return client.get(reverse("proconnect:callback"), provider.authorize(start["Location"]))


def logged_in(client):
    return client.session.get(SESSION_KEY)


def test_the_button_shows_only_when_proconnect_is_configured(client, settings):
    assert "Se connecter avec ProConnect" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("proconnect:authenticate")).status_code == 404
    assert client.get(reverse("proconnect:callback"), {"code": "x", "state": "y"}).status_code == 404
    Provider().settings(settings)
    html = client.get(reverse("login"), {"next": "/conventions/"}).content.decode()
    assert "Se connecter avec ProConnect" in html
    assert f"{reverse('proconnect:authenticate')}?next=/conventions/" in html
    assert 'name="password"' in html  # beside the password form


def test_an_agent_logs_in_with_the_email_of_its_account(client, cast, provider):
    agent = cast[Role.AGENT]
    response = login(client, provider, agent.email.upper())
    assert response.status_code == 302 and response["Location"] == "/conventions/"
    assert logged_in(client) == str(agent.pk)
    assert client.get("/conventions/").status_code == 200


def test_a_wrong_audience_is_refused(client, cast, provider):
    provider.audience = "une-autre-application"
    response = login(client, provider, cast[Role.AGENT].email)
    assert response["Location"] == reverse("login") and logged_in(client) is None
    assert "n'a pas abouti" in client.get(response["Location"]).content.decode().replace("&#x27;", "'")


def test_an_expired_token_is_refused(client, cast, provider):
    provider.lifetime = -120
    login(client, provider, cast[Role.AGENT].email)
    assert logged_in(client) is None


def test_a_token_signed_by_another_key_is_refused(client, cast, provider):
    provider.sign = Provider().sign  # a key the provider's JWKS does not publish, under the same kid
    login(client, provider, cast[Role.AGENT].email)
    assert logged_in(client) is None


def test_an_unknown_email_opens_no_account(client, cast, provider):
    from partnership.models import User

    before = User.objects.count()
    response = login(client, provider, "inconnue@mairie-exemple.fr")
    assert response["Location"] == reverse("login") and logged_in(client) is None
    assert User.objects.count() == before


def test_an_inactive_account_or_another_organisations_siret_is_refused(client, cast, provider):
    agent = cast[Role.AGENT]
    siren = cast.partnership.commune.siren
    assert siren
    login(client, provider, agent.email, siret="12345678900011")
    assert logged_in(client) is None
    login(client, provider, agent.email, siret=f"{siren}00011")
    assert logged_in(client) == str(agent.pk)
    client.logout()
    agent.is_active = False
    agent.save()
    login(client, provider, agent.email)
    assert logged_in(client) is None


def test_an_allowed_domain_opens_an_account_in_its_organisation_with_its_role(client, cast, provider):
    commune = cast.partnership.commune
    AllowedDomain.objects.create(organisation=commune, domain="mairie-exemple.fr", role=Role.ELU)
    login(client, provider, "Nouvelle.Elue@mairie-exemple.fr")
    user = cast[Role.ELU].__class__.objects.get(email="nouvelle.elue@mairie-exemple.fr")
    assert logged_in(client) == str(user.pk)
    assert user.organisation == commune and roles_of(user) == {Role.ELU}
    assert (user.first_name, user.last_name, user.has_usable_password()) == ("Camille", "Martin", False)


def test_the_logout_ends_the_session_here_and_at_proconnect(client, cast, provider):
    login(client, provider, cast[Role.AGENT].email)
    response = client.post(reverse("logout"))
    assert logged_in(client) is None
    url = urllib.parse.urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{BASE_URL}/session/end"
    query = dict(urllib.parse.parse_qsl(url.query))
    assert query["id_token_hint"] == provider.issued[-1]
    assert query["post_logout_redirect_uri"] == "http://testserver/connexion/" and query["state"]


def test_a_password_session_logs_out_as_before(client, cast, provider):
    client.force_login(cast[Role.AGENT])
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login") and logged_in(client) is None


def test_a_replayed_or_forged_callback_logs_nobody_in(client, cast, provider):
    provider.claims = {"email": cast[Role.AGENT].email}
    start = client.get(reverse("proconnect:authenticate"))
    query = provider.authorize(start["Location"])
    assert client.get(reverse("proconnect:callback"), {**query, "code": "invente"}).status_code == 302
    assert logged_in(client) is None
    # The state was used: the same answer again is refused.
    assert client.get(reverse("proconnect:callback"), query).status_code in (302, 400)
    assert logged_in(client) is None


def test_password_login_keeps_working_and_axes_still_locks(client, cast, provider, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    agent = UserFactory(username="camille", role=Role.AGENT, organisation=cast.partnership.commune)
    response = client.post(reverse("login"), {"username": "camille", "password": "secret-pass-123"})
    assert response.status_code == 302 and logged_in(client) == str(agent.pk)
    client.logout()
    for _ in range(2):
        client.post(reverse("login"), {"username": "camille", "password": "faux"})
    response = client.post(reverse("login"), {"username": "camille", "password": "secret-pass-123"})
    assert logged_in(client) is None and response.status_code == 429


def test_proconnect_failures_lock_nobody_out(client, cast, provider, settings):
    # A town hall's agents share one address: unknown e-mails at ProConnect (each code is single-use,
    # checked by the provider) must not lock their colleagues out, with ProConnect or a password.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        login(client, provider, "inconnue@mairie-exemple.fr")
    login(client, provider, cast[Role.AGENT].email)
    assert logged_in(client) == str(cast[Role.AGENT].pk)
