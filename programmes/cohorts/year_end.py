"""The ECTE's year-end move: Year 1 becomes Year 2 on 1 September (a beat task runs it).

Only ECTs still in post move: one whose ECT period at a school finished (they left, or completed
induction) keeps their Year 1 enrolment as it is for staff to close. Running it twice moves no one
twice: the Year 1 enrolments it moves are marked completed, and a teacher already in the Year 2
cohort (registered there by a new school meanwhile) gets no second enrolment.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from participants.models import ECTAtSchoolPeriod
from participants.models.teachers import active_on
from programmes.models import Cohort, CohortStage, Enrolment, Strand

Status = Enrolment.Status


def move_year_one_into_year_two(academic_year: int, *, today: date) -> int:
    """Every active ECTE Year 1 enrolment of `academic_year` gets a Year 2 enrolment in the next year's
    Year 2 cohort, through the same school; returns how many moved. Constant queries."""
    still_an_ect = ECTAtSchoolPeriod.objects.filter(active_on(today), teacher=OuterRef("teacher_id"))
    with transaction.atomic():
        year_one = list(
            Enrolment.objects.select_for_update(of=("self",))
            .filter(
                cohort__programme__strand=Strand.ECTE, cohort__academic_year=academic_year,
                cohort__stage=CohortStage.YEAR_1, status=Status.ACTIVE,
            )
            .filter(Exists(still_an_ect))
            .select_related("cohort")
        )
        if not year_one:
            return 0
        programme_ids = {enrolment.cohort.programme_id for enrolment in year_one}
        year_two = {
            cohort.programme_id: cohort
            for cohort in Cohort.objects.filter(
                programme_id__in=programme_ids, academic_year=academic_year + 1, stage=CohortStage.YEAR_2, intake="",
            )
        }
        missing = [pid for pid in programme_ids if pid not in year_two]
        if missing:
            # One ECTE programme in practice; a cohort per programme, not per teacher.
            made = Cohort.objects.bulk_create(
                [Cohort(programme_id=pid, academic_year=academic_year + 1, stage=CohortStage.YEAR_2) for pid in missing]
            )
            year_two.update({cohort.programme_id: cohort for cohort in made})
        already = set(
            Enrolment.objects.filter(cohort__in=list(year_two.values()), teacher_id__in=[e.teacher_id for e in year_one])
            .values_list("cohort_id", "teacher_id")
        )
        new = [
            Enrolment(cohort=year_two[e.cohort.programme_id], teacher_id=e.teacher_id, school_id=e.school_id, enrolled_on=today)
            for e in year_one
            if (year_two[e.cohort.programme_id].pk, e.teacher_id) not in already
        ]
        if new:
            bulk_create_with_history(new, Enrolment, default_change_reason="Year-end move into Year 2")
        for enrolment in year_one:
            enrolment.status = Status.COMPLETED
        bulk_update_with_history(year_one, Enrolment, ["status"], default_change_reason="Year-end move into Year 2")
    return len(new)
