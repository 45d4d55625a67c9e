"""The calendar of obligations and parts of pages as the pages read them (see partnership.duty_snapshots)."""

from django.db import models

from partnership.models.organisations import Partnership


class DutyChange(models.Model):
    """A change to what a partnership's calendar is made of (see `partnership.duty_snapshots`).

    Rows are only ever added, in the transaction of the change itself: they take no lock that
    another transaction waits for, and they become visible together with the change."""

    # null: all. A partnership deleted leaves its changes as changes for all: no count ever goes
    # down before `prune`, so no count comes back to a value a snapshot was taken at.
    partnership = models.ForeignKey(Partnership, null=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["day", "partnership"], name="duty_change_day")]

    def __str__(self):
        return f"{self.day} {self.partnership_id or '*'}"


class Snapshot(models.Model):
    """What a partnership's pages show on one day in one language, with the number of changes
    (`DutyChange`) it was read after: it stands as long as that number has not moved."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=15)
    day = models.DateField()
    changes = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.partnership_id} {self.day} {self.language}"


class DutySnapshot(Snapshot):
    """A partnership's calendar, as the pages show it."""

    duties = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "language"], name="one_duty_snapshot_per_language")
        ]


class PageSnapshot(Snapshot):
    """A part of a page, as written for what else it depends on (`key`: the part, the period, the
    reader, the release). Without a partnership, it depends on all of them and stands while nothing
    has changed anywhere."""

    partnership = models.ForeignKey(Partnership, null=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    html = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "language", "key"], name="one_page_snapshot_per_key"),
            models.UniqueConstraint(
                fields=["language", "key"],
                condition=models.Q(partnership__isnull=True),
                name="one_page_snapshot_for_all_per_key",
            ),
        ]

    def __str__(self):
        return f"{super().__str__()} {self.key}"
