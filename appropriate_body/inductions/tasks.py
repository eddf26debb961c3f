"""The inductions' scheduled job: the to-do state stored on induction periods is checked nightly."""

from celery import shared_task

from appropriate_body.inductions.state import check_induction_state as check


@shared_task(name="appropriate_body.tasks.check_induction_state")
def check_induction_state() -> int:
    """Nightly: the to-do state stored on every induction period worked out afresh; any drift is logged and corrected."""
    return len(check())
