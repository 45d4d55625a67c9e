"""Every PDF of the app: an HTML template rendered by WeasyPrint.

PDF templates extend ``pdf/base.html`` (the commune's heading, page numbers, the date)
and the same HTML can be shown in the browser with ``?html=1``.
"""

import base64
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

# A chart of partnership/charts.py as the {% chart %} tag gives it to a PDF, its description escaped.
CHART = re.compile(r'<svg role="img" aria-label="([^"]*)".*?</svg>', re.S)


def _as_image(match):
    """The chart as an image of the same SVG, its description the alternative text: inline, its
    hundreds of elements would be parsed, styled and laid out as HTML (a tenth of a report's time)."""
    data = base64.b64encode(match.group().encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{match.group(1)}">'


def render_pdf(template_name, context, *, title=""):
    """The PDF bytes of `template_name` rendered with `context` (tagged PDF/UA for screen readers)."""
    from weasyprint import CSS, HTML  # slow to import: only where a PDF is made

    html = render_to_string(template_name, {"generated_on": timezone.localdate(), "title": title, **context})
    html = CHART.sub(_as_image, html)
    stylesheet = CSS(filename=finders.find("css/print.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
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
