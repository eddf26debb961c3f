"""A school's CSV of ECTs, held between validation and the tutor's confirmation."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .schools import School


class RegistrationUpload(models.Model):
    class State(models.TextChoices):
        VALIDATING = "validating", "Checking"
        INVALID = "invalid", "Has problems"
        READY = "ready", "Ready to save"
        SAVING = "saving", "Saving"
        SAVED = "saved", "Saved"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="registration_uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    state = models.CharField(max_length=12, choices=State.choices, default=State.VALIDATING)
    # The decoded file, kept only until it is saved or purged (DP-002: transient data goes within 24 hours).
    content = models.TextField(blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # [{"line": 3, "name": "Ada Lovelace", "column": "trn", "message": "..."}]
    problems = models.JSONField(default=list, blank=True)
    # A whole-file problem (headings, encoding, size) instead of row problems.
    file_error = models.TextField(blank=True)
    saved_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.school.name}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
