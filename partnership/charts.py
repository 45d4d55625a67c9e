"""Server-side SVG charts (pygal) for every page and PDF: one style and one way to render.

No JavaScript and nothing fetched: the SVG is inline, so WeasyPrint draws it and pages work on
a closed network. Each chart is an image named by a sentence, and the page shows the same
figures in a table as its text alternative.

The Content-Security-Policy allows no inline style: pygal's ``<style>`` (scoped to the chart's
random id, so no hash can name it) is let through by the page's nonce, which templates add with
``{% chart svg %}`` (partnership_tags); pygal's inline script and style attribute are taken out.

A chart drawn 760 units wide and shrunk to a phone's 350 pixels would have 5-pixel labels: on
the pages (not in the PDFs), the tag also draws it again for a narrow screen (`ChartSVG.narrow`),
about 400 units wide with larger type, and app.css shows the one that fits the screen.

Drawing a chart takes pygal tens of milliseconds, most of a page's time: each process keeps the
SVGs of the last `DRAWN_KEPT` charts it drew, keyed by everything a drawing is made of (the
chart's type, options, labels and series, the drawing's options and the language; not the
chart's random uuid, put back in the SVG kept). The same figures give the same SVG; any other
figure, label or option is another chart, drawn afresh.
"""

import functools
import pickle
import re
import uuid

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from pygal.style import Style

# Dark, distinct colours that survive black-and-white printing.
COLOURS = dict(  # noqa: C408 - the keyword names are pygal's
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
STYLE = Style(**COLOURS)
# The narrow drawing is shown at about 0.9 of its size on a 390-pixel phone: 15 units read as 13 pixels.
NARROW_STYLE = Style(
    **{**COLOURS, "label_font_size": 15, "major_label_font_size": 15, "legend_font_size": 15, "title_font_size": 16}
)
NARROW_WIDTH = 400

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


class ChartSVG(SafeString):
    """The SVG of a chart, which can draw the same chart again for a narrow screen."""

    def narrow(self):
        """The chart drawn `NARROW_WIDTH` units wide: larger type, the legend in one column,
        slanted labels under the x axis; ids of its own, so that both can be on one page."""
        chart = self.chart
        chart.uuid = str(uuid.uuid4())
        height = 240 + 26 * len(chart.raw_series)  # the legend, one line a series, below the plot
        svg = _drawn(
            chart,
            width=NARROW_WIDTH,
            height=height,
            style=NARROW_STYLE,
            legend_at_bottom_columns=1,
            x_label_rotation=35 if len(chart.x_labels or ()) > 6 else 0,
            margin=4,
            margin_right=32,  # room for the last slanted label
        )
        return _cleaned(chart, svg, self.description)


def render(chart, description):
    """The chart as inline SVG, an image named by `description`."""
    svg = ChartSVG(_cleaned(chart, _drawn(chart), description))
    svg.chart, svg.description = chart, description
    return svg


DRAWN_KEPT = 256  # about 25 kB each
# The uuid the kept SVGs are drawn with, replaced by each chart's own.
UUID_KEPT = "00000000-0000-4000-8000-000000000000"


def _drawn(chart, **options):
    """``chart.render(is_unicode=True, **options)``, drawn once for the same chart."""
    own, chart.uuid = chart.uuid, UUID_KEPT
    try:
        key = pickle.dumps((chart, options, get_language()))
    finally:
        chart.uuid = own
    return _draw(key).replace(UUID_KEPT, own)


@functools.lru_cache(maxsize=DRAWN_KEPT)
def _draw(key):
    chart, options, _language = pickle.loads(key)  # noqa: S301 - bytes pickled by `_drawn` itself
    return chart.render(is_unicode=True, **options)


def _cleaned(chart, svg, description):
    # pygal names its legend anchors the same in every chart ("activate-serie-0"…): two charts on
    # one page would repeat ids (invalid HTML; WeasyPrint warns "Anchor defined twice").
    svg = svg.replace('id="activate-serie-', f'id="{chart.uuid}-serie-')
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(description)}" ', 1)
    # pygal always writes its configuration in a script for its JavaScript, which is not loaded.
    svg = SCRIPT.sub("", svg)
    return svg.replace(f" {HIDDEN_TOOLTIP}", "")  # drawn by pygal from numbers and our own labels


# ElementTree escapes "<" in text, so a script element ends at the first "</script>".
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def with_nonce(svg, nonce):
    """The chart's style sheet marked with the page's Content-Security-Policy nonce."""
    return mark_safe(svg.replace("<style ", f'<style nonce="{escape(nonce)}" ', 1))  # noqa: S308
