"""Times the daily jobs (the Celery tasks named in settings.DAILY_JOBS, in their order).

    DATABASE_URL=… .venv/bin/python bench/jobs.py [--day 2026-11-30]
    DATABASE_URL=… REDIS_URL=… .venv/bin/python bench/jobs.py --workers 1,4 [--day …]

Without --workers each job's task runs in this process, its batches inline (as
CELERY_TASK_ALWAYS_EAGER runs them), and the process's peak memory is printed.

With --workers, for each count N: a copy of the database (``CREATE DATABASE … TEMPLATE``, so
that every count starts from the same state), a real Celery worker with N processes on Redis
(``-c N``), every daily job's task fired twice at the same moment (two beats at once; the next
job's once this one's run has begun, as beat's hours keep them apart), and the
wall time until the last job's summary is written; then the batches' times (their sum, and the
CPU time the worker's processes used: on a shared machine the wall time depends on the load
average, printed too), the jobs' counts, the e-mails written and their Message-IDs (none twice),
the worker processes' peak memory.
"""

import argparse
import datetime
import email
import email.policy
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Mail goes nowhere: the benchmark measures the work, not an SMTP server.
os.environ.setdefault("EMAIL_URL", "dummymail://")
JOB_NAMES = ["privacy.destroy_personal_data", "opus_accounts.review_accounts", "reminders.send_reminders"]


def peak_memory_mb(pid="self"):
    """VmHWM (peak resident set size) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def daily_tasks():
    """(name, task) of each daily job, in the order a worker that starts runs them."""
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()  # the apps' tasks modules, as a worker imports them
    for name in settings.DAILY_JOBS:
        yield name, app.tasks[name]


def in_process(day):
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"  # the batches run here, one after the other
    import django

    django.setup()
    from django.db import connection

    total = 0.0
    print(f"{'daily job':<44} {'seconds':>8} {'batches':>8} {'queries':>8}")
    for name, task in daily_tasks():
        kwargs = {"day": day} if day else {}
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            result = task.apply(kwargs=kwargs).get()  # runs in this process, like a worker
        elapsed = time.perf_counter() - started
        total += elapsed
        print(f"{name:<44} {elapsed:8.2f} {result!s:>8} {count[0]:>8}")
    print(f"{'total':<44} {total:8.2f}")
    print(f"jobs process peak memory (VmHWM): {peak_memory_mb():.0f} MB")
    print(f"day: {day or datetime.date.today().isoformat()}")


def _admin(url, *statements):
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    connection = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def _query(url, sql, params=()):
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


def _messages(folder):
    """The Message-ID of every e-mail the file backend wrote (several per file)."""
    found = []
    for path in folder.iterdir():
        for raw in path.read_bytes().split(b"-" * 79 + b"\n"):
            if raw.strip():
                found.append(email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"])
    return found


def cpu_seconds(pid):
    """User and system CPU time a process has used, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def fire_twice_at_once(sender, tasks, args, queue, begun):
    """Two beats at once: every job's task sent twice, from two threads released together; the
    next job's once this one's run of the day has begun (`begun()`: how many have), as beat's
    hours keep them apart (the reminders wait for the end of the runs they come after)."""
    for position, task in enumerate(tasks):
        barrier = threading.Barrier(2)

        def beat(task=task, barrier=barrier):
            barrier.wait()
            sender.send_task(task, args=args, queue=queue)

        beats = [threading.Thread(target=beat) for _ in range(2)]
        for thread in beats:
            thread.start()
        for thread in beats:
            thread.join()
        deadline = time.monotonic() + 120
        while begun() <= position and time.monotonic() < deadline:
            time.sleep(0.05)


