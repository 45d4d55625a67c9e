"""Headless Chromium logs in as each demo role, opens every page reachable from the
navigation (one page per kind of URL), and runs axe on it: no page may fail, and none may
have a serious or critical accessibility violation."""

import os
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from demo.partnership import DEMO_PASSWORD
from partnership.permissions import sync_roles

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["agent", "rgc", "elu", "correspondant", "admin"]
SKIP_PREFIXES = ("/admin/", "/deconnexion/", "/static/", "/media/")
MAX_PAGES = 80


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _kind(path):
    """One page per URL pattern: /conventions/3/ and /conventions/4/ are the same kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _crawl(page, base):
    axe = Axe()
    seen_kinds, queue, visited, problems = set(), ["/"], [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = _kind(path)
        if kind is None or kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:  # a file download (PDF, CSV, calendar) is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(path)
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc == urlparse(base).netloc and not url.query and not url.path.startswith(SKIP_PREFIXES):
                queue.append(url.path)
    return visited, problems


@pytest.mark.parametrize("username", ROLES)
def test_every_page_opens_and_passes_axe(live_server, page, username):
    from django.apps import apps

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))
    page.goto(live_server.url + "/connexion/")
    assert page.title().startswith("Connexion")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    visited, problems = _crawl(page, live_server.url)
    assert len(visited) >= 3, visited
    assert problems == [], "\n".join(problems)


def test_login_page_passes_axe(live_server, page):
    page.goto(live_server.url + "/connexion/")
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
