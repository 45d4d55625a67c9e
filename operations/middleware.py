"""One log line per request: its id (also sent back as ``X-Request-ID``), method, path (the
calendar feed's secret taken out), status, duration and the user's id, never a name or an
address."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import empty

from config import log_format
from config.log_filters import redact

logger = logging.getLogger("requests")

# An id our own proxy gave the request (nginx's $request_id), taken only from behind it.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,100}")


def _request_id(request):
    incoming = request.headers.get("X-Request-ID", "")
    if settings.BEHIND_PROXY and INCOMING_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _user_id(request):
    """The id of the user the request was served to; a request that never read its user (a
    static file, the health endpoint, the calendar feed) does not read it for the log."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = _request_id(request)
        token = log_format.request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            response["X-Request-ID"] = rid
            user_id = _user_id(request)
            path = redact(request.path)
            logger.info(
                "%s %s %s %.0f ms user=%s request=%s", request.method, path, response.status_code, duration_ms,
                user_id or "-", rid,
                extra={"fields": {
                    "method": request.method, "path": path, "status": response.status_code,
                    "duration_ms": duration_ms, "user_id": user_id,
                }},
            )  # fmt: skip
            return response
        finally:
            log_format.request_id.reset(token)
