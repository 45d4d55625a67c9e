"""Headers on every response the application makes (static files, served by WhiteNoise before
this middleware, keep theirs): the browser features no page needs are switched off, and nothing
personal is kept by the browser or a proxy."""

from django.conf import settings
from django.utils.cache import patch_cache_control

# Downloads (PDF, CSV, spreadsheets, the calendar feed) hold personal data even when no session
# asked for them: the calendar feed is read with its secret address alone.
DOCUMENT_TYPES = (
    "application/pdf",
    "text/csv",
    "text/calendar",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


def is_document(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type in DOCUMENT_TYPES or response.has_header("Content-Disposition")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_document(response):
            patch_cache_control(response, private=True, no_store=True)
        return response
