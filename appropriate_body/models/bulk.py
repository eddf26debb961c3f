"""A CSV of claims to accept, or of releases and passes to record, applied row by row (RIAB-006)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class BulkUpload(models.Model):
    class Kind(models.TextChoices):
        CLAIMS = "claims", "Accept claims"
        ACTIONS = "actions", "Release or pass"

    class Status(models.TextChoices):
        CHECKED = "checked", "Waiting"
        PROCESSING = "processing", "Working"
        DONE = "done", "Done"
        # An unexpected error part-way: the rows in `results` were dealt with, the rest were not.
        FAILED = "failed", "Stopped"

    class Result(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        RELEASED = "released", "Released"
        PASSED = "passed", "Passed"
        REFUSED = "refused", "Refused"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_accepted = models.PositiveIntegerField(default=0)
    # [{"line": 2, "trn": "1234567", "name": "Ada Lovelace", "outcome": "accepted", "message": "..."}], in file order.
    results = models.JSONField(default=list, blank=True)
    # The decoded file, kept only until it is processed and purged (DP-002: within 24 hours).
    contents = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def rows_refused(self) -> int:
        return sum(1 for result in self.results if result["outcome"] == self.Result.REFUSED)
