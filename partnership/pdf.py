"""Every PDF of the app: an HTML template rendered by WeasyPrint.

PDF templates extend ``pdf/base.html`` (the commune's heading, page numbers, the date)
and the same HTML can be shown in the browser with ``?html=1``.
"""

import base64
import os
import re
import threading

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

# A chart of partnership/charts.py as the {% chart %} tag gives it to a PDF, its description escaped.
CHART = re.compile(r'<svg role="img" aria-label="([^"]*)".*?</svg>', re.S)


# What of pygal's SVG a drawing on paper never shows: its descriptions of each value, read by
# its script for the tooltips; in its style sheet, the rules of a pointer's hover and the
# declarations for browsers only (vendor prefixes, transitions).
DESCRIPTIONS = re.compile(r"<desc\b[^>]*>.*?</desc>", re.S)
STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S)
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CLASS = re.compile(r"\.([\w-]+)")


def _on_paper(svg):
    """`svg` with only what is drawn on paper (see DESCRIPTIONS): the rules of its style sheet
    that can match, those whose every class is one of the drawing's. WeasyPrint parses and
    matches a chart's style sheet, some hundred rules, for each of its elements: a tenth of an
    annual report's time went to two charts."""
    svg = DESCRIPTIONS.sub("", svg)
    classes = {name for value in re.findall(r'class="([^"]*)"', svg) for name in value.split()}

    def pruned(match):
        kept = []
        for selectors, body in RULE.findall(match.group(2)):
            declarations = [d for d in body.split(";") if d.strip() and not d.strip().startswith(("-", "transition"))]
            matching = [s for s in selectors.split(",") if ":hover" not in s and set(CLASS.findall(s)) <= classes]
            if matching and declarations:
                kept.append(f"{','.join(matching)}{{{';'.join(declarations)}}}")
        return match.group(1) + "".join(kept) + match.group(3)

    return STYLE.sub(pruned, svg, count=1)


def _as_image(match):
    """The chart as an image of the same SVG, its description the alternative text: inline, its
    hundreds of elements would be parsed, styled and laid out as HTML (a tenth of a report's time)."""
    data = base64.b64encode(_on_paper(match.group()).encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{match.group(1)}">'


# This thread's font configuration and parsed print style sheet (see `_printer`).
_PRINTER = threading.local()


def _printer():
    """(font configuration, print style sheet) of this thread, made once: a new font configuration
    for each document sets fontconfig and Pango up again, which costs time and memory a worker
    never gets back (about 0.3 MB a report); the style sheet is parsed again when its file changes.
    One per thread: WeasyPrint's objects are not shared between threads (runserver has several)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_PRINTER, "font_config"):
        _PRINTER.font_config, _PRINTER.sheet_key = FontConfiguration(), None
    path = finders.find("css/print.css")
    key = (path, os.stat(path).st_mtime_ns)
    if _PRINTER.sheet_key != key:
        _PRINTER.sheet_key, _PRINTER.stylesheet = key, CSS(filename=path, font_config=_PRINTER.font_config)
    return _PRINTER.font_config, _PRINTER.stylesheet


def render_pdf(template_name, context, *, title=""):
    """The PDF bytes of `template_name` rendered with `context` (tagged PDF/UA for screen readers)."""
    from weasyprint import HTML  # slow to import: only where a PDF is made

    html = render_to_string(template_name, {"generated_on": timezone.localdate(), "title": title, **context})
    html = CHART.sub(_as_image, html)
    font_config, stylesheet = _printer()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
    )


def pdf_response(request, template_name, context, *, filename, title=""):
    """A download of the PDF, or its HTML when the URL asks for ``?html=1``."""
    if request.GET.get("html"):
        # With the request, the page's charts carry its Content-Security-Policy nonce.
        html = render_to_string(
            template_name,
            {"generated_on": timezone.localdate(), "title": title, "as_html": True, **context},
            request=request,
        )
        return HttpResponse(html)
    response = HttpResponse(render_pdf(template_name, context, title=title), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
