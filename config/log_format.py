"""How log lines are written: plain text by default, one JSON object per line with
``LOG_FORMAT=json``, each carrying the id of the request it was written during (config of
LOGGING in settings; the id is set by `operations.middleware.RequestLogMiddleware`).

A line's structured fields come in ``extra={"fields": {...}}``: counts, ids, durations, never a
person's name or address."""

import contextvars
import datetime
import json
import logging

request_id = contextvars.ContextVar("request_id", default="")


class JsonLines(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if current := request_id.get():
            entry["request_id"] = current
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
