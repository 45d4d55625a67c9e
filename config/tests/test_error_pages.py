"""The error pages as production serves them (the tests run with DEBUG off): French, in the
application's layout; the 500 page without anything of the request, which may be what broke."""

import pytest
from django.conf import settings
from django.template import loader
from django.urls import reverse

from partnership import views
from partnership.permissions import Role
from partnership.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_tests_see_what_production_serves():
    assert settings.DEBUG is False


def test_a_missing_page_is_the_french_404_in_the_layout(client, cast):
    user = cast[Role.AGENT]
    client.force_login(user)
    response = client.get("/nulle-part/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in html and 'lang="fr"' in html
    assert 'class="site-header"' in html and user.get_full_name() in html  # the layout, with the user's menu
    assert "Not Found" not in html and "Traceback" not in html


def test_a_missing_page_for_a_visitor_not_logged_in(client, db):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_refused_page_is_the_french_403_in_the_layout(client, cast):
    client.force_login(UserFactory(organisation=cast.partnership.commune))  # a login without a role
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in html and 'class="site-header"' in html
    assert "Forbidden" not in html


def test_a_refused_admin_page_is_the_french_403_too(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    response = client.get(reverse("admin:auth_group_changelist"))  # the role groups: a superuser's
    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_a_server_error_is_the_french_500(client, cast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("une panne")

    monkeypatch.setattr(views, "render", broken)  # the home page fails while rendering
    client.raise_request_exception = False
    user = cast[Role.AGENT]
    client.force_login(user)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Erreur du serveur</h1>" in html and 'lang="fr"' in html
    assert 'class="site-header"' in html and "/static/css/app.css" in html
    assert user.get_full_name() not in html  # rendered with an empty context: nothing of the request
    assert "une panne" not in html and "Traceback" not in html and "Server Error" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_500_page_renders_when_the_urls_cannot_be_read(settings):
    # Django renders 500.html with an empty context; it must not reverse a URL either, since a
    # broken URLconf is one of the errors it reports.
    settings.ROOT_URLCONF = "config.tests.no_such_urlconf"
    html = loader.get_template("500.html").render()
    assert "Erreur du serveur" in html and 'href="/"' in html


def test_the_500_page_renders_without_the_static_files_manifest(settings, tmp_path):
    # collectstatic not run, or its manifest lost: every page fails on {% static %}, the 500 page must not
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with pytest.raises(ValueError, match="manifest"):
        loader.get_template("404.html").render()
    html = loader.get_template("500.html").render()
    assert 'href="/static/css/app.css"' in html
