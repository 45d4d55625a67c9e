"""Server-side SVG charts (pygal) for the activity page and the annual report PDF.

No JavaScript: the SVG is inline, so WeasyPrint draws it and the page works offline.
Each chart has a title and comes with a table of the same figures as its text alternative;
counts start at zero (`partnership.charts.new_chart`).
"""

import pygal

from partnership.charts import SHORT_MONTHS, new_chart, render


def monthly_bar_chart(title, rows, series):
    """A grouped bar chart of `series` ((label, field) pairs) for the twelve months of `rows`."""
    chart = new_chart(
        pygal.Bar,
        title,
        width=760,
        height=320,
        legend_at_bottom_columns=2,
        show_y_guides=True,
        print_values=False,
        explicit_size=True,
    )
    chart.x_labels = SHORT_MONTHS
    for label, field in series:
        chart.add(label, [getattr(row, field) if row is not None else None for _month, row in rows])
    return render(chart, title)
