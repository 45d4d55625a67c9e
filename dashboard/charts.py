"""Server-side SVG charts of the dashboard (pygal): no script, printable, one per figure group.

Each chart is an image with a name; the page shows the same figures in a table beside it."""

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from relais.charts import SHORT_MONTHS

# Dark, distinct colours that survive black-and-white printing (one solid, one lighter).
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1f",
    foreground_strong="#14264d",
    foreground_subtle="#71717a",
    opacity="1",
    opacity_hover="1",
    colors=("#1f3b73", "#c2410c", "#17663a", "#7c3aed"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=13,
    value_font_size=11,
)

COMMON = {
    "style": STYLE,
    "js": [],  # nothing fetched from a CDN, nothing to run: the SVG is read as it is
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    "margin": 6,
    "margin_right": 24,  # room for the last x label
    "decimal_separator": ",",
    "thousands_separator": "\u00a0",
    "truncate_label": -1,
}


def _render(chart, description):
    svg = chart.render(is_unicode=True)
    # pygal names its legend anchors the same in every chart: two charts on a page would repeat ids.
    svg = svg.replace('id="activate-serie-', f'id="{chart.uuid}-serie-')
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(description)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - drawn by pygal from numbers and our own labels


def employment_trend(employment):
    """Job seekers A, B, C and A over the eight quarters ending with the chosen one."""
    title = _("Demandeurs d'emploi sur huit trimestres")
    chart = pygal.Line(
        width=640, height=220, show_dots=True, dots_size=3, include_x_axis=False, stroke_style={"width": 2.5}, **COMMON
    )
    chart.x_labels = [q.short for q, _f in employment.trend]
    chart.add(_("Catégories A, B, C"), [f.seekers_abc if f else None for _q, f in employment.trend])
    chart.add(_("Catégorie A"), [f.seekers_a if f else None for _q, f in employment.trend])
    return _render(chart, title)


def activity_comparison(activity, fields, title):
    """The months of this year beside the same months of last year."""
    chart = pygal.Bar(width=640, height=240, **COMMON)
    chart.x_labels = SHORT_MONTHS[: activity.months]
    chart.add(str(activity.year - 1), activity.monthly(activity.year - 1, fields))
    chart.add(str(activity.year), activity.monthly(activity.year, fields))
    return _render(chart, title)
