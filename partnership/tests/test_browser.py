"""Headless Chromium logs in as each demo role, opens every page reachable from the
navigation (one page per kind of URL), and runs axe on it: no page may fail, none may have a
serious or critical accessibility violation, none may break its Content-Security-Policy (the
browser reports it in a `securitypolicyviolation` event and in its console), and none may
scroll sideways on a 390-pixel phone (the same page, the window narrowed). The RGC and the
Administrateur also open every kind of page of the admin panel they reach, under the same
checks: the index, an app's page, each list with a row's form, the add form, the history and
one of its versions, and an action's confirmation."""

import datetime
import os
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from demo.partnership import DEMO_PASSWORD
from partnership.models import SteeringCommittee
from partnership.permissions import has_role, sync_roles
from partnership.views import COMMITTEE_READERS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["agent", "rgc", "elu", "correspondant", "admin"]
SKIP_PREFIXES = ("/admin/", "/deconnexion/", "/static/", "/media/")
MAX_PAGES = 80
# Kinds of page a role must reach, deep in the navigation, so that MAX_PAGES never cuts them: the
# steering committee's convocation, cancellation and answers (from the demo's planned committee).
MUST_REACH = {"agent": {"comites/<int:pk>/convocation/", "comites/<int:pk>/annuler/", "comites/<int:pk>/reponses/"}}
# A laptop's screen, on which the OPUS register shows all its columns; a phone's.
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


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


# Recorded in the page before any of its own content runs (Playwright's init scripts are not
# subject to the page's policy).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} refused ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || "?"}:${event.lineNumber}) ${event.sample || ""}`);
});
"""


class PolicyWatch:
    """Content-Security-Policy violations (and Permissions-Policy header errors) a page reports."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            self.console.append(message.text)

    def problems(self, path):
        """What the page reported since it opened; read before axe runs, since axe itself adds
        inline style sheets (copies of the page's, to read them) that the policy refuses."""
        events = self.page.evaluate("window.__violations.splice(0)")
        found = [f"{path}: {event}" for event in events] + [f"{path}: console: {text}" for text in self.console]
        self.console.clear()
        return found

    def run_axe(self, axe, path):
        """The policy's problems, then axe's serious and critical violations."""
        problems = self.problems(path)
        results = axe.run(self.page)
        self.page.evaluate("window.__violations.splice(0)")
        self.console.clear()
        return problems, _serious(results, path)

    def check(self, axe, path):
        """Everything a page must pass: its policy, axe, and no sideways scrolling on a phone."""
        policy, accessibility = self.run_axe(axe, path)
        return policy + accessibility + _scrolls_sideways(self.page, path)


def _scrolls_sideways(page, path):
    """Nothing may be wider than the window, on a laptop nor narrowed to a phone's width (a
    wide table scrolls in its own box)."""
    measure = "[document.documentElement.scrollWidth, window.innerWidth]"
    found = [page.evaluate(measure)]
    page.set_viewport_size(PHONE)
    try:
        found.append(page.evaluate(measure))
    finally:
        page.set_viewport_size(DESKTOP)
    return [f"{path}: {width} px wide at {window} px, scrolls sideways" for width, window in found if width > window]


def _serious(results, path):
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    return problems


