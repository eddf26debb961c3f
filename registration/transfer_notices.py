"""The one email to a teacher's current school when another school asks to register them, and the daily job
that lets unanswered moves take effect."""

from celery import shared_task
from django.utils import timezone

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from participants.models import Role, RoleAssignment, TeacherTransfer
from registration.transfers import complete_due_transfers, takes_effect_on

# Who manages a school's teachers, and so hears of a move away from it.
MANAGERS = (Role.INDUCTION_TUTOR, Role.HEADTEACHER)


@shared_task(name="registration.tasks.send_transfer_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_transfer_notices(self, transfer_ids: list[int]) -> None:
    """Each move's notice to the current school, sent once (hubportal.lib.outbox)."""
    deliver(self, TeacherTransfer, transfer_ids, transfer_notice)


def transfer_notice(transfer_id: int):
    transfer = TeacherTransfer.objects.select_related("teacher", "from_school", "to_school").get(pk=transfer_id)
    if not transfer.is_open:
        return None
    recipients = sorted(set(RoleAssignment.objects.filter(school=transfer.from_school, role__in=MANAGERS)
                            .values_list("user__email", flat=True)))
    if not recipients:
        return None
    message = build_email("transfer_requested", recipients[0], {
        "transfer": transfer, "teacher": transfer.teacher, "school": transfer.from_school,
        "new_school": transfer.to_school, "takes_effect_on": takes_effect_on(transfer),
    })
    # One email to the school: everyone who manages its teachers on the same message.
    message.to = recipients
    return message


@shared_task(name="registration.tasks.complete_due_transfers")
def complete_due_transfers_task() -> int:
    return len(complete_due_transfers(today=timezone.localdate()))
