"""No log line carries the calendar feed's secret: its address, /echeancier/agenda/<token>.ics,
is the feed's only credential. The filter serves Django's loggers (LOGGING in settings, the
runserver's `django.server` included) and gunicorn's access and error logs (config/gunicorn.py)."""

import logging
import re

# The last segment under /echeancier/agenda/, however it ends (".ics", "%2Eics"…), up to the
# query string, the end of the request line or a quote; the pages beside it end with a slash.
FEED_TOKEN = re.compile(r"(/echeancier/agenda/)[^/?#\s\"']+(?=[?#\s\"']|$)")
REDACTED = r"\1[secret].ics"


def redact(text):
    return FEED_TOKEN.sub(REDACTED, text)


class RedactFeedToken(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