def with_workers(counts, day, url, broker, tasks):
    from celery import Celery

    name = urllib.parse.urlparse(url).path.lstrip("/")
    print(f"{'processes':>9} {'wall s':>8} {'batches':>8} {'batch s median':>15} {'batch s max':>12} "
          f"{'sum s':>7} {'CPU s':>6} {'load':>5} {'e-mails':>8} {'twice':>6} {'worker MB':>10}")  # fmt: skip
    details = []
    for n in counts:
        copy = f"{name}_w{n}"
        _admin(url, f"DROP DATABASE IF EXISTS {copy}", f"CREATE DATABASE {copy} TEMPLATE {name}")
        copy_url = urllib.parse.urlparse(url)._replace(path=f"/{copy}").geturl()
        the_day = day or datetime.date.today().isoformat()
        if _query(copy_url, "SELECT count(*) FROM operations_dailyrun WHERE day = %s", [the_day])[0][0]:
            print(f"(the database has already run jobs for {the_day}: they do nothing more; pass another --day)")
        mail = Path(tempfile.mkdtemp(prefix="bench-jobs-mail-"))
        queue = f"bench-{uuid.uuid4().hex}"
        env = {
            **os.environ,
            "DATABASE_URL": copy_url,
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "DAILY_JOBS_ON_WORKER_START": "false",
            "EMAIL_URL": f"filemail:///{mail}",  # django-environ drops one leading slash
        }
        log = tempfile.NamedTemporaryFile("w+", prefix="bench-jobs-worker-", suffix=".log", delete=False)
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", f"--concurrency={n}",
             "-Q", queue, "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        sender = Celery(broker=broker)
        try:
            deadline = time.monotonic() + 120
            while " ready." not in Path(log.name).read_text() and time.monotonic() < deadline:
                if worker.poll() is not None:
                    tail = "\n".join(Path(log.name).read_text().splitlines()[-5:])
                    raise SystemExit(f"The Celery worker stopped before it was ready ({log.name}):\n{tail}")
                time.sleep(0.2)
            args = [day] if day else []
            started = time.perf_counter()
            fire_twice_at_once(
                sender, tasks, args, queue,
                lambda url=copy_url, day=the_day: _query(
                    url, "SELECT count(*) FROM operations_dailyrun WHERE day = %s", [day]
                )[0][0],
            )  # fmt: skip
            deadline = time.monotonic() + 1800
            while time.monotonic() < deadline and worker.poll() is None:
                rows = _query(copy_url, "SELECT count(*) FROM operations_dailyrun WHERE day = %s "
                              "AND finished_at IS NOT NULL", [the_day])  # fmt: skip
                if rows[0][0] == len(tasks):
                    break
                time.sleep(0.1)
            wall = time.perf_counter() - started
            processes = [worker.pid, *_children(worker.pid)]
            memory = max(peak_memory_mb(pid) or 0 for pid in processes)
            cpu = sum(cpu_seconds(pid) for pid in processes)
            load = os.getloadavg()[0]
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            sender.close()
        runs = _query(copy_url, "SELECT job, counts, (SELECT count(*) FROM operations_jobbatch b WHERE b.run_id = r.id)"
                      " FROM operations_dailyrun r WHERE day = %s ORDER BY job", [the_day])  # fmt: skip
        batches = _query(copy_url, "SELECT r.job, b.seconds, b.attempts FROM operations_jobbatch b "
                         "JOIN operations_dailyrun r ON r.id = b.run_id WHERE r.day = %s", [the_day])  # fmt: skip
        [(reminders, emailed)] = _query(copy_url, "SELECT count(*), count(emailed_at) FROM reminders_sentreminder")
        ids = _messages(mail)
        twice = sum(c - 1 for c in Counter(ids).values() if c > 1)
        seconds = [s for _job, s, _a in batches if s is not None]
        print(f"{n:>9} {wall:8.1f} {len(batches):>8} {statistics.median(seconds):15.2f} {max(seconds):12.2f} "
              f"{sum(seconds):7.1f} {cpu:6.1f} {load:5.1f} {len(ids):>8} {twice:>6} {memory:10.0f}")  # fmt: skip
        details.append((n, runs, batches, reminders, emailed, len(ids), len(set(ids)), log.name))
        _admin(url, f"DROP DATABASE IF EXISTS {copy}")
    for n, runs, batches, reminders, emailed, sent, distinct, log_name in details:
        print(f"\n{n} process(es): worker log {log_name}")
        for job, counts, number in runs:
            per_job = [s for j, s, _a in batches if j == job and s is not None]
            print(f"  {job:<24} {number:>4} batches, {sum(per_job):7.2f} s of batch work "
                  f"(max {max(per_job, default=0):.2f} s): {counts}")  # fmt: skip
        retried = sum(1 for _j, _s, attempts in batches if attempts > 1)
        print(f"  reminders claimed {reminders}, marked sent {emailed}; e-mails written {sent}, "
              f"distinct Message-IDs {distinct}; batches taken more than once {retried}")  # fmt: skip
    print(f"\nday: {day or datetime.date.today().isoformat()}; each job's task fired twice at once: {', '.join(tasks)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--day", help="ISO date the jobs run for (default today)")
    parser.add_argument("--workers", help="worker process counts to time, e.g. 1,4 (needs REDIS_URL and PostgreSQL)")
    parser.add_argument("--jobs", help="with --workers, the daily jobs' tasks to fire (default: all)")
    args = parser.parse_args()
    if not args.workers:
        return in_process(args.day)
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"]
    tasks = args.jobs.split(",") if args.jobs else list(JOB_NAMES)
    with_workers([int(n) for n in args.workers.split(",")], args.day, os.environ["DATABASE_URL"], broker, tasks)


if __name__ == "__main__":
    main()
