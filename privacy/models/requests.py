import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# UK GDPR Art. 12(3): answer within one month of receipt, extendable by two further months.
ANSWER_WITHIN = relativedelta(months=1)
EXTENDED_BY = relativedelta(months=2)


class DataRequest(models.Model):
    """A person's request under UK GDPR: a copy of their data (Art. 15) or its erasure (Art. 17).

    While open it names the person as hub staff entered them (email, TRN, name). Once answered, what
    identifies them is cleared (an erasure at once; a copy when its download expires) and the request
    stays, naming nobody, as the record that the hub answered in time. Retention: the "data_requests"
    rule of privacy.retention deletes it six years after it was answered.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", "Subject access (a copy of their data)"
        ERASURE = "erasure", "Erasure"

    class ExportState(models.TextChoices):
        NONE = "", "Not started"
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Download expired"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField(blank=True)
    trn = models.CharField("TRN", max_length=7, blank=True)
    name = models.CharField(max_length=200, blank=True)
    received_on = models.DateField()
    due_on = models.DateField()
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # What was done, kind by kind, in counts and reasons: never the person's data.
    outcome = models.JSONField(default=list, blank=True)
    identity_cleared_at = models.DateTimeField(null=True, blank=True)
    # A subject access request's export: built by a worker, downloadable until it expires.
    export_state = models.CharField(max_length=10, choices=ExportState.choices, blank=True, default=ExportState.NONE)
    export_steps_total = models.PositiveIntegerField(default=0)
    export_steps_done = models.PositiveIntegerField(default=0)
    export_error = models.TextField(blank=True)
    # When the export was queued or a worker claimed it: one left there long (a worker died) is taken up again.
    export_since = models.DateTimeField(null=True, blank=True)
    export_file = models.FileField(upload_to="data-requests/", blank=True, max_length=200)
    export_ready_at = models.DateTimeField(null=True, blank=True)
    export_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(identity_cleared_at__isnull=False) | ~Q(email="") | ~Q(trn=""),
                                   name="open_data_request_names_an_email_or_trn"),
        ]
        indexes = [models.Index(fields=["completed_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_on:%d/%m/%Y}"

    @staticmethod
    def due_for(received_on, *, extended: bool = False):
        # Three months from receipt, not one then two: 31 January is due 30 April, not 28 April.
        return received_on + (ANSWER_WITHIN + EXTENDED_BY if extended else ANSWER_WITHIN)
