import pytest
from django.urls import reverse

from partnership import permissions
from partnership.permissions import Role


@pytest.mark.django_db
def test_may_open_resolves_each_path_once_and_decides_per_user(cast, monkeypatch):
    """The roles a page allows are looked up once per path; the decision stays per user."""
    import django.urls

    permissions._allowed_roles.cache_clear()
    calls = []
    real = django.urls.resolve
    monkeypatch.setattr(django.urls, "resolve", lambda path, urlconf=None: calls.append(path) or real(path, urlconf))
    url = cast.cooperation.get_absolute_url()
    for _ in range(5):
        assert permissions.may_open(cast[Role.AGENT], url + "?onglet=2")
    assert calls == [url]
    # Same path, cached roles, different decisions: the C9 page is not the correspondent's.
    page = reverse("privacy:schedule")
    assert permissions.may_open(cast[Role.RGC], page) is True
    assert permissions.may_open(cast[Role.CORRESPONDENT], page) is False
    assert permissions.may_open(cast[Role.AGENT], "/nulle-part/") is False


@pytest.mark.parametrize("role", Role.ALL)
def test_the_navigation_shows_the_pages_the_role_may_open_and_only_those(client, cast, role):
    # Deny by default: the menu asks the views' own rule, so no link leads to a 403.
    from django.urls import NoReverseMatch

    from partnership import navigation

    user = cast[role]
    client.force_login(user)
    page = client.get(reverse("convention_list"))
    shown = [item["url"] for item in page.context["navigation"]]
    for _label, name, _current in navigation.ITEMS:
        try:
            url = reverse(name)
        except NoReverseMatch:  # pragma: no cover
            pytest.fail(name)
        assert (url in shown) == permissions.may_open(user, url)
        if url in shown:
            assert client.get(url).status_code in (200, 302)
    assert [i["url"] for i in page.context["navigation"] if i["current"]] == [reverse("convention_list")]


def test_the_layout_names_no_role():
    from pathlib import Path

    base = (Path(__file__).resolve().parents[2] / "templates" / "base.html").read_text()
    assert not any(role in base for role in Role.ALL if role != Role.RGC) and "has_role" not in base


@pytest.mark.django_db
def test_the_roles_are_read_with_the_user(cast, django_assert_num_queries):
    """A user read through User.objects (as each request's login reads it) carries the names of
    its groups: its roles cost no query; an instance made otherwise reads them once."""
    from django.contrib.auth.models import Group

    from partnership.models import User

    made = cast.users[Role.RGC]
    made.groups.add(Group.objects.get_or_create(name=Role.ELU)[0])
    alone = User.objects.create_user("sans-role", "sans-role@example.org")
    with django_assert_num_queries(2):
        read, nobody = User.objects.get(pk=made.pk), User.objects.get(pk=alone.pk)
    with django_assert_num_queries(0):
        assert permissions.roles_of(read) == {Role.RGC, Role.ELU}
        assert permissions.roles_of(nobody) == frozenset()
    fresh = User(pk=made.pk, username=made.username)
    with django_assert_num_queries(1):
        assert permissions.roles_of(fresh) == permissions.roles_of(fresh) == {Role.RGC, Role.ELU}
