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
