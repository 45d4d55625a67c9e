"""The health endpoint (load balancer) and the platform administrator's page: each check up and
down, the daily jobs' lateness as healthchecks reckons it, the failed e-mails sent again."""

import datetime

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from conftest import make_cast
from operations import health
from operations.models import GRACE, LATE, UP, JobRun
from partnership.permissions import Role
from partnership.tests.factories import UserFactory
from reminders import services
from reminders.models import SentReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin():
    return UserFactory(username="plateforme", is_superuser=True, is_staff=True, email="plateforme@example.org")


@pytest.fixture(autouse=True)
def broker_folder(settings, tmp_path, monkeypatch):
    """The embedded broker's folder, as `./dev start` makes it."""
    folder = tmp_path / "broker"
    folder.mkdir()
    options = {**app.conf.broker_transport_options, "data_folder_in": str(folder), "data_folder_out": str(folder)}
    monkeypatch.setitem(app.conf, "broker_transport_options", options)
    return folder


@pytest.fixture
def worker_answers(monkeypatch):
    monkeypatch.setattr(app.control, "ping", lambda timeout: [{"celery@machine": {"ok": "pong"}}])


# ---- the load balancer's endpoint ---------------------------------------------------------


def test_the_endpoint_answers_200_without_login_nor_detail(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"OK"
    assert response["Cache-Control"].startswith("max-age=0")


class Unreachable:
    def cursor(self):
        raise OperationalError("connection refused")


def test_the_endpoint_answers_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.content == b"KO"  # no detail for whoever asks


def test_the_endpoint_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    assert client.get("/sante/").status_code == 503


# ---- each check ---------------------------------------------------------------------------


def test_every_check_up(worker_answers):
    results = health.run(health.ALL)
    assert {key: result.ok for key, result in results.items()} == {
        "database": True,
        "cache": True,
        "broker": True,
        "documents": True,
        "worker": True,
    }
    assert results["worker"].detail == "1 worker(s) ont répondu"


def test_no_worker_answering(monkeypatch, settings):
    settings.HEALTH_TIMEOUT_SECONDS = 0.1
    asked = []
    monkeypatch.setattr(app.control, "ping", lambda timeout: asked.append(timeout) or [])
    result = health.run({"worker": health.ALL["worker"]})["worker"]
    assert not result.ok and "aucun worker" in result.detail
    assert asked == [0.1]  # a short timeout, never the default second or more


def test_the_embedded_brokers_folder_missing(broker_folder, monkeypatch):
    monkeypatch.setitem(app.conf, "broker_write_url", "filesystem://")  # even where Redis is the broker
    assert health.run({"broker": health.ALL["broker"]})["broker"].detail == "filesystem"
    broker_folder.rmdir()
    result = health.run({"broker": health.ALL["broker"]})["broker"]
    assert not result.ok and "n'existe pas" in result.detail


def test_the_broker_down(monkeypatch):
    monkeypatch.setitem(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    result = health.run({"broker": health.ALL["broker"]})["broker"]
    assert not result.ok


@pytest.mark.redis
def test_the_redis_broker_and_cache_up():
    results = health.run(health.ALL)
    assert results["broker"].ok and results["broker"].detail == "redis"
    assert results["cache"].ok and results["cache"].detail == "RedisCache"


def test_the_documents_storage_down(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocker / "documents"},
        },
    }
    result = health.run({"documents": health.ALL["documents"]})["documents"]
    assert not result.ok


def test_the_documents_storage_check_leaves_nothing_behind(settings):
    assert health.run({"documents": health.ALL["documents"]})["documents"].ok
    location = settings.STORAGES["documents"]["OPTIONS"]["location"]
    assert not any(path.is_file() for path in location.rglob("*"))


# ---- the daily jobs ------------------------------------------------------------------------

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    "hours_since_success, expected",
    [(1, UP), (23.9, UP), (24, GRACE), (25.9, GRACE), (26, LATE), (100, LATE)],
)
def test_a_job_is_awaited_then_late_past_its_period_and_grace(settings, hours_since_success, expected):
    settings.HEALTH_JOB_PERIOD_HOURS, settings.HEALTH_JOB_GRACE_HOURS = 24, 2
    run = JobRun(job="send_reminders", last_success_at=NOW - hours_since_success * HOUR)
    assert run.status(NOW) == expected


def test_a_job_that_never_succeeded_is_reckoned_from_when_it_is_watched(settings):
    run = JobRun(job="send_reminders", created_at=NOW)
    assert run.status(NOW + 25 * HOUR) == GRACE
    assert run.status(NOW + 26 * HOUR) == LATE


