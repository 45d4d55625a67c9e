"""The calendar feed's settings page in Chromium: its copy button with scripts, and what it
offers without them."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from partnership.permissions import sync_roles
from partnership.tests.test_browser import PolicyWatch, _log_in, browser_type_launch_args  # noqa: F401 (fixture)
from reminders.models import CalendarToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    from django.apps import apps

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))


def test_the_copy_button_copies_the_address(live_server, context, page, demo):
    base = live_server.url
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    watch = PolicyWatch(page)
    _log_in(page, base, "agent")
    page.goto(base + reverse("calendar_feed_settings"))
    if page.is_visible("text=Créer mon adresse d’abonnement"):
        page.click("text=Créer mon adresse d’abonnement")
        page.wait_for_load_state()
    token = CalendarToken.objects.get(user__username="agent")
    address = f"{base}{token.get_absolute_url()}"
    assert page.input_value("#feed-url") == address
    assert (
        page.get_attribute("text=S’abonner dans mon logiciel d’agenda", "href") == "webcal://" + address.split("://")[1]
    )
    page.click("text=Copier l’adresse")
    page.wait_for_selector("#feed-url-status:has-text('Adresse copiée.')")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert watch.run_axe(Axe(), "/echeancier/agenda/") == ([], [])


def test_without_scripts_the_page_offers_the_link_and_the_field_and_no_dead_button(live_server, browser, demo):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    _log_in(page, live_server.url, "agent")
    page.goto(live_server.url + reverse("calendar_feed_settings"))
    if page.is_visible("text=Créer mon adresse d’abonnement"):
        page.click("text=Créer mon adresse d’abonnement")
        page.wait_for_load_state()
    assert page.is_visible("#feed-url")
    assert page.is_visible("text=S’abonner dans mon logiciel d’agenda")
    assert page.is_hidden("text=Copier l’adresse")
    context.close()
