"""gunicorn's settings, read from the environment or .env like Django's:

    .venv/bin/gunicorn -c config/gunicorn.py config.wsgi

A worker is replaced after `max_requests` requests (give or take the jitter, so that the workers
do not all restart at once), and killed and replaced when a request holds it past `timeout`.
The largest upload accepted (10,000 rows) is read, checked and saved in about 10 s, and every
hostile file is refused well before (diagnosis/tests/test_hostile_files.py): the timeout is only
there for what nobody foresaw. The logs never carry the calendar feed's secret, and responses
carry no Server header.
"""

from pathlib import Path

import environ
from gunicorn.glogging import Logger
from gunicorn.http import wsgi

from config.log_filters import RedactFeedToken

env = environ.Env()
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")

bind = env("GUNICORN_BIND", default="127.0.0.1:8001")
workers = env.int("GUNICORN_WORKERS", default=3)
max_requests = env.int("GUNICORN_MAX_REQUESTS", default=1000)
max_requests_jitter = env.int("GUNICORN_MAX_REQUESTS_JITTER", default=100)
timeout = env.int("GUNICORN_TIMEOUT", default=60)
graceful_timeout = 30

REDACT_FEED_TOKEN = RedactFeedToken()


class RedactingLogger(Logger):
    """gunicorn's logger, whose access and error logs never carry the calendar feed's secret."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(REDACT_FEED_TOKEN)  # once: addFilter ignores a filter already there


logger_class = RedactingLogger


# No Server header: gunicorn writes "Server: gunicorn" on every response and has no setting to
# leave it out, so its response drops the line it builds (workers are forked from this process).
_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
