"""Schools as GIAS describes them."""

from django.db import models


class School(models.Model):
    """An establishment as GIAS describes it, upserted by URN (ID-URN-001)."""

    class Status(models.TextChoices):
        # ID-GIAS-002: the four GIAS statuses.
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        PROPOSED_TO_CLOSE = "proposed_to_close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    establishment_type = models.CharField("type of establishment", max_length=100, blank=True)
    establishment_type_code = models.CharField(max_length=10, blank=True)
    type_group = models.CharField("establishment type group", max_length=100, blank=True)
    phase = models.CharField("phase of education", max_length=50, blank=True)
    local_authority = models.CharField("local authority", max_length=100, blank=True)
    la_code = models.CharField("LA code", max_length=10, blank=True)
    establishment_number = models.CharField(max_length=10, blank=True)
    district = models.CharField("district", max_length=100, blank=True)
    district_code = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    town = models.CharField(max_length=100, blank=True)
    trust = models.CharField(max_length=200, blank=True)
    trust_code = models.CharField(max_length=20, blank=True)
    ukprn = models.PositiveIntegerField("UKPRN", null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    head_name = models.CharField("headteacher", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["local_authority", "district"]), models.Index(fields=["phase"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def is_open(self) -> bool:
        # ID-GIAS-002: DfE treats "open" as open or proposed to close.
        return self.status in (self.Status.OPEN, self.Status.PROPOSED_TO_CLOSE)
