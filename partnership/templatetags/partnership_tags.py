from django import template

from partnership import permissions

register = template.Library()


@register.inclusion_tag("includes/convention_status.html")
def convention_status(convention, today):
    status = convention.status(today)
    return {"status": status.value, "label": status.label}


@register.inclusion_tag("includes/commitment_status.html")
def commitment_status(commitment):
    return {"status": commitment.status, "label": commitment.get_status_display()}


@register.filter
def has_role(user, roles):
    """``{% if user|has_role:"Agent Relais Emploi,RGC" %}``"""
    return permissions.has_role(user, *roles.split(","))


@register.filter
def can_open(user, url):
    """``{% if user|can_open:duty.url %}``: a link only where the user's role may go."""
    return bool(url) and permissions.may_open(user, url)


@register.filter
def name_in(pk, names):
    """``{{ duty.partnership_id|name_in:partnership_names }}``: the name a dict gives a pk."""
    return names.get(pk, "")
