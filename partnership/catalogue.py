"""The English catalogue (``locale/en/LC_MESSAGES/django.po``): read it, find what is missing, fill it.

The msgids are the French of the source. ``manage.py english_catalogue --missing FILE`` runs
makemessages and writes what has no English yet to a JSON file; a translator fills each ``msgstr``
and ``manage.py english_catalogue --apply FILE`` writes them into the catalogue and compiles it.
The test of the catalogue (``partnership/tests/test_catalogue.py``) reads it with the same parser.
Plain parsing of the gettext format, so that neither the app nor its tests need one more package.
"""

import hashlib
import re
from dataclasses import dataclass, field

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# %(name)s, %s, %d, %.1f in the strings xgettext flags python-format (elsewhere a % is a percent
# sign: « 52 % des A »), and {name} anywhere.
_PRINTF = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]")
_BRACES = re.compile(r"\{[^{}]*\}")


def _unquote(text):
    """The text of one quoted line of a .po file, its C escapes read."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


@dataclass
class Entry:
    """One message of the catalogue: its msgid (and plural), its translations, its flags."""

    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list = field(default_factory=list)  # one, or one per plural form
    flags: set = field(default_factory=set)
    comments: list = field(default_factory=list)  # the lines before msgid, as written

    @property
    def key(self):
        """A short stable name of the message, for the translator's file."""
        return hashlib.sha1(f"{self.msgid}\x00{self.msgid_plural}".encode()).hexdigest()[:10]

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags

    def placeholders(self, text):
        found = _BRACES.findall(text)
        if "python-format" in self.flags:
            found += _PRINTF.findall(text.replace("%%", ""))
        return sorted(set(found))

    def placeholder_problem(self):
        """Why a translation does not keep the placeholders of its msgid ('' when it does)."""
        placeholders = self.placeholders
        sources = [self.msgid] if not self.msgid_plural else [self.msgid, self.msgid_plural]
        for index, text in enumerate(self.msgstr):
            source = sources[min(index, len(sources) - 1)]
            if placeholders(text) != placeholders(source):
                if self.msgid_plural and index == 0 and set(placeholders(text)) <= set(placeholders(source)):
                    continue  # a singular may leave the count out (« Un compte », "One account")
                return f"placeholders {placeholders(source)} became {placeholders(text)}"
        return ""

    def lines(self):
        out = [line for line in self.comments if not line.startswith(("#,", "#|"))]
        if self.flags:
            out.append("#, " + ", ".join(sorted(self.flags)))
        out += [line for line in self.comments if line.startswith("#|")]  # a fuzzy's previous msgid, last
        out.append(f"msgid {_quote(self.msgid)}")
        if self.msgid_plural:
            out.append(f"msgid_plural {_quote(self.msgid_plural)}")
            out += [f"msgstr[{i}] {_quote(text)}" for i, text in enumerate(self.msgstr)]
        else:
            out.append(f"msgstr {_quote(self.msgstr[0] if self.msgstr else '')}")
        return out


def parse(text):
    """The entries of a .po file's text, the header first (msgid "")."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                target = None  # an obsolete message: makemessages --no-obsolete drops them
                entry = None
                break
            if line.startswith("#"):
                entry.comments.append(line)
                if line.startswith("#,"):
                    entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("msgid_plural "):
                entry.msgid_plural, target = _unquote(line[13:]), "msgid_plural"
            elif line.startswith("msgid "):
                entry.msgid, target = _unquote(line[6:]), "msgid"
            elif line.startswith("msgstr"):
                entry.msgstr.append(_unquote(line.split(" ", 1)[1]))
                target = "msgstr"
            elif line.startswith('"') and target:
                if target == "msgstr":
                    entry.msgstr[-1] += _unquote(line)
                else:
                    setattr(entry, target, getattr(entry, target) + _unquote(line))
        if entry is not None:
            entries.append(entry)
    return entries


def serialise(entries):
    return "\n\n".join("\n".join(entry.lines()) for entry in entries) + "\n"


def problems(entries):
    """(entry, why) for each message without a usable English translation."""
    found = []
    for entry in entries:
        if not entry.msgid:
            continue  # the header
        if not entry.translated:
            found.append((entry, "fuzzy" if "fuzzy" in entry.flags else "untranslated"))
        elif why := entry.placeholder_problem():
            found.append((entry, why))
    return found


def fill(entries, translations):
    """Write `translations` ({key: msgstr or [singular, plural]}) into `entries`; returns how many."""
    by_key = {entry.key: entry for entry in entries if entry.msgid}
    done = 0
    for key, msgstr in translations.items():
        entry = by_key.get(key)
        if entry is None or not msgstr:
            continue
        entry.msgstr = list(msgstr) if isinstance(msgstr, list) else [msgstr]
        entry.flags.discard("fuzzy")
        entry.comments = [line for line in entry.comments if not line.startswith("#|")]  # fuzzy's previous msgid
        done += 1
    return done
