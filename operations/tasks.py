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


def fan_out(job, day=None):
    """What a daily job's task (beat's dispatcher) does: claim the day, send one task per batch."""
    batches = fanout.dispatch(job, daily.task_day(day))
    for pk in batches:
        run_job_batch.delay(pk)
    return len(batches)
