"""The English catalogue kept complete (issue 18): list what has no English, then write it in.

    manage.py english_catalogue --missing var/english.json   # makemessages -l en, then the untranslated
    manage.py english_catalogue --apply var/english.json     # the msgstr filled in, compiled to the .mo

The JSON file is a list of {"key", "msgid", "msgid_plural", "msgstr", "previous"}: fill each
"msgstr" (a list [singular, plural] for a plural), keep the placeholders (%(name)s, {name}) as
they are; "previous" is the translation of a msgid that changed, to start from.
"""

import json
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from partnership import catalogue

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
HEADER = {
    "Project-Id-Version": "partenariat-relais-emploi",
    "Language": "en",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
HEADER_COMMENTS = [
    "# The English of the application, whose msgids are its French (issue 18).",
    "# Kept complete with manage.py english_catalogue --missing / --apply (README, Development).",
]


def _header(entry):
    """The header without makemessages' placeholders, and not fuzzy (msgfmt would skip it)."""
    lines = []
    for line in entry.msgstr[0].splitlines():
        name = line.split(":", 1)[0]
        lines.append(f"{name}: {HEADER[name]}" if name in HEADER else line)
    entry.msgstr = ["\n".join(lines) + "\n"]
    entry.flags.discard("fuzzy")
    entry.comments = list(HEADER_COMMENTS)


def write(entries):
    _header(entries[0])
    PO.write_text(catalogue.serialise(entries), encoding="utf-8")
    # Wrapped as makemessages wraps, so that its next run changes nothing.
    subprocess.run(["msgcat", "--output-file", str(PO), str(PO)], check=True)


class Command(BaseCommand):
    requires_system_checks = []  # as makemessages: it reads the source, not the running configuration
    help = "Lists the messages without English (--missing FILE), or writes them in (--apply FILE)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--missing", metavar="FILE", help="run makemessages, write the untranslated to FILE")
        action.add_argument("--apply", metavar="FILE", help="write the translations of FILE, compile")

    def handle(self, *args, missing=None, apply=None, **options):
        if missing:
            call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
            entries = catalogue.parse(PO.read_text(encoding="utf-8"))
            write(entries)
            todo = [
                {
                    "key": entry.key,
                    "msgid": entry.msgid,
                    "msgid_plural": entry.msgid_plural,
                    "msgstr": ["", ""] if entry.msgid_plural else "",
                    "previous": entry.msgstr if entry.msgid_plural else entry.msgstr[0],
                    "problem": why,
                }
                for entry, why in catalogue.problems(entries)
            ]
            Path(missing).parent.mkdir(parents=True, exist_ok=True)
            Path(missing).write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
            self.stdout.write(f"{len(todo)} message(s) to translate in {missing}.")
            return
        try:
            rows = json.loads(Path(apply).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{apply}: {error}") from error
        entries = catalogue.parse(PO.read_text(encoding="utf-8"))
        done = catalogue.fill(entries, {row["key"]: row["msgstr"] for row in rows})
        write(entries)
        call_command("compilemessages", locale=["en"], verbosity=0)
        left = catalogue.problems(catalogue.parse(PO.read_text(encoding="utf-8")))
        self.stdout.write(f"{done} translation(s) written; {len(left)} message(s) still to translate.")
        for entry, why in left[:20]:
            self.stdout.write(f"  {entry.key}: {why}: {entry.msgid[:70]}")
