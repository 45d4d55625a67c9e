"""Server-side SVG charts of the dashboard (pygal): no script, printable, one per figure group.

Each chart is an image with a name and a title; the page shows the same figures in a table
beside it. Counts start at zero (`partnership.charts.new_chart`)."""

import pygal
from django.utils.translation import gettext as _

from partnership.charts import SHORT_MONTHS, new_chart, render


def employment_trend(employment):
    """Job seekers A, B, C and A over the eight quarters ending with the chosen one."""
    title = _("Demandeurs d'emploi sur huit trimestres")
    chart = new_chart(
        pygal.Line,
        title,
        width=640,
        height=250,
        show_dots=True,
        dots_size=3,
        stroke_style={"width": 2.5},
        margin=6,
        margin_right=24,
    )
    chart.x_labels = [q.short for q, _f in employment.trend]
    chart.add(_("Catégories A, B, C"), [f.seekers_abc if f else None for _q, f in employment.trend])
    chart.add(_("Catégorie A"), [f.seekers_a if f else None for _q, f in employment.trend])
    return render(chart, title)


def activity_comparison(activity, fields, title):
    """The months of this year beside the same months of last year."""
    chart = new_chart(pygal.Bar, title, width=640, height=270, margin=6, margin_right=24)
    chart.x_labels = SHORT_MONTHS[: activity.months]
    chart.add(str(activity.year - 1), activity.monthly(activity.year - 1, fields))
    chart.add(str(activity.year), activity.monthly(activity.year, fields))
    return render(chart, title)
