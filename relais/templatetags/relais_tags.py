from django import template

register = template.Library()


@register.filter
def attr(obj, name):
    """``{{ row|attr:name }}``: a field read by name (a dict key or an attribute)."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)
