"""Clause O14 (and C8): the partner « s'interdit d'enregistrer [...] l'origine, les opinions, la
religion, l'appartenance syndicale, la santé, la vie sexuelle, les difficultés sociales ou
personnelles » of anyone. The free texts (minutes, comments, notes, reasons) are checked when
saved, in the app's forms and in the admin panel, against the one French lexicon below: a hit is
a warning naming the category, and the text is saved once rewritten, or once the user confirms
that it names no person (« le retard de la gare est dû à une grève » names no one).

Here rather than in `privacy` because `partnership`'s own forms and admin use it, and
`partnership` imports no other app."""

import re
import unicodedata

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

# Each category as the clause names it, and words that betray it. A word ending in "*" is a stem
# (« malad* » finds « malade », « maladie »); the others are whole words or phrases. Written
# without accents or capitals: the texts are compared the same way.
LEXICON = {
    _l("l'origine"): (
        "origine ethnique", "ethnie", "ethnique*", "race", "raciale", "racial", "nationalite", "immigre*",
        "sans papiers", "refugie*", "couleur de peau", "maghrebin*", "africain*", "rom", "roms",
    ),
    _l("les opinions politiques ou philosophiques"): (
        "opinion politique", "opinions politiques", "militant*", "sympathisant*", "parti politique",
        "extreme droite", "extreme gauche", "vote pour", "electeur de",
    ),
    _l("la religion"): (
        "religion", "religieu*", "musulman*", "chretien*", "catholique*", "juif", "juive*", "protestant*",
        "bouddhiste*", "voile islamique", "ramadan", "croyant*", "pratiquant*",
    ),
    _l("l'appartenance syndicale"): (
        "syndicat*", "syndique*", "syndical*", "cgt", "cfdt", "delegue du personnel", "greviste*",
    ),
    _l("la santé"): (
        "sante", "malad*", "handicap*", "rqth", "cancer*", "depressi*", "enceinte", "grossesse",
        "arret de travail", "hospitalis*", "medical*", "medecin*", "psychiatr*", "psycholog*",
        "addiction*", "alcoolique*", "burn out", "burn-out", "invalidite",
    ),
    _l("la vie sexuelle"): (
        "vie sexuelle", "orientation sexuelle", "homosexuel*", "gay", "lesbienne*", "bisexuel*", "transgenre*",
    ),
    _l("les difficultés sociales ou personnelles"): (
        "divorce*", "surendett*", "endette*", "sans domicile", "sdf", "expulse*", "expulsion*",
        "violence* conjugale*", "casier judiciaire", "prison", "incarcer*", "deuil", "precarite", "precaire*",
        "hebergement d'urgence", "difficultes sociales", "difficultes personnelles", "rsa", "allocataire*",
    ),
}  # fmt: skip


def _plain(text):
    """Lower case, without accents: « Hôpital » and « hopital » match alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pattern(word):
    parts = [re.escape(part.rstrip("*")) + (r"\w*" if part.endswith("*") else "") for part in word.split()]
    return r"\b" + r"\s+".join(parts) + r"\b"


_PATTERNS = [(category, re.compile("|".join(_pattern(word) for word in words))) for category, words in LEXICON.items()]


def categories_in(text):
    """[(category, the words found)] the text seems to touch, in the clause's order."""
    plain = _plain(text or "")
    found = []
    for category, pattern in _PATTERNS:
        words = sorted({match.group(0) for match in pattern.finditer(plain)})
        if words:
            found.append((category, words))
    return found


def warning(found):
    """The message a hit shows: the categories and the words, and what to do."""
    named = " ; ".join(f"{category} (« {', '.join(words)} »)" for category, words in found)
    return _(
        "Ce texte semble évoquer %(categories)s, que la clause O14 interdit d'enregistrer sur une personne. "
        "Reformulez-le, ou cochez la case de confirmation s'il ne nomme ni ne désigne aucune personne."
    ) % {"categories": named}


CONFIRM = "confirme_sans_personne"


def is_free_text(model, name):
    """A model TextField, or a long CharField without choices: where a sentence can be written."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.TextField) or (
        isinstance(field, models.CharField) and not field.choices and (field.max_length or 0) >= 300
    )


def needs_confirmation(model, data, prefix=""):
    """Whether posted `data` holds a hit in the free texts of `model`."""
    return any(
        categories_in(value)
        for key, value in data.items()
        if isinstance(value, str) and key.startswith(prefix) and is_free_text(model, key.removeprefix(prefix))
    )


class SensitiveTextMixin:
    """For a ModelForm: each free text is checked (clause O14); a hit is an error on its field until
    the text is rewritten or the confirmation, shown only then, is ticked."""

    # Collected by the forms' metaclass like a field declared on the form.
    declared_fields = {
        CONFIRM: forms.BooleanField(
            required=False,
            label=_l("Je confirme que ces textes ne nomment ni ne désignent aucune personne (clause O14)"),
        )
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        self._checked = [name for name in self.fields if is_free_text(model, name)]
        if not (self.is_bound and needs_confirmation(model, self.data, self.add_prefix(""))):
            self.fields.pop(CONFIRM, None)

    def clean(self):
        data = super().clean()
        if data.pop(CONFIRM, False):  # not a value of the model's: the views save cleaned_data
            return data
        for name in self._checked:
            found = categories_in(data.get(name) if isinstance(data.get(name), str) else "")
            if found:
                self.add_error(name, warning(found))
        return data
