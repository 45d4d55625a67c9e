"""Server-side SVG charts (pygal) for the activity page and the annual report PDF.

No JavaScript: the SVG is inline, so WeasyPrint draws it and the page works offline.
Each chart comes with a table of the same figures as its text alternative.
"""

import pygal

from partnership.charts import COMMON, SHORT_MONTHS, render


def monthly_bar_chart(title, rows, series):
    """A grouped bar chart of `series` ((label, field) pairs) for the twelve months of `rows`."""
    chart = pygal.Bar(
        width=760,
        height=320,
        title=title,
        legend_at_bottom_columns=2,
        show_y_guides=True,
        print_values=False,
        explicit_size=True,
        **COMMON,
    )
    chart.x_labels = SHORT_MONTHS
    for label, field in series:
        chart.add(label, [getattr(row, field) if row is not None else None for _month, row in rows])
    return render(chart, title)
