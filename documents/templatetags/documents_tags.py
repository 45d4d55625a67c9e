"""``{% documents_panel convention %}``: the documents attached to a thing, on its page."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import permissions
from documents.models import TARGETS

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def documents_panel(context, target, heading=None):
    name = next(n for n in TARGETS if target._meta.label_lower == _model_label(n))
    user = context["request"].user
    documents = list(target.documents.current().order_by("-date", "-id"))
    file_url = f"{reverse('documents:file')}?{urlencode({name: target.pk})}" if permissions.can_file(user) else None
    letters = list(target.letters.order_by("-written_on", "-id")) if hasattr(target, "letters") else None
    letter_url = None
    if letters is not None and permissions.can_file(user) and name in ("convention", "termination", "designation"):
        letter_url = f"{reverse('documents:letter_new')}?{urlencode({name: target.pk})}"
    return {
        "documents": documents,
        "letters": letters,
        "letter_url": letter_url,
        "file_url": file_url,
        "heading": heading or _("Documents"),
        "panel_id": f"documents-{name}-{target.pk}",
    }


def _model_label(name):
    from documents.models import Document

    return Document._meta.get_field(name).related_model._meta.label_lower
