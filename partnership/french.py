"""French as a reader expects it: dates in words with « 1er », and elision before a name.

Dates follow the active language (issue 18): French exactly so, English in English.

One way for the whole project, in Python and in templates (the filters of
``partnership/templatetags/french.py``, available in every template):

- ``french_date(day)`` → « 1er décembre 2026 », « 2 décembre 2026 » (Django's ``j F Y``
  writes « 1 décembre »); any Django date format may be given, « l j F Y à H\\hi » included;
- ``de(name)`` → « d'Emilie Martin », « de Benoît Roux », « du Pont-de-Claix » (for « Le
  Pont-de-Claix »); ``que(name)`` → « qu'Emilie Martin »; ``le(name)`` → « l'Arobase »;
- ``number(value, digits)`` → « 10 420 », « 62,8 » and ``percent(value, digits)`` → « 62,8 % »:
  rounded to the nearest, a half away from zero (Django's ``number_format`` cuts the digits
  off: it writes 62.75 « 62,7 »).

A name is elided before a vowel and before an h, taken as mute: first names and the names of
places and bodies the application writes (Hélène, Hugo, l'Hôtel de ville) mostly are.
"""

import datetime
import functools
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format, number_format

# Django's date format character for the day of the month without leading zero.
_DAY = "j"
# « 1er »: the 1 is no format character; e and r are, so they are escaped.
_FIRST = "1\\e\\r"


def _first_of_month(format_string):
    """`format_string` with its unescaped day of the month written « 1er »."""
    out, escaped = [], False
    for char in format_string:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == _DAY:
            out.append(_FIRST)
        else:
            out.append(char)
    return "".join(out)


def _in_english(format_string):
    """The French format's English counterpart: « à 14h30 » becomes "at 14:30"."""
    return format_string.replace(" à ", " \\a\\t ").replace("H\\hi", "H:i")


def french_date(value, format_string="j F Y"):
    """`value` (a date or a datetime, aware ones in local time) in words, in the active language:
    in French the first day of a month written « 1er », ``french_date(date(2026, 12, 1))`` →
    « 1er décembre 2026 »; in English "1 December 2026", « à 14h30 » written "at 14:30". Every
    date the application writes in words goes through here, so that it follows the language."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    # The time zone and the language are part of the key: equal aware datetimes may be written
    # differently in two zones, and without an active language the month names are not translated.
    return _in_words(value, getattr(value, "tzinfo", None), format_string, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _in_words(value, tzinfo, format_string, language):
    """`french_date`'s words, remembered: Django's formatting costs about 0.1 ms a date, and a list
    writes hundreds of them, the same days again and again from one page to the next."""
    if not (language or settings.LANGUAGE_CODE).startswith("fr"):
        return date_format(value, _in_english(format_string))
    if value.day == 1:
        format_string = _first_of_month(format_string)
    return date_format(value, format_string)


_VOWELS = set("aeiouy")


def _base_letters(text):
    """The letters of `text` without their accents, in lower case: « Émilie » → « emilie »."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def elides(name):
    """Whether a word elides before `name` (« d'Emilie », « l'Arobase »): a vowel or an h.

    A y elides before a consonant only (« d'Yves », but « de Yann »)."""
    letters = _base_letters(str(name).strip())
    if not letters:
        return False
    first = letters[0]
    if first == "y":
        return len(letters) > 1 and letters[1] not in _VOWELS and letters[1].isalpha()
    return first in _VOWELS or first == "h"


def _split_article(name):
    """(« le », « Pont-de-Claix ») for « Le Pont-de-Claix », (« les », …) for « Les Abrets »."""
    for article in ("Le ", "Les "):
        if name.startswith(article) and len(name) > len(article):
            return article.strip().lower(), name[len(article) :]
    return None, name


def _french():
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("fr")


def colon():
    """The colon between a label and its value: « En retard : 3 » in French, a space before it;
    "Late: 3" in English."""
    return " : " if _french() else ": "


def de(name):
    """« de » before `name`, elided or contracted: « d'Emilie », « de Benoît », « du Havre »
    (for « Le Havre »), « des Abrets » (for « Les Abrets »). In English the name alone: the
    English msgstr writes its own "of"."""
    name = str(name)
    if not _french():
        return name
    article, rest = _split_article(name)
    if article == "le":
        return f"du {rest}"
    if article == "les":
        return f"des {rest}"
    return f"d'{name}" if elides(name) else f"de {name}"


def que(name):
    """« que » before `name`: « qu'Emilie », « que Benoît »; in English "that Emilie"."""
    name = str(name)
    if not _french():
        return f"that {name}"
    return f"qu'{name}" if elides(name) else f"que {name}"


def le(name):
    """The article « le » before `name`: « l'Arobase », « le Relais Emploi »; in English the name."""
    name = str(name)
    if not _french():
        return name
    return f"l'{name}" if elides(name) else f"le {name}"


def rounded(value, digits=0):
    """`value` rounded to `digits` decimals, a half away from zero, as a Decimal: 62.75 → 62.8,
    2.675 → 2.68 (the number as written, not its nearest binary float); −0.04 → 0.0, never « −0,0 »."""
    figure = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return figure.copy_abs() if figure.is_zero() else figure


def number(value, digits=0):
    """« 10 420 », « 62,8 », "62.8" in English: `value` rounded (`rounded`) and written with
    `digits` decimals and the language's separators, as Django's ``number_format`` writes the
    rounded number (with ``force_grouping``), in a third of its time: the separators are read
    once per language, not three times per number (a series table writes hundreds)."""
    figure = value if digits == 0 and type(value) is int else rounded(value, digits)  # a count: as it is
    decimal_separator, thousand_separator, grouping = _number_format(translation.get_language() or "")
    if grouping != 3:  # grouped otherwise (neither French nor English): Django's own
        return number_format(figure, decimal_pos=digits, use_l10n=True, force_grouping=True)
    return f"{figure:,.{digits}f}".translate({ord(","): thousand_separator, ord("."): decimal_separator})


@functools.lru_cache(maxsize=32)
def _number_format(language):
    """(decimal separator, thousand separator, grouping) of `language` ("": the default's)."""
    names = ("DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR", "NUMBER_GROUPING")
    return tuple(get_format(name, language or None, use_l10n=True) for name in names)


def percent(value, digits=1):
    """« 62,8 % »: `number` and a non-breaking space before the sign."""
    return f"{number(value, digits)}\u00a0%"


def signed(value, digits=0):
    """A change with its sign: « +12 », « −3,5 » (a minus sign, not a hyphen); « 0 » unsigned."""
    text = number(abs(value), digits)
    if rounded(value, digits) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text