def _kind(path):
    """One page per URL pattern: /conventions/3/ and /conventions/4/ are the same kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _crawl(page, base, watch, starts=()):
    """Every kind of page reachable from the home page, and from `starts` (opened right after it:
    the one page of its kind the crawl then sees, with its own links)."""
    axe = Axe()
    seen_kinds, queue, visited, problems = set(), ["/", *starts], [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = _kind(path)
        if kind is None or kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:  # a file download (PDF, CSV, calendar) is not a page
            if "Download is starting" not in str(error):
                raise
            response = None
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            # but the HTML preview of a PDF is
            path = f"{path}?html=1"
            if "text/html" not in page.request.get(base + path).headers.get("content-type", ""):
                continue
            response = page.goto(base + path)
        visited.append(path)
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        problems += watch.check(axe, path)
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc == urlparse(base).netloc and not url.query and not url.path.startswith(SKIP_PREFIXES):
                queue.append(url.path)
    return visited, problems


# The admin panel, as each role finds it: its index, an app's page, each list its index links
# to, with the first row's form, its history and the history's first version, the add form, an
# action's confirmation page (revoking OPUS accounts asks for the reason first) and a PDF's HTML
# preview.
ADMIN_ROLES = ("rgc", "admin")
ADMIN_ACTIONS = {"rgc": ("opus_accounts/opusaccount", "revoke"), "admin": ("partnership/user", "delete_selected")}
ADMIN_PREVIEWS = {"rgc": ["/admin/opus_accounts/opusaccount/export/pdf/?html=1"], "admin": []}


def _hrefs(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def _admin_pages(page, base, username, watch):
    """The admin pages opened and their problems."""
    axe = Axe()
    visited, problems = [], []

    def opened(path, response):
        visited.append(path)
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response.status if response else '?'}")
            return
        problems.extend(watch.check(axe, path))

    def check(path):
        opened(path, page.goto(base + path))

    check("/admin/")
    changelists = _hrefs(page, "#content-main th[scope=row] a")
    app_pages = _hrefs(page, "#content-main caption a")
    assert changelists and app_pages, "the admin index lists no model"
    check(app_pages[0])
    for changelist in changelists:
        check(changelist)
        links = _hrefs(page, "#result_list a[href*='/change/']")
        can_add = page.query_selector(f"a.addlink[href='{changelist}add/']") is not None
        if links:
            check(links[0])
            history = links[0].split("?")[0].replace("/change/", "/history/")
            if page.query_selector(f"a.historylink[href='{history}']"):
                check(history)
                versions = _hrefs(page, f"#change-history a[href^='{history}']")
                if versions:
                    check(versions[0])
        if can_add:
            check(changelist + "add/")
    for path in ADMIN_PREVIEWS[username]:
        check(path)
    model, action = ADMIN_ACTIONS[username]
    page.goto(base + f"/admin/{model}/")
    page.check("#result_list input.action-select >> nth=0")
    page.select_option("select[name=action]", action)
    with page.expect_navigation() as navigation:
        page.click("button[name=index]")
    opened(f"/admin/{model}/ → {action}", navigation.value)
    for kind in ("/change/", "/add/", "/history/"):
        assert any(path.endswith(kind) for path in visited), (kind, visited)
    assert any("/history/" in path and not path.endswith("/history/") for path in visited), visited
    return visited, problems


def _log_in(page, base, username):
    page.goto(base + "/connexion/")
    assert page.title().startswith("Connexion")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)


@pytest.mark.parametrize("username", ROLES)
def test_every_page_opens_and_passes_axe(live_server, page, username):
    from django.apps import apps

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))
    watch = PolicyWatch(page)
    _log_in(page, live_server.url, username)
    # The demo's story is dated (that committee planned for 8 December 2026): once the clock has
    # passed it, it is moved ahead so that it may still be convened.
    today = timezone.localdate()
    SteeringCommittee.objects.filter(status=SteeringCommittee.Status.PLANNED, date__lt=today).update(
        date=today + datetime.timedelta(days=14)
    )
    # The demo's planned steering committee, whose page leads to its convocation and cancellation
    # (the held one, linked from the dashboard and the calendar, leads to neither), for the roles that read committees.
    user = get_user_model().objects.get(username=username)
    planned = SteeringCommittee.objects.filter(status=SteeringCommittee.Status.PLANNED).order_by("date")[:1]
    planned = planned if has_role(user, *COMMITTEE_READERS) else []
    visited, problems = _crawl(page, live_server.url, watch, starts=[c.get_absolute_url() for c in planned])
    assert len(visited) >= 3, visited
    missed = MUST_REACH.get(username, set()) - {_kind(path.split("?")[0]) for path in visited}
    assert not missed, (missed, len(visited))
    if username in ADMIN_ROLES:
        admin_visited, admin_problems = _admin_pages(page, live_server.url, username, watch)
        visited += admin_visited
        problems += admin_problems
    assert problems == [], "\n".join(problems)


def test_login_page_passes_axe(live_server, page):
    watch = PolicyWatch(page)
    page.goto(live_server.url + "/connexion/")
    assert watch.check(Axe(), "/connexion/") == []


def test_the_opus_register_shows_all_its_columns_on_a_laptop(live_server, page):
    """The RGC's register (the admin's list of OPUS accounts) fits a 1366-pixel screen: its
    table does not scroll sideways in its box."""
    from django.apps import apps

    sync_roles(apps)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    _log_in(page, live_server.url, "rgc")
    page.goto(live_server.url + "/admin/opus_accounts/opusaccount/")
    columns = page.eval_on_selector_all("#result_list thead th", "els => els.length")
    assert columns == 10  # the selection box and the nine columns of list_display
    box, table = page.eval_on_selector(
        "#changelist .results", "e => [e.clientWidth, e.querySelector('table').scrollWidth]"
    )
    assert table <= box, f"the register is {table} px wide in a box of {box} px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
