"""gunicorn's settings, read from the environment or .env like Django's:

    .venv/bin/gunicorn -c config/gunicorn.py config.wsgi

A worker is replaced after `max_requests` requests (give or take the jitter, so that the workers
do not all restart at once), and killed and replaced when a request holds it past `timeout`.
The largest upload accepted (10,000 rows) is read, checked and saved in about 10 s, and every
hostile file is refused well before (diagnosis/tests/test_hostile_files.py): the timeout is only
there for what nobody foresaw.
"""

from pathlib import Path

import environ

env = environ.Env()
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")

bind = env("GUNICORN_BIND", default="127.0.0.1:8001")
workers = env.int("GUNICORN_WORKERS", default=3)
max_requests = env.int("GUNICORN_MAX_REQUESTS", default=1000)
max_requests_jitter = env.int("GUNICORN_MAX_REQUESTS_JITTER", default=100)
timeout = env.int("GUNICORN_TIMEOUT", default=60)
graceful_timeout = 30
