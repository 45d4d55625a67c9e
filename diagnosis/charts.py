"""Server-side SVG charts of the series (pygal), so that one chart serves the page and the PDF.

Each chart comes with a text alternative: the page shows the same figures as a table."""

import pygal
from django.utils.translation import gettext as _

from diagnosis import checks
from partnership.charts import COMMON, render


def _chart(kind, title, labels, **options):
    chart = kind(
        title=title,
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
        **COMMON,
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
    chart = _chart(pygal.Line, title, labels, include_x_axis=True)
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
        include_x_axis=True,
        y_labels=list(range(0, int(top) + 2)),
        value_formatter=lambda v: f"{v:.1f} %".replace(".", ","),
    )
    chart.add(_("Part de la commune"), [round(f.capi_share, 2) if f.capi_share is not None else None for f in figures])
    charts.append((title, render(chart, title)))

    title = _("Publics parmi les demandeurs A, B, C")
    chart = _chart(pygal.Line, title, labels, include_x_axis=True)
    for name in ("under_25", "aged_50_plus", "women", "long_term", "rsa"):
        chart.add(str(checks.FIELD_LABELS[name]), [getattr(f, name) for f in figures])
    charts.append((title, render(chart, title)))
    return charts


def quarter_chart(rows, quarter):
    """Bars of the A, B, C job seekers over the quarters up to `quarter` (at most eight)."""
    rows = [row for row in rows if row.period <= quarter][-8:]
    if not rows:
        return None
    title = _("Demandeurs A, B, C sur les derniers trimestres")
    chart = _chart(pygal.Bar, title, [row.period.short for row in rows], height=260, show_legend=False)
    chart.add(str(checks.FIELD_LABELS["seekers_abc"]), [row.figures.seekers_abc for row in rows])
    return render(chart, title)
