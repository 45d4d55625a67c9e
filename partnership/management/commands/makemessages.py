"""Django's makemessages, also extracting ``_l(...)``: the project imports gettext_lazy as ``_l``
(model and form labels), which xgettext does not know as a keyword by itself."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
