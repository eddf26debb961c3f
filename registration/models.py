"""The registration journey's models: a school's CSV of ECTs, held between checking and the tutor's confirmation;
what moved when a school closed into its successor; and the GIAS files the scheduled import has read."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from hubportal.lib.csv_upload import CsvUpload
from participants.models import School


class RegistrationUpload(CsvUpload):
    """`results` lists the problems: [{"line": 3, "name": "Ada Lovelace", "column": "trn", "message": "..."}]."""

    class Status(models.TextChoices):
        VALIDATING = "validating", "Checking"
        INVALID = "invalid", "Has problems"
        READY = "ready", "Ready to save"
        SAVING = "saving", "Saving"
        SAVED = "saved", "Saved"
        FAILED = "failed", "Failed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="registration_uploads")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALIDATING)
    saved_count = models.PositiveIntegerField(default=0)

    WORKING = (Status.VALIDATING, Status.SAVING)
    # A checked file waits for the tutor to confirm it; past the purge it can no longer be saved.
    UNFINISHED = (Status.VALIDATING, Status.READY, Status.SAVING)

    def __str__(self) -> str:
        return f"{self.filename} for {self.school.name}"

    @property
    def moves_asked(self) -> int:
        """Rows of a saved file that became moves for another school to confirm (registration.transfers):
        a file is saved only when every row passed, and each row is then either registered or a move."""
        return max(self.rows_total - self.saved_count, 0) if self.status == self.Status.SAVED else 0


class SchoolMerge(models.Model):
    """What moved from a closed school to its one GIAS successor (registration.school_merges), so it can be undone.

    `moved` names rows by id only: {"ect_periods": [[at the closed school, at the successor]],
    "mentor_periods": [[old, new, made by the move]], "repointed_ect_periods": [...], "repointed_mentor_periods": [...],
    "claims": [[claim, old period, new period]], "agreements": [...], "transfers": [moves now asked of the successor],
    "answered_transfers": [[move into the successor the merge made, its status before]]}. No names: it is a log of records.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    from_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="merges_out")
    to_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="merges_in")
    link_type = models.CharField(max_length=100)
    moved_on = models.DateField()
    moved = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    # None: the GIAS import made it.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["from_school", "to_school"])]

    def __str__(self) -> str:
        return f"{self.from_school} to {self.to_school} on {self.moved_on}"

    @property
    def counts(self) -> dict[str, int]:
        """How many of each kind moved, re-pointed or not."""
        moved = self.moved
        return {
            "ects": len(moved.get("ect_periods", [])) + len(moved.get("repointed_ect_periods", [])),
            "mentors": len(moved.get("mentor_periods", [])) + len(moved.get("repointed_mentor_periods", [])),
            "claims": len(moved.get("claims", [])),
            "agreements": len(moved.get("agreements", [])),
        }


class GiasFileImport(models.Model):
    """A GIAS file the scheduled import has read, so the same file is never imported twice."""

    filename = models.CharField(max_length=255, unique=True)
    imported_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.filename
