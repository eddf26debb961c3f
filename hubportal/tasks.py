"""The sweep: one beat job that queues again every piece of work left waiting, of every kind.

Work is waiting when its task never reached the broker (it was down: hubportal.lib.queue logs that
and moves on), when the worker holding it died, or when a mail server asked us to try later. Every
outbox (hubportal.lib.outbox), the certificates to render and the subject access exports to build are swept together, every
OUTBOX_SWEEP_SECONDS; claims on each row mean that queueing something twice never sends it twice.
"""

from celery import shared_task

from appropriate_body.assessments.awaiting import AWAITING_REVIEW
from appropriate_body.claims.state import CLAIM_STATE
from appropriate_body.inductions.state import INDUCTION_STATE
from hubportal.lib.outbox import requeue_all_stuck
from hubportal.lib.stored_state import check_stored_state
from privacy.access.export import requeue_stuck_exports
from programmes.certificates.rendering import requeue_stuck_renderings


@shared_task(name="hubportal.tasks.sweep")
def sweep() -> int:
    """The number of rows queued again."""
    return requeue_all_stuck() + requeue_stuck_renderings() + requeue_stuck_exports()


# Every value stored on a row that other rows decide (hubportal.lib.stored_state), checked nightly in this order.
STORED_STATES = (CLAIM_STATE, INDUCTION_STATE, AWAITING_REVIEW)


@shared_task(name="hubportal.tasks.check_stored_states")
def check_stored_states() -> dict[str, int]:
    """Nightly: every stored value worked out afresh, drift named and corrected; how many rows drifted, by state."""
    return {state.name: len(check_stored_state(state)) for state in STORED_STATES}
