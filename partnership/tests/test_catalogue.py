"""The English catalogue is complete (issue 18): makemessages, run on a copy of the source, finds
no message without an English translation, none fuzzy, none that loses a placeholder; and the
compiled catalogue (.mo) holds what the .po says. When it fails: see README, Development."""

import contextlib
import gettext
import os
import shutil

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from partnership import catalogue

# What makemessages reads (its default extensions), and the folders that hold no source.
SOURCE = (".py", ".html", ".txt")
NOT_SOURCE = {"locale", "var", "media", "staticfiles", "node_modules", "test-results", "__pycache__"}
PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIX = "run: manage.py english_catalogue --missing var/english.json, translate, then --apply (README)"


def _copy_source(target):
    for folder, folders, files in os.walk(settings.BASE_DIR):
        folders[:] = [name for name in folders if not name.startswith(".") and name not in NOT_SOURCE]
        for name in files:
            if name.endswith(SOURCE):
                source = os.path.join(folder, name)
                copy = target / os.path.relpath(source, settings.BASE_DIR)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, copy)


def test_makemessages_finds_no_message_without_english(tmp_path):
    _copy_source(tmp_path)
    locale = tmp_path / "locale"
    (locale / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copyfile(PO, locale / "en" / "LC_MESSAGES" / "django.po")
    with contextlib.chdir(tmp_path), override_settings(LOCALE_PATHS=[locale]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    entries = catalogue.parse((locale / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 2000
    missing = [f"{why}: {entry.msgid[:80]!r}" for entry, why in catalogue.problems(entries)]
    assert missing == [], f"{len(missing)} message(s) without English; {FIX}\n" + "\n".join(missing[:30])


def test_the_compiled_catalogue_holds_every_translation():
    with open(PO.with_suffix(".mo"), "rb") as compiled:
        messages = gettext.GNUTranslations(compiled)._catalog
    stale = []
    for entry in catalogue.parse(PO.read_text(encoding="utf-8"))[1:]:
        if entry.msgid_plural:
            found = [messages.get((entry.msgid, index)) for index in range(len(entry.msgstr))]
        else:
            found = [messages.get(entry.msgid)]
        if found != entry.msgstr:
            stale.append(entry.msgid[:80])
    assert stale == [], "compile the catalogue: manage.py compilemessages -l en\n" + "\n".join(stale[:20])
