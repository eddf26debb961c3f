"""A headteacher role that waits for confirmation, and the decision on it.

The headteacher is the second signature on every formal assessment (FA-005). An induction tutor may
invite the school's headteacher, so without a check a tutor could invite their own second address
(or a friend's) and fill both signatures. A headteacher role granted on a tutor's invitation
therefore waits (RoleAssignment.awaiting_confirmation) until hub staff or the school's confirmed
headteacher confirm or refuse it. This row is the request, the one email to the confirmers (an
outbox row, sent once) and the record of who decided what and when; it outlives a refused role.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.outbox import OutboxRow

from .accounts import User
from .schools import School


class HeadteacherConfirmation(OutboxRow):
    send_task = "participants.tasks.send_headteacher_confirmation_requests"  # sends a chunk of them (the sweep queues it)

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        REFUSED = "refused", "Refused"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="headteacher_confirmations")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="headteacher_confirmations")
    # Who invited them: the confirmers see it, and it is why the role waits.
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One open request per person and school: a second invitation finds the first.
            models.UniqueConstraint(fields=["user", "school"], condition=Q(decision="pending"), name="one_pending_headteacher_confirmation"),
            models.CheckConstraint(condition=Q(decision="pending") | Q(decided_at__isnull=False), name="headteacher_decision_has_a_time"),
        ]

    def __str__(self) -> str:
        return f"{self.user} as headteacher at {self.school}: {self.get_decision_display().lower()}"
