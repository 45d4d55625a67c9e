"""The admin panel in the application's layout and words: its header, navigation and style sheet,
French names for the libraries' apps and models, a title like the pages', and every input named
for a screen reader (what axe checks in the browser crawl, checked here on the HTML)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import PeriodicTask

from partnership.models import ConventionParty
from partnership.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.ADMIN_SITE)
def test_the_admin_panel_wears_the_applications_header_and_style(client, cast, role):
    client.force_login(cast[role])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'class="site-header"' in html and "Partenariat Relais Emploi – Pôle emploi" in html
    assert "/static/css/app.css" in html and "/static/css/admin.css" in html
    # the application's navigation, its "Administration" entry current
    assert f'<a href="{reverse("home")}">Accueil</a>' in html
    assert f'<a href="{reverse("admin:index")}" aria-current="page">Administration</a>' in html
    # one light theme, as the application: no theme switch, no side bar of its own
    assert "theme-toggle" not in html and "nav-sidebar" not in html and "dark_mode.css" not in html
    assert reverse("logout") in html and reverse("admin:password_change") in html


def test_the_applications_pages_keep_their_header(client, cast):
    client.force_login(cast[Role.AGENT])
    html = client.get(reverse("home")).content.decode()
    assert 'class="site-header"' in html and 'aria-current="page">Accueil</a>' in html
    assert reverse("admin:password_change") not in html  # the admin's link, in the admin only


def test_the_libraries_apps_and_models_have_french_names(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    html = client.get(reverse("admin:index")).content.decode()
    assert "Planification des tâches quotidiennes" in html and "Tâches périodiques" in html
    assert "Blocages de connexion" in html and "Intervalles" in html
    assert "Périodique" not in html and "périodique<" not in html and ">Axes<" not in html
    with translation.override("fr"):
        assert str(PeriodicTask._meta.verbose_name_plural) == "tâches périodiques"


def test_a_list_is_titled_as_the_applications_pages(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    html = client.get(reverse("admin:partnership_convention_changelist")).content.decode()
    assert "<h1>Conventions</h1>" in html
    assert "Sélectionnez" not in html


def test_the_date_and_the_time_of_a_split_field_are_named(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("admin:partnership_user_change", args=[cast[Role.AGENT].pk])
    html = client.get(url).content.decode()
    date, time = (re.search(rf'<input[^>]*name="last_login_{i}"[^>]*>', html).group() for i in (0, 1))
    assert 'aria-label="Dernière connexion : date"' in date
    assert 'aria-label="Dernière connexion : heure"' in time


def test_the_roles_of_a_login_are_boxes_to_tick(client, cast):
    # the two-list filter's help icons carried an aria-label axe refuses on a plain span
    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("admin:partnership_user_change", args=[cast[Role.AGENT].pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'type="checkbox" name="groups"' in html and "selectfilter" not in html.lower()
    roles = {str(choice[1]) for choice in response.context["adminform"].form.fields["groups"].choices}
    assert roles == set(Role.ALL)


def test_every_cell_of_a_tabular_inline_is_named(client, cast):
    # the parties of a convention: a select, a text, a box per row, and the row's deletion box
    ConventionParty.objects.create(
        convention=cast.cooperation, organisation=cast.partnership.commune, designation="la commune"
    )
    client.force_login(cast[Role.ADMINISTRATOR])
    html = client.get(reverse("admin:partnership_convention_change", args=[cast.cooperation.pk])).content.decode()
    inputs = re.findall(r"<(?:input|select|textarea)\b[^>]*\bname=\"parties-0-[^\"]+\"[^>]*>", html)
    visible = [tag for tag in inputs if 'type="hidden"' not in tag]
    assert visible, "the convention has no party row"
    assert all("aria-label=" in tag for tag in visible), visible
    assert 'aria-label="Organisation"' in html and 'aria-label="Supprimer cette ligne"' in html
