from celery import shared_task

from operations import fanout, jobs
from partnership import daily


@shared_task(name="operations.alert_late_jobs")
def alert_late_jobs(day=None):
    return len(jobs.alert_late_jobs(daily.task_day(day)))


# Acknowledged once done: the same message goes to another worker process when this one dies.
@shared_task(name="operations.run_job_batch", bind=True, acks_late=True, reject_on_worker_lost=True)
def run_job_batch(self, batch):
    return fanout.run_batch(batch, self.request.id)


# A dispatcher whose job waits for others (`fanout.waits`) is sent again this many seconds later,
# at most WAIT_TIMES times, half an hour (then it runs: a job that never ends is the late-jobs
# alert's); a worker that starts sends the daily jobs JOBS_APART_SECONDS apart, time enough for a
# dispatcher to claim its day.
WAIT_SECONDS, WAIT_TIMES = 5, 360
JOBS_APART_SECONDS = 30


def fan_out(job, day=None, *, task=None, waited=0):
    """What a daily job's task (beat's dispatcher) does: claim the day, send one task per batch;
    or, while the jobs it comes after are running (`fanout.waits`), send `task` again later."""
    today = daily.task_day(day)
    if task is not None and waited < WAIT_TIMES and fanout.waits(job, today):
        task.apply_async(args=[today.isoformat()], kwargs={"waited": waited + 1}, countdown=WAIT_SECONDS)
        return 0
    batches = fanout.dispatch(job, today)
    for pk in batches:
        run_job_batch.delay(pk)
    return len(batches)
