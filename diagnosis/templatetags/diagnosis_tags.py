from django import template

from partnership import french

register = template.Library()


@register.filter
def num(value):
    """A count written the French way: 10 420."""
    if value is None or value == "":
        return "—"
    return french.number(value)


@register.filter
def pct(value, digits=1):
    """A percentage written the French way: 4,6 %."""
    if value is None or value == "":
        return "—"
    return french.percent(value, int(digits))


@register.filter
def signed(value, digits=0):
    """A signed change: +12, −3,5."""
    if value is None or value == "":
        return "—"
    return french.signed(value, int(digits))
