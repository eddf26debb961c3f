from django.db import models
from django.utils import timezone


class RetentionLog(models.Model):
    """One batch of the nightly retention job: which rule, what it did and to how many records.

    It never says whose: the point of the batch was to forget them.
    """

    rule = models.CharField(max_length=80)
    action = models.CharField(max_length=12)
    count = models.PositiveIntegerField()
    # The rule reached records whose clock started before this day.
    cutoff = models.DateField()
    run_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["rule", "-created_at"]),
            # The page's recent nights from the newest back, summed from the index alone: six years of
            # batches are never all read.
            models.Index(fields=["run_on", "count"], name="retention_log_nights"),
        ]

    def __str__(self):
        return f"{self.rule}: {self.action} {self.count} on {self.run_on}"


class RetentionFigure(models.Model):
    """What one rule of the schedule had due, counted as the nightly job finished (the Data retention page reads these).

    Counting every rule's records on each view would read every personal record in the database; the
    job walks every rule anyway. A rule's key and two numbers: it names no one.
    """

    rule = models.CharField(max_length=80, unique=True)
    due_now = models.PositiveIntegerField()
    # Due within the forecast's window, not already due now.
    due_soon = models.PositiveIntegerField()
    # The day the rule's cut-offs were worked out from (the job's day), and when the counts were taken.
    counted_for = models.DateField()
    taken_at = models.DateTimeField()

    def __str__(self):
        return f"{self.rule}: {self.due_now} due, {self.due_soon} soon, as at {self.taken_at:%Y-%m-%d %H:%M}"
