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
        indexes = [models.Index(fields=["rule", "-created_at"])]

    def __str__(self):
        return f"{self.rule}: {self.action} {self.count} on {self.run_on}"