def test_each_job_records_its_successful_run(cast):
    from operations.jobs import JOBS, alert_late_jobs
    from opus_accounts.jobs import review_accounts
    from privacy.destruction import destroy_personal_data

    today = datetime.date(2026, 12, 1)
    review_accounts(today, dry_run=True)
    assert not JobRun.objects.exists()  # a dry run is no run
    destroy_personal_data(today)
    review_accounts(today)
    services.send_reminders(today)
    alert_late_jobs(today)
    runs = {run.job: run for run in JobRun.objects.all()}
    assert set(runs) == set(JOBS)
    assert runs["send_reminders"].last_day == today
    assert set(runs["send_reminders"].last_counts) == {"claimed", "sent_again"}
    assert runs["send_reminders"].last_duration >= 0


def test_a_failed_run_is_not_a_success(cast, monkeypatch):
    def fail(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "plan", fail)
    with pytest.raises(RuntimeError):
        services.send_reminders(datetime.date(2026, 12, 1))
    assert not JobRun.objects.filter(job="send_reminders").exists()


# ---- the platform administrator's page -----------------------------------------------------


def test_the_page_is_the_platform_administrators_only(client, cast):
    url = reverse("operations:status")
    for role in Role.ALL:
        client.force_login(cast[role])
        assert client.get(url).status_code == 403, role
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_page_shows_each_check_and_each_job(client, platform_admin, worker_answers, settings):
    JobRun.objects.create(job="send_reminders", last_success_at=timezone.now() - 30 * HOUR)
    client.force_login(platform_admin)
    page = client.get(reverse("operations:status")).content.decode()
    for label in ["Base de données", "Cache", "Courtier des tâches", "Stockage des documents", "Worker Celery"]:
        assert label in page
    assert page.count("Répond") == 5
    for label in ["Destruction des données personnelles", "Revue des comptes OPUS", "Rappels des échéances"]:
        assert label in page
    assert "En retard" in page
    assert "Un service ne répond pas ou un traitement quotidien est en retard" in page


def test_the_page_shows_a_check_down(client, platform_admin, monkeypatch):
    monkeypatch.setattr(app.control, "ping", lambda timeout: [])
    client.force_login(platform_admin)
    page = client.get(reverse("operations:status")).content.decode()
    assert "En panne" in page and "aucun worker n&#x27;a répondu" in page


def test_only_the_platform_administrator_sees_it_in_the_navigation(client, cast, platform_admin):
    url = reverse("operations:status")
    client.force_login(cast[Role.ADMINISTRATOR])
    assert f'href="{url}"' not in client.get("/").content.decode()
    client.force_login(platform_admin)
    assert f'href="{url}"' in client.get("/").content.decode()


# ---- the e-mails that could not be delivered -----------------------------------------------

C9_DUE = datetime.date(2027, 2, 28)  # the cast's cooperation convention ends on 31 December 2026


def refused(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)


def failed_reminders(cast, monkeypatch):
    with monkeypatch.context() as patch:
        refused(patch)
        services.send_reminders(C9_DUE)
    return list(SentReminder.objects.failed())


def test_failed_deliveries_are_listed_and_sent_again(client, cast, platform_admin, monkeypatch, worker_answers):
    failed = failed_reminders(cast, monkeypatch)
    assert failed
    client.force_login(platform_admin)
    page = client.get(reverse("operations:status")).content.decode()
    assert page.count(">Renvoyer<span") == len(failed)
    assert "no server" in page
    reminder = failed[0]
    response = client.post(reverse("operations:resend", args=[reminder.pk]), follow=True)
    assert "a été envoyé" in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None and reminder.attempts == 2
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [reminder.message_id]
    # delivered: no longer listed, nor sent again
    assert client.post(reverse("operations:resend", args=[reminder.pk])).status_code == 404


def test_a_failed_delivery_sent_again_past_the_attempts_limit(client, cast, platform_admin, monkeypatch, settings):
    settings.REMINDER_EMAIL_ATTEMPTS = 1
    reminder = failed_reminders(cast, monkeypatch)[0]
    assert not SentReminder.objects.to_send_again(timezone.now()).filter(pk=reminder.pk).exists()
    refused(monkeypatch)
    client.force_login(platform_admin)
    response = client.post(reverse("operations:resend", args=[reminder.pk]), follow=True)
    assert "n&#x27;a pas pu être envoyé" in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.emailed_at is None and reminder.attempts == 2


def test_sending_again_is_the_platform_administrators_only(client, cast, monkeypatch):
    reminder = failed_reminders(cast, monkeypatch)[0]
    for role in Role.ALL:
        client.force_login(cast[role])
        assert client.post(reverse("operations:resend", args=[reminder.pk])).status_code == 403
    assert client.get(reverse("operations:resend", args=[reminder.pk])).status_code in (403, 405)
    assert not mail.outbox


def test_the_page_queries_do_not_grow_with_the_failures(
    client, cast, platform_admin, monkeypatch, worker_answers, django_assert_max_num_queries
):
    failed_reminders(cast, monkeypatch)
    client.force_login(platform_admin)
    client.get(reverse("operations:status"))  # the job rows are made once
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("operations:status"))
    for number in range(5):
        failed_reminders(make_cast(prefix=f"p{number}-"), monkeypatch)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("operations:status"))
