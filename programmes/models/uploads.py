"""A CSV of people to enrol, recorded as it is checked and saved (in the request: the file is all or nothing)."""

from django.db import models

from hubportal.lib.csv_upload import CsvUpload

from .strands import Cohort


class EnrolmentUpload(CsvUpload):
    """For one cohort, or (`cohort` empty) for the NPQ cohorts of `academic_year`.

    `results` lists the problems: [{"line": 3, "trn": "1234567", "name": "Ada Lovelace", "column": "email", "message": "..."}].
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking"
        INVALID = "invalid", "Has problems"
        SAVED = "saved", "Saved"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CHECKING)
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)
    enrolled_count = models.PositiveIntegerField(default=0)

    # Checked and saved in one request: still checking at the purge means the request died part-way.
    WORKING = UNFINISHED = (Status.CHECKING,)

    def __str__(self) -> str:
        return self.filename
