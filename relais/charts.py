"""Server-side SVG charts (pygal) for the activity page and the annual report PDF.

No JavaScript: the SVG is inline, so WeasyPrint draws it and the page works offline.
Each chart comes with a table of the same figures as its text alternative.
"""

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1f",
    foreground_strong="#14264d",
    foreground_subtle="#52525b",
    colors=("#1f3b73", "#c2410c", "#17663a", "#7c3aed"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=13,
)

SHORT_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def monthly_bar_chart(title, rows, series):
    """A grouped bar chart of `series` ((label, field) pairs) for the twelve months of `rows`."""
    chart = pygal.Bar(
        style=STYLE,
        width=760,
        height=320,
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        js=[],  # no script from a CDN
        disable_xml_declaration=True,
        show_y_guides=True,
        print_values=False,
        explicit_size=True,
    )
    chart.x_labels = SHORT_MONTHS
    for label, field in series:
        chart.add(label, [getattr(row, field) if row is not None else None for _month, row in rows])
    return _render(chart)


def _render(chart):
    svg = chart.render(is_unicode=True)
    # pygal names its legend anchors the same in every chart ("activate-serie-0"…): two charts on
    # one page would repeat ids (invalid HTML; WeasyPrint warns "Anchor defined twice").
    svg = svg.replace('id="activate-serie-', f'id="{chart.uuid}-serie-')
    return mark_safe(svg)  # noqa: S308 - drawn by pygal from integers and our own labels
