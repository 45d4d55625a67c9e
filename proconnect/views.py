"""The login page with its ProConnect button, the ProConnect round trip and the logout.

The ProConnect views answer 404 while it is not configured (PROCONNECT_CLIENT_ID empty)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views

SESSION_ID_TOKEN = "oidc_id_token"  # where mozilla-django-oidc keeps it (OIDC_STORE_ID_TOKEN)


class Login(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proconnect": settings.PROCONNECT_ENABLED}


def _enabled(view):
    def wrapped(request, *args, **kwargs):
        if not settings.PROCONNECT_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.login_step = True  # a step of logging in: open without a session (partnership/tests/test_urls.py)
    return login_not_required(wrapped)


class Callback(oidc_views.OIDCAuthenticationCallbackView):
    def login_failure(self):
        messages.error(
            self.request,
            _(
                "La connexion avec ProConnect n'a pas abouti : aucun compte actif de votre organisation ne "
                "porte cette adresse électronique, ou la réponse de ProConnect n'était pas valable. Connectez-vous "
                "avec votre identifiant, ou demandez un compte à l'administrateur de votre organisation."
            ),
        )
        return HttpResponseRedirect(reverse("login"))


class Logout(auth_views.LogoutView):
    """Ends the session here, then at ProConnect when the session began there (its end-session
    endpoint, which sends the browser back to the login page)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if not (id_token and settings.PROCONNECT_ENABLED):
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "state": get_random_string(32),
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}")


def outside_lockout(request, credentials):
    """django-axes (AXES_WHITELIST_CALLABLE) counts the failures of passwords, not of ProConnect's
    callback: its code is single-use and checked by ProConnect, and a town hall's agents share one
    address, which a few unknown e-mails would otherwise lock out of ProConnect for an hour."""
    return request is not None and request.path == reverse("proconnect:callback")


authenticate = _enabled(oidc_views.OIDCAuthenticationRequestView.as_view())
callback = _enabled(Callback.as_view())
