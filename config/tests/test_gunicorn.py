"""config/gunicorn.py, as gunicorn itself resolves it."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def resolved(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    output = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi", "--print-config"],
        cwd=ROOT,
        env={**env, "EMAIL_URL": "dummymail://", **environment},  # the web server refuses to start without it
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(re.findall(r"^(\w+)\s+= (.*)$", output, re.M))


def test_workers_are_recycled_and_time_boxed():
    settings = resolved(GUNICORN_BIND="127.0.0.1:8123", GUNICORN_WORKERS="2")
    assert (settings["bind"], settings["workers"]) == ("['127.0.0.1:8123']", "2")
    assert int(settings["max_requests"]) > 0 and int(settings["max_requests_jitter"]) > 0
    # Far above what the largest accepted upload takes (about 10 s), below a proxy's patience.
    assert 30 <= int(settings["timeout"]) <= 120
