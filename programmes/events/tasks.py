"""The events' scheduled jobs: offered places that lapse, and reminders (emails left waiting: hubportal.tasks.sweep)."""

from celery import shared_task

from programmes.events.replies import lapse_expired_offers, queue_reminders


@shared_task(name="programmes.tasks.lapse_place_offers")
def lapse_place_offers() -> int:
    return lapse_expired_offers()


@shared_task(name="programmes.tasks.send_event_reminders")
def send_event_reminders() -> int:
    return queue_reminders()
