"""Server-side SVG charts of the series (pygal), so that one chart serves the page and the PDF.

Each chart comes with a text alternative: the page shows the same figures as a table."""

import pygal
from django.utils.translation import gettext as _

from diagnosis import checks
from diagnosis.quarters import Quarter, quarters_between
from partnership.charts import new_chart, render


def _chart(kind, title, labels, **options):
    chart = new_chart(
        kind,
        title,
        width=800,
        height=options.pop("height", 340),
        show_dots=len(labels) <= 12,  # dots cost a node each: only on short series
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(labels) // 8),
        legend_at_bottom_columns=3,
        legend_box_size=10,
        margin=8,
        margin_bottom=28,
        **options,
    )
    chart.x_labels = labels
    return chart


def series_charts(rows):
    """[(title, svg)] for the rows of a series (`diagnosis.series.SeriesRow`)."""
    if not rows:
        return []
    labels = [row.period.short for row in rows]
    figures = [row.figures for row in rows]
    charts = []

    title = _("Demandeurs d'emploi inscrits en catégories A, B, C et A")
    chart = _chart(pygal.Line, title, labels)
    chart.add(str(checks.FIELD_LABELS["seekers_abc"]), [f.seekers_abc for f in figures])
    chart.add(str(checks.FIELD_LABELS["seekers_a"]), [f.seekers_a for f in figures])
    charts.append((title, render(chart, title)))

    title = _("Part de la commune dans les demandeurs A, B, C de l'intercommunalité (%)")
    shares = [f.capi_share for f in figures if f.capi_share is not None]
    top = max(shares, default=10)
    # From zero, so that a stable share looks stable.
    chart = _chart(
        pygal.Line,
        title,
        labels,
        range=(0, int(top) + 1),
        y_labels=list(range(0, int(top) + 2)),
        value_formatter=_percent,
    )
    chart.add(_("Part de la commune"), [round(f.capi_share, 2) if f.capi_share is not None else None for f in figures])
    charts.append((title, render(chart, title)))

    title = _("Publics parmi les demandeurs A, B, C")
    chart = _chart(pygal.Line, title, labels)
    for name in ("under_25", "aged_50_plus", "women", "long_term", "rsa"):
        chart.add(str(checks.FIELD_LABELS[name]), [getattr(f, name) for f in figures])
    charts.append((title, render(chart, title)))
    return charts


def _percent(value):
    # A function of the module, not a lambda: a chart is pickled to be kept (partnership.charts).
    return f"{value:.1f} %".replace(".", ",")


QUARTER_CHART_SPAN = 8


def quarter_chart(rows, quarter):
    """Bars of the A, B, C job seekers of `quarter` and the seven quarters before it.

    Always eight places, a quarter without figures left empty: a single quarter received is one
    bar among eight, not a bar the width of the page."""
    by_period = {row.period: row for row in rows}
    if quarter not in by_period:
        return None
    periods = quarters_between(Quarter.from_index(quarter.index - QUARTER_CHART_SPAN + 1), quarter)
    title = _("Demandeurs A, B, C du %(first)s au %(last)s") % {"first": periods[0].short, "last": quarter.short}
    chart = _chart(pygal.Bar, title, [p.short for p in periods], height=280, show_legend=False, print_values=True)
    values = [by_period[p].figures.seekers_abc if p in by_period else None for p in periods]
    chart.add(str(checks.FIELD_LABELS["seekers_abc"]), values)
    return render(chart, title)
