"""A CSV of claims to accept, or of releases and passes to record, applied row by row (RIAB-006)."""

from django.db import models

from hubportal.lib.csv_upload import CsvUpload


class BulkUpload(CsvUpload):
    """`results` holds a result for every row done: [{"line": 2, "trn": "1234567", "name": "Ada Lovelace",
    "outcome": "accepted", "message": "..."}], in file order."""

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

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows_accepted = models.PositiveIntegerField(default=0)

    WORKING = UNFINISHED = (Status.CHECKED, Status.PROCESSING)

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()})"

    @property
    def rows_refused(self) -> int:
        return sum(1 for result in self.results if result["outcome"] == self.Result.REFUSED)
