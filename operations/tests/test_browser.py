"""The platform administrator's page in Chromium, with a job late, a service down and failed
e-mails: no serious accessibility violation, no breach of the Content-Security-Policy, no
sideways scrolling on a phone."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from demo.partnership import DEMO_PASSWORD
from operations.models import JobRun
from partnership.permissions import sync_roles
from partnership.tests.factories import UserFactory
from partnership.tests.test_browser import PHONE, PolicyWatch, _log_in, browser_type_launch_args  # noqa: F401 (fixture)
from reminders import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_status_page_passes_axe_and_fits_a_phone(live_server, page, monkeypatch, settings):
    from django.apps import apps

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))
    UserFactory(username="plateforme", is_superuser=True, is_staff=True, password=DEMO_PASSWORD)
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", lambda *a, **k: 1 / 0)
        services.send_reminders(timezone.localdate())
    JobRun.objects.filter(job="send_reminders").update(last_success_at=timezone.now() - datetime.timedelta(days=3))
    settings.HEALTH_TIMEOUT_SECONDS = 0.2  # no worker here (nor a broker without Redis): those checks fail, and say so
    watch = PolicyWatch(page)
    _log_in(page, live_server.url, "plateforme")
    page.goto(live_server.url + reverse("operations:status"))
    assert page.title().startswith("État de l'installation")
    assert page.locator("text=En retard").count() >= 1 and page.locator("text=En panne").count() >= 1
    assert page.locator("button:has-text('Renvoyer')").count() >= 1
    problems = watch.check(Axe(), "/exploitation/")
    if screenshots := os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{screenshots}/status.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=f"{screenshots}/status-phone.png", full_page=True)
    assert problems == []
