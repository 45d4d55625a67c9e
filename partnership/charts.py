"""Server-side SVG charts (pygal) for every page and PDF: one style and one way to render.

No JavaScript and nothing fetched: the SVG is inline, so WeasyPrint draws it and pages work on
a closed network. Each chart is an image named by a sentence, and the page shows the same
figures in a table as its text alternative.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from pygal.style import Style

# Dark, distinct colours that survive black-and-white printing.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1f",
    foreground_strong="#14264d",
    foreground_subtle="#71717a",
    opacity="1",
    opacity_hover="1",
    colors=("#1f3b73", "#c2410c", "#17663a", "#7c3aed", "#be123c", "#0f766e", "#4b5563"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=13,
    value_font_size=11,
)

# Options every chart takes: `pygal.Line(width=…, height=…, **COMMON)`.
COMMON = {
    "style": STYLE,
    "js": [],  # nothing fetched from a CDN, nothing to run: the SVG is read as it is
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    "decimal_separator": ",",
    "thousands_separator": "\u00a0",
    "truncate_label": -1,
    "truncate_legend": -1,
}

SHORT_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def render(chart, description):
    """The chart as inline SVG, an image named by `description`."""
    svg = chart.render(is_unicode=True)
    # pygal names its legend anchors the same in every chart ("activate-serie-0"…): two charts on
    # one page would repeat ids (invalid HTML; WeasyPrint warns "Anchor defined twice").
    svg = svg.replace('id="activate-serie-', f'id="{chart.uuid}-serie-')
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(description)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - drawn by pygal from numbers and our own labels
