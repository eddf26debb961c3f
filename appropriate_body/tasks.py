"""Celery tasks for the AB service. Tasks take ids or nothing, and re-load what they need."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="appropriate_body.tasks.start_scheduled_claims")
def start_scheduled_claims() -> int:
    """Claims accepted for a start date that has come: their induction periods open today."""
    from appropriate_body.claims.claims import start_scheduled_claims as start

    return len(start(today=timezone.localdate()))


@shared_task(name="appropriate_body.tasks.queue_agreement_renewal_reminders")
def queue_agreement_renewal_reminders() -> int:
    """Hub staff hear once about each school whose service agreement ends within 30 days, not yet renewed."""
    from appropriate_body.agreements.agreements import queue_renewal_reminders

    return queue_renewal_reminders(today=timezone.localdate())


@shared_task(name="appropriate_body.tasks.send_renewal_reminders", bind=True, max_retries=5, default_retry_delay=60)
def send_renewal_reminders(self, reminder_ids: list[int]) -> None:
    from hubportal.lib.outbox import deliver

    from appropriate_body.agreements.agreements import renewal_reminder_message
    from .models import RenewalReminder

    deliver(self, RenewalReminder, reminder_ids, lambda pk: renewal_reminder_message(pk, today=timezone.localdate()))


@shared_task(name="appropriate_body.tasks.send_release_requests", bind=True, max_retries=5, default_retry_delay=60)
def send_release_requests(self, request_ids: list[int]) -> None:
    """Release requests to other ABs, each sent once (hubportal.outbox)."""
    from hubportal.lib.outbox import deliver

    from .models.claims import ReleaseRequest
    from appropriate_body.claims.release_requests import release_request_message

    deliver(self, ReleaseRequest, request_ids, release_request_message)


@shared_task(name="appropriate_body.tasks.requeue_stuck_ab_emails")
def requeue_stuck_ab_emails(queued_before_seconds: int = 120) -> int:
    """Every AB email still waiting (a worker died, a message was lost) goes to a worker again; claims stop doubles."""
    from datetime import timedelta

    from hubportal.lib.outbox import requeue_stuck

    from .models import AssessmentNotice
    from .models.claims import ReleaseRequest

    queued_before = timedelta(seconds=queued_before_seconds)
    return (requeue_stuck(ReleaseRequest, send_release_requests, queued_before=queued_before)
            + requeue_stuck(AssessmentNotice, send_assessment_notices, queued_before=queued_before))


@shared_task(name="appropriate_body.tasks.queue_assessment_reminders")
def queue_assessment_reminders() -> int:
    """Induction tutors hear a week before a review or assessment is due, on the day, and once when overdue."""
    from appropriate_body.assessments.assessments import queue_reminders

    return queue_reminders(today=timezone.localdate())


@shared_task(name="appropriate_body.tasks.send_assessment_reminders", bind=True, max_retries=5, default_retry_delay=60)
def send_assessment_reminders(self, reminder_ids: list[int]) -> None:
    from hubportal.lib.outbox import deliver

    from appropriate_body.assessments.assessments import reminder_message
    from .models import AssessmentReminder

    deliver(self, AssessmentReminder, reminder_ids, reminder_message)


@shared_task(name="appropriate_body.tasks.send_assessment_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_assessment_notices(self, notice_ids: list[int]) -> None:
    """Whoever acts next on a review or assessment hears it is their turn (PR-003, FA-005); each notice once."""
    from hubportal.lib.outbox import deliver

    from appropriate_body.assessments.notices import notice_message
    from .models import AssessmentNotice

    deliver(self, AssessmentNotice, notice_ids, notice_message)


# Bulk CSV (appropriate_body.claims.bulk, where its worker task is).


@shared_task(name="appropriate_body.tasks.purge_bulk_uploads")
def purge_bulk_uploads() -> int:
    """DP-002: the contents of a bulk CSV and the names in its results go within 24 hours."""
    from appropriate_body.claims.bulk import purge_old_uploads

    return purge_old_uploads()
