"""The calendar of obligations and parts of pages as the pages read them (see partnership.duty_snapshots)."""

from django.db import models

from partnership.models.organisations import Partnership


class DutyChange(models.Model):
    """A change to what a partnership's calendar is made of (see `partnership.duty_snapshots`).

    Rows are only ever added, in the transaction of the change itself: they take no lock that
    another transaction waits for, and they become visible together with the change."""

    partnership = models.ForeignKey(Partnership, null=True, on_delete=models.CASCADE, related_name="+")  # null: all
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["day", "partnership"], name="duty_change_day")]

    def __str__(self):
        return f"{self.day} {self.partnership_id or '*'}"


class DutySnapshot(models.Model):
    """A partnership's calendar of one day as the pages show it, with the number of changes
    (`DutyChange`) it was gathered after: it stands as long as that number has not moved."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=15)
    day = models.DateField()
    changes = models.PositiveIntegerField()
    duties = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "language"], name="one_duty_snapshot_per_language")
        ]

    def __str__(self):
        return f"{self.partnership_id} {self.day} {self.language}"


class PageSnapshot(models.Model):
    """A part of a page as it was written for a partnership, a language and what else it depends
    on (`key`: the part, the period, the reader's roles, the release) on one day, with the number
    of changes (`DutyChange`) it was written after: it stands as long as that number has not moved."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=15)
    key = models.CharField(max_length=200)
    day = models.DateField()
    changes = models.PositiveIntegerField()
    html = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "language", "key"], name="one_page_snapshot_per_key")
        ]

    def __str__(self):
        return f"{self.partnership_id} {self.day} {self.language} {self.key}"
