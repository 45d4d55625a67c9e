"""The language switch in a browser (issue 18): reached with the keyboard, the page comes back in
English, and passes axe, the Content-Security-Policy and the 390-pixel check as the French does."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from partnership.permissions import sync_roles
from partnership.tests.test_browser import PolicyWatch, _log_in, browser_type_launch_args  # noqa: F401 (fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_switch_by_keyboard_turns_the_home_page_english_and_it_passes_axe(live_server, page):
    from django.apps import apps

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))
    watch = PolicyWatch(page)
    _log_in(page, live_server.url, "agent")  # in French: the browser asks for fr-FR
    assert page.get_attribute("html", "lang") == "fr"
    page.focus(".language-switch button[lang=en]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Partnership dashboard"
    assert page.get_attribute(".language-switch button[lang=en]", "aria-current") == "true"
    assert watch.check(Axe(), "/ (English)") == []
