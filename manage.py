#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read the models and migrations only, and sign or send nothing: they run without a
# SECRET_KEY (the settings refuse to load without one when DEBUG is off), under a throwaway key, and
# without the checks of the running configuration (EMAIL_URL, storage), which `manage.py check` reports.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        if "--skip-checks" not in sys.argv:
            sys.argv.append("--skip-checks")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
