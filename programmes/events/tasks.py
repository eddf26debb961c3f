"""The events' scheduled jobs: offered places that lapse, reminders, and emails a dead worker left behind."""

from datetime import timedelta

from celery import shared_task

from hubportal.lib.outbox import requeue_stuck
from programmes.events.replies import lapse_expired_offers, queue_reminders
from programmes.models import EvaluationNotice, EventInvitation, EventNotice


@shared_task(name="programmes.tasks.lapse_place_offers")
def lapse_place_offers() -> int:
    return lapse_expired_offers()


@shared_task(name="programmes.tasks.send_event_reminders")
def send_event_reminders() -> int:
    return queue_reminders()


@shared_task(name="programmes.tasks.requeue_stuck_emails")
def requeue_stuck_emails(queued_before_seconds: int = 120) -> int:
    """Every event and evaluation email still waiting (a worker died, a message was lost) goes to a worker again."""
    before = timedelta(seconds=queued_before_seconds)
    return (requeue_stuck(EventInvitation, "programmes.tasks.send_event_invitations", queued_before=before)
            + requeue_stuck(EventNotice, "programmes.tasks.send_event_notices", queued_before=before)
            + requeue_stuck(EvaluationNotice, "programmes.tasks.send_survey_notices", queued_before=before))
