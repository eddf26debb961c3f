"""The sweep: one beat job that queues again every piece of work left waiting, of every kind.

Work is waiting when its task never reached the broker (it was down: hubportal.lib.queue logs that
and moves on), when the worker holding it died, or when a mail server asked us to try later. Every
outbox (hubportal.lib.outbox), the certificates to render and the subject access exports to build are swept together, every
OUTBOX_SWEEP_SECONDS; claims on each row mean that queueing something twice never sends it twice.
"""

from celery import shared_task

from hubportal.lib.outbox import requeue_all_stuck
from privacy.access.export import requeue_stuck_exports
from programmes.certificates.rendering import requeue_stuck_renderings


@shared_task(name="hubportal.tasks.sweep")
def sweep() -> int:
    """The number of rows queued again."""
    return requeue_all_stuck() + requeue_stuck_renderings() + requeue_stuck_exports()
