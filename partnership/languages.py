"""The language of the pages, and of what is sent to a person (issue 18).

The pages follow LocaleMiddleware (the language switch's cookie, else the browser's
Accept-Language, else French), then the language a logged-in user chose with the switch, kept on
the account (``User.language``). What is sent to a person, e-mails and the documents made for them,
is written in that person's language, through ``in_language_of`` (one recipient) or
``by_language`` (several addresses, one message per language): a user's chosen language, found
by the user or by the e-mail address; French (``LANGUAGE_CODE``) for everyone else, the people the
conventions name without an account among them.
"""

import operator
from contextlib import contextmanager
from functools import reduce, wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from partnership.models import User


def language_of(recipient):
    """The language to write to `recipient` in: a user, a person (matched to an active account by
    e-mail address), an address, or None (an organisation, a body: French)."""
    if isinstance(recipient, User):
        return recipient.language or settings.LANGUAGE_CODE
    address = getattr(recipient, "email", recipient)
    if not isinstance(address, str) or not address:
        return settings.LANGUAGE_CODE
    return languages_of([address]).get(address.lower(), settings.LANGUAGE_CODE)


def languages_of(addresses):
    """{address in lower case: language} of the active accounts that chose one, in one query."""
    lowered = {address.lower() for address in addresses if address}
    if not lowered:
        return {}
    same_address = reduce(operator.or_, (Q(email__iexact=address) for address in sorted(lowered)))
    chosen = User.objects.filter(same_address, is_active=True).exclude(language="")
    return {email.lower(): language for email, language in chosen.values_list("email", "language")}


@contextmanager
def in_language_of(recipient):
    """Translations, dates and numbers in `recipient`'s language while the block runs."""
    with translation.override(language_of(recipient)):
        yield


def by_language(addresses):
    """Each group of `addresses` sharing a language, in turn, with that language active: one
    message per group. All in French (the common case) is one group, in the given order."""
    known = languages_of(addresses)
    groups = {}
    for address in addresses:
        groups.setdefault(known.get(address.lower(), settings.LANGUAGE_CODE), []).append(address)
    for language, group in groups.items():
        with translation.override(language):
            yield group


def for_the_parties(view):
    """A view whose document is addressed to the conventions' parties, institutions without an
    account (a letter to Pôle emploi, a convention or a deliberation to sign, a certificate for
    the other party): written in French, whatever the reader's language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with in_language_of(None):
            return view(request, *args, **kwargs)

    return wrapped


@login_not_required  # the login page has the switch too (partnership/tests/test_urls.py)
@require_POST
def switch_language(request):
    """Django's set_language (the cookie, then back to the page), and for a logged-in user the
    choice kept on the account, for the next sessions and what is sent to them."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


class AccountLanguageMiddleware:
    """After AuthenticationMiddleware: a logged-in user's chosen language wins over the cookie and
    the browser's (LocaleMiddleware, earlier, chose from those)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
