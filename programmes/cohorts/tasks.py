"""The cohorts' scheduled jobs: the ECTE's year-end move on 1 September, and enrolment CSVs forgotten after a day."""

from celery import shared_task
from django.utils import timezone

from hubportal.lib.dates import academic_year_of
from programmes.cohorts.enrolment_csv import purge_old_uploads
from programmes.cohorts.year_end import move_year_one_into_year_two


@shared_task(name="programmes.tasks.move_ecte_year_one_into_year_two")
def move_ecte_year_one_into_year_two() -> int:
    """1 September: the academic year that just ended moves its Year 1 ECTs into Year 2 (programmes.cohorts.year_end)."""
    today = timezone.localdate()
    return move_year_one_into_year_two(academic_year_of(today) - 1, today=today)


@shared_task(name="programmes.cohorts.tasks.purge_enrolment_uploads")
def purge_enrolment_uploads() -> int:
    """DP-002: the contents of an enrolment CSV and the names in its problems go within 24 hours."""
    return purge_old_uploads()
