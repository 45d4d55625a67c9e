"""What the tests of the pages kept as snapshots (`partnership.duty_snapshots`) share: a page's
HTML without what each response has its own, and the tables a page reads when it is written."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership import duty_snapshots
from partnership.models import DutyChange, DutySnapshot


def html_of(response):
    """The response's HTML, but for what each response has its own (the forms' CSRF token, the
    Content-Security-Policy nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())
    return re.sub(r'nonce="[^"]+"', "", html)


def tables_in(queries):
    return {name for query in queries for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}


def source_tables():
    """The tables of every source, and those the snapshots count and keep their changes in."""
    tables = {model._meta.db_table for model in duty_snapshots.sources()}
    return tables | {model._meta.db_table for model in (DutyChange, DutySnapshot)}


def tables_read_when_written(monkeypatch):
    """The set, filled as the test requests pages, of the tables each page snapshot reads when it
    is written (`duty_snapshots.page`'s `render`: what the page shows, without the session)."""
    read, page = set(), duty_snapshots.page

    def reading(partnership_id, key, today, render, request):
        def written():
            with CaptureQueriesContext(connection) as queries:
                html = render()
            read.update(tables_in(queries))
            return html

        return page(partnership_id, key, today, written, request)

    monkeypatch.setattr(duty_snapshots, "page", reading)
    return read
