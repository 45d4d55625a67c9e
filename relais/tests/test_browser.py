"""Meeting pages the crawl of partnership/tests/test_browser.py does not reach with the demo as
it stands (it opens one meeting of each kind of page: the next one, not begun), opened in
Chromium as an agent under the same checks: axe and the Content-Security-Policy."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partnership.models import Partnership, Person
from partnership.permissions import sync_roles
from partnership.tests.test_browser import PolicyWatch, _log_in, browser_type_launch_args  # noqa: F401 (fixture)
from relais.models import ReferentMeeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def begun():
    """The demo, and a meeting of Saint-Quentin-Fallavier that began two hours ago."""
    from django.apps import apps

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))
    partnership = Partnership.objects.get(commune__name="Saint-Quentin-Fallavier")
    meeting = ReferentMeeting.objects.create(
        partnership=partnership,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        place="Relais Emploi, Saint-Quentin-Fallavier",
        free_items="Préparation du forum de l'emploi",
        other_participants="Mission locale Nord-Isère (conseillère)",
    )
    meeting.participants.set(Person.objects.filter(email__in=["agent@example.org", "referente@example.org"]))
    return meeting


def test_convocation_marking_held_its_confirmation_the_undo_and_the_minutes_pass_axe(live_server, page, begun):
    # clause C6
    base, axe, problems = live_server.url, Axe(), []
    watch = PolicyWatch(page)

    def check(path=None):
        if path:
            assert page.goto(base + path).status == 200, path
        policy, accessibility = watch.run_axe(axe, path or page.url)
        problems.extend(policy + accessibility)

    _log_in(page, base, "agent")
    detail = begun.get_absolute_url()
    check(detail)
    check(reverse("relais:meeting_convocation_pdf", args=[begun.pk]) + "?html=1")
    check(reverse("relais:meeting_invite", args=[begun.pk]))
    page.goto(base + detail)
    page.click("text=Marquer comme tenue")
    page.wait_for_url(f"**{reverse('relais:meeting_held', args=[begun.pk])}")
    check()
    page.click("text=Confirmer : la réunion s'est tenue")
    page.wait_for_url(f"**{detail}")
    assert page.is_visible("text=Annuler « tenue »")
    assert page.is_visible("text=Rédiger le compte rendu")
    check()
    check(reverse("relais:meeting_pdf", args=[begun.pk]) + "?html=1")
    page.goto(base + detail)
    page.click("text=Annuler « tenue »")
    page.wait_for_load_state()
    assert page.is_visible("text=La réunion est de nouveau prévue")
    begun.refresh_from_db()
    assert begun.status == ReferentMeeting.Status.PLANNED
    assert problems == [], "\n".join(problems)
