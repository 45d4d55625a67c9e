from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from partnership import french

register = template.Library()


@register.filter
def percent(value, digits=1):
    """45.234 → “45,2 %”; None → “—”."""
    if value is None:
        return "—"
    return french.percent(value, digits)


@register.simple_tag
def change_text(change, suffix="", up_is_good=False):
    """A change {"delta", "percent"} as “+12 (+2,6 %) suffix”, or “—” when unknown; coloured
    green when it goes the good way (fewer job seekers, more activity)."""
    if not change:
        return "—"
    delta = change["delta"]
    sign = "+" if delta > 0 else ("−" if delta < 0 else "")
    text = f"{sign}{abs(delta)}"
    if change["percent"] is not None:
        text += f" ({sign}{french.number(abs(change['percent']), 1)}\u00a0%)"
    if delta == 0:
        text = _("stable")
    good = delta > 0 if up_is_good else delta < 0
    tone = "flat" if delta == 0 else ("good" if good else "bad")
    return format_html("<span class='change change-{}'>{}</span> {}", tone, text, suffix)


class MaybeLinkNode(template.Node):
    def __init__(self, url, nodelist):
        self.url, self.nodelist = url, nodelist

    def render(self, context):
        content = self.nodelist.render(context)
        url = self.url.resolve(context)
        if not url:
            return content
        return format_html('<a href="{}">{}</a>', url, content)


@register.tag
def maybe_link(parser, token):
    """``{% maybe_link url %}…{% end_maybe_link %}``: a link when `url` is set (the user may open
    the page), the bare content otherwise."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("maybe_link takes one argument")
    nodelist = parser.parse(("end_maybe_link",))
    parser.delete_first_token()
    return MaybeLinkNode(parser.compile_filter(bits[1]), nodelist)
