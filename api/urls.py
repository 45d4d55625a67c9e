import functools

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api import views
from api.authentication import BearerTokenAuthentication
from partnership.permissions import Role

app_name = "api"

router = SimpleRouter()
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("conventions", views.ConventionViewSet, basename="convention")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("quarterly-figures", views.QuarterlyFiguresViewSet, basename="quarterly-figures")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("opus-register", views.OpusRegisterViewSet, basename="opus-register")


class Schema(SpectacularAPIView):
    """The OpenAPI schema: for the documentation page (the session) and for API clients (a token)."""

    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = views.Scoped.permission_classes
    allowed_roles = Role.ALL

    def _get_schema_response(self, request):
        # Generating it takes seconds at 2,000 partnerships: once per process and language. It is the
        # same for every user (public, the views' querysets only name their models).
        return Response(
            data=generated_schema(translation.get_language()),
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, None)}"'},
        )


@functools.cache
def generated_schema(language):
    """The OpenAPI schema, its descriptions in `language`."""
    with translation.override(language):
        return SchemaGenerator(urlconf=Schema.urlconf, patterns=Schema.patterns).get_schema(request=None, public=True)


def _token_authenticated(patterns):
    """The API's endpoints authenticate their own requests (a token, see api/authentication.py):
    LoginRequiredMiddleware lets them through, and partnership/tests/test_urls.py knows them."""
    for pattern in patterns:
        login_not_required(pattern.callback).token_authenticated = True
    return patterns


urlpatterns = [
    path("", views.documentation, name="documentation"),
    path("jetons/", views.tokens, name="tokens"),
    path("jetons/<int:pk>/revoquer/", views.revoke_token, name="revoke_token"),
    *_token_authenticated(
        [
            path("schema/", Schema.as_view(), name="schema"),
            path("v1/obligations/", views.ObligationList.as_view(), name="obligations"),
        ]
    ),
    path("v1/", include(_token_authenticated(router.urls))),
]
