import pytest
from django.urls import reverse

from partnership.models import Convention, User
from partnership.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.AGENT, Role.ELU, Role.CORRESPONDENT])
def test_the_admin_panel_is_closed_to_other_roles(client, cast, role):
    user = cast[role]
    user.is_staff = True  # even a staff flag set by mistake does not open it
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize("role", Role.ADMIN_SITE)
def test_the_admin_panel_is_open_to_the_rgc_and_the_administrateur(client, cast, role):
    client.force_login(cast[role])
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_administrateur_sees_only_its_partnerships_in_the_admin(client, cast, other_cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    listing = client.get(reverse("admin:partnership_convention_changelist")).content.decode()
    assert cast.cooperation.title in listing
    assert other_cast.cooperation.title not in listing
    url = reverse("admin:partnership_convention_change", args=[other_cast.cooperation.pk])
    assert client.get(url).status_code == 302  # the admin redirects an unknown object to the index
    assert Convention.objects.filter(pk=other_cast.cooperation.pk).exists()


def test_the_administrateur_manages_its_own_organisation_users_only(client, cast, other_cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    listing = client.get(reverse("admin:partnership_user_changelist")).content.decode()
    assert cast[Role.AGENT].username in listing
    assert other_cast[Role.AGENT].username not in listing
    form = client.get(reverse("admin:partnership_user_change", args=[cast[Role.AGENT].pk])).content.decode()
    assert "is_superuser" not in form
    assert other_cast.partnership.commune.name not in form


def test_the_administrateur_cannot_make_a_superuser(client, cast):
    admin = cast[Role.ADMINISTRATOR]
    agent = cast[Role.AGENT]
    client.force_login(admin)
    url = reverse("admin:partnership_user_change", args=[agent.pk])
    client.post(
        url,
        {
            "username": agent.username,
            "is_active": "on",
            "is_superuser": "on",
            "organisation": admin.organisation_id,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert not User.objects.get(pk=agent.pk).is_superuser


def test_repeated_failed_logins_lock_the_account_out(client, cast, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    username = cast[Role.AGENT].username
    for _ in range(3):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": username, "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()
