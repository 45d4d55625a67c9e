"""Times every daily job (the Celery tasks named in settings.DAILY_JOBS, in their order), run in
this process as a Celery worker would run it, and prints this process's peak memory.

    DATABASE_URL=… .venv/bin/python bench/jobs.py [--day 2026-11-30]
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Mail goes nowhere: the benchmark measures the work, not an SMTP server.
os.environ.setdefault("EMAIL_URL", "dummymail://")


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--day", help="ISO date the jobs run for (default today)")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    total = 0.0
    print(f"{'daily job':<44} {'seconds':>8} {'result':>8} {'queries':>8}")
    for name, task in daily_tasks():
        kwargs = {"day": args.day} if args.day else {}
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
    print(f"day: {args.day or datetime.date.today().isoformat()}")


if __name__ == "__main__":
    main()
