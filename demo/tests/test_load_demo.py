import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from partnership.models import Convention, Deliberation, User

pytestmark = pytest.mark.django_db


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_demo_loads_on_a_database_whose_roles_were_flushed():
    # as a transactional test leaves it: the roles' groups come from a migration
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert User.objects.get(username="rgc").groups.filter(name="RGC").exists()


def test_the_demo_loads_the_documents_and_loading_twice_changes_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _counts() == first

    cooperation = Convention.objects.get(title="Convention de coopération 2021-2023")
    # clause C2: in force from 1 January 2021 to 31 December 2023
    assert cooperation.effective_date().date == datetime.date(2021, 1, 1)
    assert cooperation.end_date().date == datetime.date(2023, 12, 31)
    opus = cooperation.applications.get()
    assert opus.opus_annex.active_accounts_cap == 2  # clause O22
    assert opus.opus_annex.partner_safir_code == "39089"
    assert opus.opus_annex.agency_safir_code == "38171"
    assert [s.access for s in opus.opus_services.all()] == [True, True]  # clause O21

    deliberation = Deliberation.objects.get(number="2021.04.14.8")
    deliberation.full_clean()  # the @ctes identifier matches the commune and the date (clause D3)
    session = deliberation.session
    assert (session.members_in_office, session.present_count, session.represented_count) == (29, 23, 4)
    assert session.quorum_reached  # clause D1
    assert deliberation.votes == 27

    # staff accounts are fictitious
    assert all(user.email.endswith("@example.org") for user in User.objects.all())
