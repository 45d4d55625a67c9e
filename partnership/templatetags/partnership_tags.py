from django import template
from django.apps import apps
from django.utils.html import format_html
from django.utils.translation import gettext as _

from partnership import charts, permissions
from partnership.french import french_date

register = template.Library()


# Tags used on every row of the lists: written in Python, not as included templates.


def _badge(status, label):
    return format_html('<span class="badge badge-{}">{}</span>', status, label)


@register.simple_tag
def convention_status(convention, today):
    status = convention.status(today)
    return _badge(status.value, status.label)


@register.simple_tag
def commitment_status(commitment):
    return _badge(commitment.status, commitment.get_status_display())


@register.simple_tag
def legal_date(value):
    """``{% legal_date convention.end_date %}``: a date with a legal meaning and its clause."""
    if not value:
        return format_html('<span class="muted">{}</span>', _("non renseignée"))
    return format_html(
        '<span class="legal-date">{}</span> <span class="clause" title="{}">{}</span>',
        french_date(value.date),
        value.basis,
        _("clause %(clause)s") % {"clause": value.clause},
    )


@register.filter
def can_open(user, url):
    """``{% if user|can_open:duty.url %}``: a link only where the user's role may go."""
    return bool(url) and permissions.may_open(user, url)


@register.filter
def app_name(label):
    """``{{ row.app|app_name }}``: an app's French name (« Comptes OPUS ») from its label."""
    try:
        return apps.get_app_config(label).verbose_name
    except LookupError:
        return label


@register.filter
def name_in(pk, names):
    """``{{ duty.partnership_id|name_in:partnership_names }}``: the name a dict gives a pk."""
    return names.get(pk, "")


@register.simple_tag(takes_context=True)
def chart(context, svg):
    """``{% chart svg %}``: an inline chart whose style sheet the Content-Security-Policy lets
    through with the page's nonce (a PDF, rendered without a request, needs none). A page gets
    it twice, wide and narrow, app.css showing the one that fits the screen; a PDF and its HTML
    preview the wide one only."""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return svg
    wide = charts.with_nonce(svg, str(nonce))
    if context.get("as_html") or not hasattr(svg, "narrow"):
        return wide
    return format_html(
        '<div class="chart-wide">{}</div><div class="chart-narrow">{}</div>',
        wide,
        charts.with_nonce(svg.narrow(), str(nonce)),
    )
