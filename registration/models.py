"""The registration journey's one model: a school's CSV of ECTs, held between checking and the tutor's confirmation."""

from django.db import models

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
