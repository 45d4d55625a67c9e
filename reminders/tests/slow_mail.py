"""Test-only e-mail backend: each message becomes one file of EMAIL_FILE_PATH, slowly.

It waits before and after writing (``SLOW_MAIL_SECONDS`` per message, 0.3 by default), as a real
server takes its time, so that a test can kill the sending process while a message is on its way
(claimed, not written) or just written (not yet marked sent). A file appears whole or not at all
(written aside, then renamed).
"""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

SECONDS_PER_MESSAGE = float(os.environ.get("SLOW_MAIL_SECONDS", "0.3"))


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)
        self.folder.mkdir(parents=True, exist_ok=True)

    def send_messages(self, messages):
        for message in messages:
            time.sleep(SECONDS_PER_MESSAGE / 2)
            name = self.folder / f"{time.time_ns()}-{uuid.uuid4().hex}"
            aside = name.with_suffix(".part")
            aside.write_bytes(message.message().as_bytes())
            aside.rename(name.with_suffix(".eml"))
            time.sleep(SECONDS_PER_MESSAGE / 2)
        return len(messages)
