"""Server-side SVG charts (pygal) for every page and PDF: one style and one way to render.

No JavaScript and nothing fetched: the SVG is inline, so WeasyPrint draws it and pages work on
a closed network. Each chart is an image named by a sentence, and the page shows the same
figures in a table as its text alternative.

The Content-Security-Policy allows no inline style: pygal's ``<style>`` (scoped to the chart's
random id, so no hash can name it) is let through by the page's nonce, which templates add with
``{% chart svg %}`` (partnership_tags); pygal's inline script and style attribute are taken out.
"""

import re

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

# The tooltip overlay is for pygal's script, which never runs here: pygal hides it with a style
# attribute (refused by the Content-Security-Policy), the chart's own style sheet hides it instead.
HIDDEN_TOOLTIP = 'style="opacity: 0"'
CSS = ("file://style.css", "file://graph.css", "inline:.pygal-chart .tooltip { opacity: 0 }")

# Options every chart takes (through `new_chart`).
COMMON = {
    "style": STYLE,
    "css": CSS,
    "js": [],  # nothing fetched from a CDN, nothing to run: the SVG is read as it is
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    "decimal_separator": ",",
    "thousands_separator": "\u00a0",
    "truncate_label": -1,
    "truncate_legend": -1,
}


def new_chart(kind, title, *, counts=True, **options):
    """A pygal chart of `kind` (pygal.Bar, pygal.Line…) in the project's style, its `title`
    drawn above it. A chart of counts starts its y axis at zero (pygal would otherwise start
    a line at its lowest value and make a change of 2 % look like a collapse)."""
    if counts:
        options["include_x_axis"] = True  # the zero line is in the range
    return kind(title=title, **{**COMMON, **options})


SHORT_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def render(chart, description):
    """The chart as inline SVG, an image named by `description`."""
    svg = chart.render(is_unicode=True)
    # pygal names its legend anchors the same in every chart ("activate-serie-0"…): two charts on
    # one page would repeat ids (invalid HTML; WeasyPrint warns "Anchor defined twice").
    svg = svg.replace('id="activate-serie-', f'id="{chart.uuid}-serie-')
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(description)}" ', 1)
    # pygal always writes its configuration in a script for its JavaScript, which is not loaded.
    svg = SCRIPT.sub("", svg)
    svg = svg.replace(f" {HIDDEN_TOOLTIP}", "")
    return mark_safe(svg)  # noqa: S308 - drawn by pygal from numbers and our own labels


# ElementTree escapes "<" in text, so a script element ends at the first "</script>".
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def with_nonce(svg, nonce):
    """The chart's style sheet marked with the page's Content-Security-Policy nonce."""
    return mark_safe(svg.replace("<style ", f'<style nonce="{escape(nonce)}" ', 1))  # noqa: S308
