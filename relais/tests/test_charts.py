import re

from django.urls import reverse

from partnership.permissions import Role
from relais.tests.factories import ActivityFactory


def test_two_charts_on_the_activity_page_have_unique_ids(cast, client):
    for month in range(1, 13):
        ActivityFactory(partnership=cast.partnership, year=2025, month=month)
    client.force_login(cast[Role.AGENT])
    html = client.get(reverse("relais:activity_table") + "?annee=2025").content.decode()
    assert html.count("<svg") == 2 * 2  # each chart drawn wide and narrow (the screen shows one)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # WeasyPrint warned "Anchor defined twice" on the report
    assert "activate-serie-0" not in html
    # pygal's script (for its JavaScript, not loaded) and style attribute: none under the CSP
    assert "<script" not in html and "style=" not in html
