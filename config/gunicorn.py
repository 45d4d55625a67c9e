"""gunicorn's settings for production: `gunicorn -c config/gunicorn.py config.wsgi`. Only what the
application's security needs; the command line (or another file's settings) does the rest."""

from gunicorn.glogging import Logger
from gunicorn.http import wsgi

from config.log_filters import RedactFeedToken

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
