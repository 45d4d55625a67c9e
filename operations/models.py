"""What the operations remember: each daily job's last successful run, and when the platform's
administrators were last told it is late."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from partnership.scope import Scope

UP, GRACE, LATE = "up", "grace", "late"
STATUS_LABELS = {UP: _l("À l'heure"), GRACE: _l("Attendu"), LATE: _l("En retard")}


class JobRun(models.Model):
    """One row per daily job (its `partnership.daily.logged_run` name): its last successful run.

    Reckoned as healthchecks reckons a check: the next success is expected one period
    (``HEALTH_JOB_PERIOD_HOURS``) after the last one, or after the row was made for a job that
    never succeeded; past that the job is awaited during a grace period (``HEALTH_JOB_GRACE_HOURS``),
    then it is late.
    """

    job = models.CharField(_l("traitement"), max_length=60, unique=True)
    created_at = models.DateTimeField(_l("suivi depuis"), default=timezone.now)
    last_success_at = models.DateTimeField(_l("dernière réussite"), null=True, blank=True)
    last_day = models.DateField(_l("journée traitée"), null=True, blank=True)
    last_counts = models.JSONField(_l("décomptes"), default=dict, blank=True)
    last_duration = models.FloatField(_l("durée (s)"), null=True, blank=True)
    late_alerted_at = models.DateTimeField(_l("retard signalé le"), null=True, blank=True)

    SCOPE = Scope(platform=True)

    class Meta:
        verbose_name = _l("exécution d'un traitement")
        verbose_name_plural = _l("exécutions des traitements")
        ordering = ["job"]

    def __str__(self):
        return self.job

    @property
    def grace_starts_at(self):
        period = datetime.timedelta(hours=settings.HEALTH_JOB_PERIOD_HOURS)
        return (self.last_success_at or self.created_at) + period

    @property
    def late_after(self):
        return self.grace_starts_at + datetime.timedelta(hours=settings.HEALTH_JOB_GRACE_HOURS)

    def status(self, now):
        if now >= self.late_after:
            return LATE
        if now >= self.grace_starts_at:
            return GRACE
        return UP


class DailyRun(models.Model):
    """A daily job's run for one day, claimed once (`operations.fanout`): the dispatcher that
    inserts the row splits the work into `JobBatch` rows; another dispatcher of the same day
    (a second beat, a worker that starts) finds the row and sends only what is left to do."""

    job = models.CharField(_l("traitement"), max_length=60)
    day = models.DateField(_l("journée traitée"))
    started_at = models.DateTimeField(_l("commencé le"), default=timezone.now)
    redispatched_at = models.DateTimeField(_l("relancé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_l("terminé le"), null=True, blank=True)
    counts = models.JSONField(_l("décomptes"), default=dict, blank=True)

    SCOPE = Scope(platform=True)

    class Meta:
        verbose_name = _l("journée d'un traitement")
        verbose_name_plural = _l("journées des traitements")
        ordering = ["-day", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_per_job_and_day")]

    def __str__(self):
        return f"{self.job} {self.day.isoformat()}"


class JobBatch(models.Model):
    """One Celery task's share of a `DailyRun`: the partnerships (or conventions) it handles.
    Claimed by the task that runs it (its Celery id, so that the same message delivered again
    after its worker died takes it back), finished once; its counts add up to the run's."""

    run = models.ForeignKey(DailyRun, on_delete=models.CASCADE, related_name="batches", verbose_name=_l("journée"))
    number = models.PositiveIntegerField(_l("numéro"))
    units = models.JSONField(_l("identifiants traités"), default=list)
    created_at = models.DateTimeField(_l("créé le"), default=timezone.now)
    claimed_at = models.DateTimeField(_l("pris le"), null=True, blank=True)
    task_id = models.CharField(_l("tâche"), max_length=255, blank=True)
    attempts = models.PositiveIntegerField(_l("tentatives"), default=0)
    finished_at = models.DateTimeField(_l("terminé le"), null=True, blank=True)
    seconds = models.FloatField(_l("durée (s)"), null=True, blank=True)
    counts = models.JSONField(_l("décomptes"), default=dict, blank=True)

    SCOPE = Scope(platform=True)

    class Meta:
        verbose_name = _l("lot d'un traitement")
        verbose_name_plural = _l("lots des traitements")
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="one_batch_per_number")]

    def __str__(self):
        return f"{self.run} #{self.number}"
