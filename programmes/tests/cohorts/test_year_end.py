"""The ECTE's year-end move of Year 1 into Year 2, and the beat task that runs it on 1 September."""

from datetime import date

import pytest
from django.conf import settings

from participants.models import ECTAtSchoolPeriod
from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.year_end import move_year_one_into_year_two
from programmes.models import CohortStage, Enrolment, Strand
from registration.tests.factories import register

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
MOVE_DAY = date(2027, 9, 1)


def year_one_ects(school, actor, count):
    # Registered for 2026/27 (start date 1 September 2026): the ECTE Year 1 cohort of 2026.
    return [register(school, actor) for _ in range(count)]


def test_active_year_one_moves_into_year_two_and_completes(hub_staff, school_a):
    period = year_one_ects(school_a, hub_staff, 1)[0]
    moved = move_year_one_into_year_two(2026, today=MOVE_DAY)
    assert moved == 1
    year_two = cohort_for(Strand.ECTE, 2027, CohortStage.YEAR_2)
    new = Enrolment.objects.get(cohort=year_two)
    assert (new.teacher, new.school, new.status, new.enrolled_on) == (period.teacher, school_a, Status.ACTIVE, MOVE_DAY)
    assert Enrolment.objects.get(cohort__stage=CohortStage.YEAR_1).status == Status.COMPLETED


def test_running_twice_moves_no_one_twice(hub_staff, school_a):
    year_one_ects(school_a, hub_staff, 2)
    assert move_year_one_into_year_two(2026, today=MOVE_DAY) == 2
    assert move_year_one_into_year_two(2026, today=MOVE_DAY) == 0
    assert Enrolment.objects.filter(cohort__stage=CohortStage.YEAR_2).count() == 2


def test_leavers_and_inactive_enrolments_stay(hub_staff, school_a):
    stayer, leaver, deferred = year_one_ects(school_a, hub_staff, 3)
    ECTAtSchoolPeriod.objects.filter(pk=leaver.pk).update(finished_on=date(2027, 7, 20))
    Enrolment.objects.filter(teacher=deferred.teacher).update(status=Status.DEFERRED)
    assert move_year_one_into_year_two(2026, today=MOVE_DAY) == 1
    assert list(Enrolment.objects.filter(cohort__stage=CohortStage.YEAR_2).values_list("teacher", flat=True)) == [stayer.teacher_id]
    assert Enrolment.objects.get(teacher=leaver.teacher).status == Status.ACTIVE


def test_an_ect_already_in_year_two_gets_no_second_enrolment(hub_staff, school_a):
    period = year_one_ects(school_a, hub_staff, 1)[0]
    Enrolment.objects.create(cohort=cohort_for(Strand.ECTE, 2027, CohortStage.YEAR_2), teacher=period.teacher, enrolled_on=date(2027, 8, 30))
    assert move_year_one_into_year_two(2026, today=MOVE_DAY) == 0
    assert Enrolment.objects.get(cohort__stage=CohortStage.YEAR_1).status == Status.COMPLETED


@pytest.mark.parametrize("count", [1, 10])
def test_constant_queries(hub_staff, school_a, count, django_assert_max_num_queries):
    year_one_ects(school_a, hub_staff, count)
    cohort_for(Strand.ECTE, 2027, CohortStage.YEAR_2)
    with django_assert_max_num_queries(10):
        assert move_year_one_into_year_two(2026, today=MOVE_DAY) == count


def test_the_beat_task_moves_the_year_that_just_ended(hub_staff, school_a, monkeypatch):
    from django.utils import timezone

    from programmes.cohorts.tasks import move_ecte_year_one_into_year_two

    year_one_ects(school_a, hub_staff, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: MOVE_DAY)
    assert move_ecte_year_one_into_year_two.delay().get() == 1
    job = settings.CELERY_BEAT_SCHEDULE["ecte-year-end-move"]
    assert job["task"] == "programmes.tasks.move_ecte_year_one_into_year_two"
    assert job["schedule"].month_of_year == {9} and job["schedule"].day_of_month == {1}
