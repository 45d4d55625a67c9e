"""The filters of `partnership.french`, built into every template (settings TEMPLATES builtins):

``{{ day|french_date }}`` → « 1er décembre 2026 »; ``{{ meeting.starts_at|french_date:"l j F Y à H\\hi" }}``;
``{{ person|de }}`` → « d'Emilie Martin »; ``{{ person|que }}``; ``{{ place|le }}``;
``{{ label }}{% colon %}{{ value }}`` → « En retard : 3 », "Late: 3"."""

from django import template

from partnership import french

register = template.Library()


@register.filter(expects_localtime=True)
def french_date(value, format_string="j F Y"):
    return french.french_date(value, format_string)


@register.simple_tag
def colon():
    return french.colon()


@register.filter
def de(name):
    return french.de(name) if name not in (None, "") else ""


@register.filter
def que(name):
    return french.que(name) if name not in (None, "") else ""


@register.filter
def le(name):
    return french.le(name) if name not in (None, "") else ""
