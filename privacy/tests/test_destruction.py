import datetime
import types

import pytest
from django.core.management import call_command

from partnership import obligations
from partnership.obligations import State
from privacy import destruction
from privacy.models import DestructionRecord

D = datetime.date
C9_DUE = D(2027, 2, 28)  # cast's cooperation convention ends 31 December 2026


class FakeApp:
    """An app's personal_data hook that erases what it holds for the convention."""

    def __init__(self, name, count, fail=False):
        self.module = types.ModuleType(f"{name}.personal_data")
        self.module.inventory = lambda plans: {pk: [("Comptes OPUS nominatifs", self.count)] for pk in plans}
        self.module.erase = self.erase
        self.count = count
        self.fail = fail
        self.erased = []

    def erase(self, plans):
        if self.fail:
            raise RuntimeError("disk full")
        self.erased += list(plans)
        erased, self.count = self.count, 0
        return {pk: [("Comptes OPUS nominatifs", erased if n == 0 else 0)] for n, pk in enumerate(plans)}


@pytest.fixture
def fake_app(monkeypatch):
    app = FakeApp("opus_accounts", 3)
    monkeypatch.setattr(destruction, "app_modules", lambda hook: [app.module])
    return app


@pytest.mark.django_db
def test_destruction_runs_on_the_deadline_once_and_records_what_it_did(cast, fake_app):
    # clause C9: at the latest two months after the end of the convention
    assert destruction.destroy_personal_data(C9_DUE - datetime.timedelta(days=1)) == []
    assert fake_app.erased == []
    [record] = destruction.destroy_personal_data(C9_DUE)
    assert record.convention == cast.cooperation
    assert record.performed_on == C9_DUE
    assert record.deadline == C9_DUE
    assert record.summary == [{"app": "opus_accounts", "label": "Comptes OPUS nominatifs", "count": 3}]
    assert fake_app.erased == [cast.cooperation.pk]
    # Never twice, even days later.
    assert destruction.destroy_personal_data(C9_DUE + datetime.timedelta(days=10)) == []
    assert fake_app.erased == [cast.cooperation.pk]
    assert DestructionRecord.objects.count() == 1


@pytest.mark.django_db
def test_the_c9_duty_is_done_once_the_destruction_is_recorded(cast, fake_app):
    key = f"convention:{cast.cooperation.pk}:c9"
    later = C9_DUE + datetime.timedelta(days=3)
    assert {d.key: d for d in obligations.collect([cast.partnership.pk], later)}[key].state == State.LATE
    destruction.destroy_personal_data(later)  # catch-up: the job missed the deadline day
    assert {d.key: d for d in obligations.collect([cast.partnership.pk], later)}[key].state == State.DONE


@pytest.mark.django_db
def test_a_failing_hook_rolls_back_and_is_retried(cast, monkeypatch):
    app = FakeApp("opus_accounts", 2, fail=True)
    monkeypatch.setattr(destruction, "app_modules", lambda hook: [app.module])
    assert destruction.destroy_personal_data(C9_DUE) == []
    assert not DestructionRecord.objects.exists()
    app.fail = False
    assert len(destruction.destroy_personal_data(C9_DUE + datetime.timedelta(days=1))) == 1


@pytest.mark.django_db
def test_only_cooperation_conventions_and_only_those_ended(cast, other_cast, fake_app):
    from partnership.tests.factories import ConventionFactory

    ConventionFactory(partnership=cast.partnership, effective_from=D(2027, 1, 1))  # in force in 2027
    records = destruction.destroy_personal_data(C9_DUE)
    assert sorted(r.convention_id for r in records) == sorted([cast.cooperation.pk, other_cast.cooperation.pk])


@pytest.mark.django_db
def test_schedule_lists_ahead_what_will_be_erased(cast, fake_app):
    def entries():
        return destruction.entries_of(destruction.relevant(destruction.cooperation_conventions(), C9_DUE))

    [entry] = entries()
    assert entry.deadline.date == C9_DUE
    assert entry.record is None
    assert entry.inventory == [{"app": "opus_accounts", "label": "Comptes OPUS nominatifs", "count": 3}]
    destruction.destroy_personal_data(C9_DUE)
    [entry] = entries()
    assert entry.record is not None and entry.inventory == [] and entry.total == 3


@pytest.mark.django_db
def test_real_hooks_run_through_the_job(cast):
    # Every installed app's hook, as the worker would call them.
    records = destruction.destroy_personal_data(C9_DUE)
    assert [r.convention_id for r in records] == [cast.cooperation.pk]
    assert all(set(row) == {"app", "label", "count"} for row in records[0].summary)


@pytest.mark.django_db
def test_command(cast, fake_app, capsys):
    call_command("destroy_personal_data", "--date", "2027-02-28")  # dry unless asked
    assert "Comptes OPUS nominatifs — 3" in capsys.readouterr().out
    assert not DestructionRecord.objects.exists()
    call_command("destroy_personal_data", "--date", "2027-02-28", "--wet-run")
    assert DestructionRecord.objects.count() == 1


def test_every_kind_of_data_erased_and_every_reason_to_keep_someone_has_its_english():
    # the schedule, the dry run and the certificate name them in the reader's language
    from django.utils import translation

    from opus_accounts import personal_data as opus_accounts
    from partnership import personal_data as partnership
    from partnership.hooks import app_modules
    from relais import personal_data as relais

    names = [label for module in app_modules("personal_data") for label in getattr(module, "LABELS", {}).values()]
    names += [opus_accounts.HOLDER, opus_accounts.RGC, opus_accounts.SUCCESSOR, relais.PARTICIPANT]
    names += [partnership.REPRESENTATIVE, partnership.MEMBER]
    with translation.override("en"):
        untranslated = [name for name in names if translation.gettext(name) == name]
    assert len(names) > 15 and not untranslated
