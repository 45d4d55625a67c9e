"""Rendering of the indicators frozen into a steering committee's record (clause C10).

The record is whatever each app's ``indicators`` hook returned; it is shown generically,
as nested lists and tables, with French labels for the keys we know.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _l

register = template.Library()

LABELS = {
    "partnership": _l("Engagements des parties"),
    "relais": _l("Relais Emploi"),
    "opus_accounts": _l("Comptes OPUS"),
    "diagnosis": _l("Diagnostic territorial partagé"),
    "commitments": _l("Engagements et leur état"),
    "conventions": _l("Conventions"),
    "total": _l("Total"),
    "by_status": _l("Par état"),
    "by_party": _l("Par partie"),
    "annual_report": _l("Bilan annuel du Relais Emploi"),
    "year": _l("Année"),
    "months_recorded": _l("Mois renseignés"),
    "totals": _l("Totaux de l'année"),
    "monthly": _l("Détail mensuel"),
    "events": _l("Événements"),
    "events_attendance": _l("Participants aux événements"),
    "events_pole_emploi_informed": _l("Événements signalés à Pôle emploi (C7)"),
    "referent_meetings": _l("Réunions avec le conseiller référent (C6)"),
    "held": _l("Tenues"),
    "expected": _l("Attendues"),
    "with_opus_placement": _l("Avec suivi du placement OPUS (O17)"),
    "planned": _l("Prévues"),
    "cancelled": _l("Annulées"),
    "free_slot_visitors": _l("Personnes reçues sur les plages d'accueil libre"),
    "appointments": _l("Rendez-vous"),
    "registration_help": _l("Aides à l'inscription"),
    "monthly_update_help": _l("Aides à l'actualisation mensuelle"),
    "opus_offers_consulted": _l("Offres consultées (OPUS)"),
    "opus_employer_contacts": _l("Mises en relation employeurs (OPUS)"),
    "opus_cv_requests": _l("Demandes de CV (OPUS)"),
    "opus_candidates_convened": _l("Candidats convoqués (OPUS)"),
    "jobs_obtained": _l("Retours à l'emploi connus"),
    "trainings_obtained": _l("Entrées en formation connues"),
    "date": _l("Date"),
    "kind": _l("Type"),
    "title": _l("Intitulé"),
    "partners": _l("Partenaires"),
    "attendance": _l("Participants"),
    "pole_emploi_informed_on": _l("Pôle emploi informé le"),
}

# The monthly detail is in the annual report PDF; the record keeps it but the page skips it.
HIDDEN = {"monthly"}


def label(key):
    if key in LABELS:
        return LABELS[key]
    key = str(key)
    return key.replace("_", " ").capitalize() if "_" in key or key.islower() else key


def _is_scalar(value):
    return not isinstance(value, dict | list)


def _value(value, depth):
    if isinstance(value, dict):
        return _dict(value, depth + 1)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _table(value)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_value(v, depth),) for v in value)))
    if value is None:
        return format_html('<span class="muted">{}</span>', "—")
    return format_html("{}", value)


def _matrix(data):
    """A dict of dicts with the same scalar keys (e.g. by party, then by status) as one table."""
    columns = list(next(iter(data.values())).keys())
    head = format_html_join("", '<th scope="col" class="num">{}</th>', ((label(c),) for c in columns))
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (label(row), format_html_join("", '<td class="num">{}</td>', ((_value(v, 9),) for v in values.values())))
            for row, values in data.items()
        ),
    )
    return format_html(
        '<table class="indicators"><thead><tr><td></td>{}</tr></thead><tbody>{}</tbody></table>', head, body
    )


def _dict(data, depth):
    items = [(k, v) for k, v in data.items() if k not in HIDDEN]
    scalars = [(k, v) for k, v in items if _is_scalar(v)]
    nested = [(k, v) for k, v in items if not _is_scalar(v)]
    parts = []
    if scalars:
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td class="num">{}</td></tr>',
            ((label(k), _value(v, depth)) for k, v in scalars),
        )
        parts.append(format_html('<table class="indicators"><tbody>{}</tbody></table>', rows))
    for key, value in nested:
        is_matrix = (
            isinstance(value, dict)
            and value
            and all(isinstance(v, dict) and v and all(_is_scalar(x) for x in v.values()) for v in value.values())
            and len({tuple(v.keys()) for v in value.values()}) == 1
        )
        inner = _matrix(value) if is_matrix else _value(value, depth)
        parts.append(
            format_html('<div class="indicator-group"><p class="indicator-title">{}</p>{}</div>', label(key), inner)
        )
    return format_html_join("", "{}", ((part,) for part in parts))


def _table(items):
    keys = list(items[0].keys())
    head = format_html_join("", '<th scope="col">{}</th>', ((label(k),) for k in keys))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((_value(item.get(k), 9),) for k in keys)),) for item in items),
    )
    return format_html('<table class="indicators"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, body)


@register.simple_tag
def indicator_value(value):
    return _value(value, 0)


@register.filter
def indicator_label(key):
    return label(key)
