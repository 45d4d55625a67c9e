import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn runs no system check: refuse to serve with a configuration error (operations/checks.py).
from operations.checks import refuse_to_start  # noqa: E402 (after Django is set up)

refuse_to_start()
