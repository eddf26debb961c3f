"""A cohort's enrolments page: by the teacher's name, a page at a time, in the same queries whatever its size.

The name the page sorts by is a copy on the enrolment that the database keeps (migration 0021): these
tests change names and enrolments every way the portal does and check the order against the teachers' own.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from participants.models import Teacher
from participants.tests.factories import SchoolFactory, TeacherFactory
from programmes.cohorts.enrolments import cohort_url_kwargs, enrolments_page
from programmes.models import Cohort, Enrolment, Partner, Placement, Programme, Strand
from programmes.tests.factories import EnrolmentFactory, NPQCohortFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 1)
NAMES = [("Smith", "Zoe"), ("Adams", "Bea"), ("Smith", "Ann"), ("smith", "Ann"), ("O'Neil", "Cai"), ("Smith", "Ann"), ("Ng", "")]


def by_teachers_names(cohort) -> list[int]:
    """The order read from the teachers' own rows, as the page was sorted before it kept a copy."""
    return list(cohort.enrolments.order_by("teacher__last_name", "teacher__first_name", "pk").values_list("pk", flat=True))


def every_page(cohort, per_page=3) -> list[int]:
    first = enrolments_page(cohort, 1, per_page=per_page)
    ids = []
    for number in first.paginator.page_range:
        ids += [enrolment.pk for enrolment in enrolments_page(cohort, number, per_page=per_page).object_list]
    return ids


@pytest.fixture
def cohort():
    cohort = NPQCohortFactory()
    other = NPQCohortFactory(academic_year=2027)
    for last, first in NAMES:
        teacher = TeacherFactory(last_name=last, first_name=first)
        EnrolmentFactory(cohort=cohort, teacher=teacher)
        EnrolmentFactory(cohort=other, teacher=teacher)
    return cohort


def test_the_pages_follow_the_teachers_names_then_the_order_of_enrolling(cohort):
    ids = every_page(cohort)
    assert ids == by_teachers_names(cohort) and len(ids) == len(NAMES)
    first = Enrolment.objects.get(pk=ids[0])
    assert (first.teacher.last_name, first.teacher.first_name) == ("Adams", "Bea")


def test_a_teachers_new_name_moves_them_whether_saved_or_updated_in_bulk(cohort):
    saved = Teacher.objects.get(last_name="Adams")
    saved.last_name = "Young"
    saved.save()
    Teacher.objects.filter(last_name="Ng").update(last_name="Abbott", first_name="Al")
    ids = every_page(cohort)
    assert ids == by_teachers_names(cohort)
    assert Enrolment.objects.get(pk=ids[0]).teacher.last_name == "Abbott"
    young = Enrolment.objects.get(cohort=cohort, teacher=saved).pk
    assert ids.index(young) > ids.index(Enrolment.objects.get(cohort=cohort, teacher__first_name="Zoe").pk)


def test_enrolments_made_in_bulk_or_saved_from_an_old_instance_carry_the_teachers_name(cohort):
    late = TeacherFactory(last_name="Aardvark", first_name="Ed")
    Enrolment.objects.bulk_create([Enrolment(cohort=cohort, teacher=late, enrolled_on=TODAY)])
    stale = Enrolment.objects.get(cohort=cohort, teacher__last_name="O'Neil")
    Teacher.objects.filter(pk=stale.teacher_id).update(last_name="Zed")
    stale.status = Enrolment.Status.DEFERRED
    stale.save()
    moved = Enrolment.objects.get(cohort=cohort, teacher__last_name="Smith", teacher__first_name="Zoe")
    moved.teacher = TeacherFactory(last_name="Able", first_name="Ann")
    moved.save()
    assert every_page(cohort) == by_teachers_names(cohort)
    assert Enrolment.objects.filter(teacher__last_name="Zed", teacher_last_name="Zed").count() == 2
    assert Enrolment.objects.get(pk=moved.pk).teacher_last_name == "Able"


def test_a_page_past_the_end_is_the_last_and_an_empty_cohort_has_one_empty_page(cohort):
    last = enrolments_page(cohort, 99, per_page=3)
    assert last.number == 3 and [e.pk for e in last.object_list] == by_teachers_names(cohort)[6:]
    empty = enrolments_page(NPQCohortFactory(academic_year=2028), 1, per_page=3)
    assert empty.paginator.count == 0 and empty.object_list == []


def _itt_cohort() -> Cohort:
    partner = Partner.objects.create(name="Severn SCITT", kind=Partner.Kind.SCITT)
    programme = Programme.objects.create(strand=Strand.ITT, name="Severn SCITT primary", slug="severn", partner=partner)
    return Cohort.objects.create(programme=programme, academic_year=2026)


# Session, user, roles, authenticator, cohort, count, the page's ids, its rows; an ITT page its placements too.
@pytest.mark.parametrize(("itt", "count", "queries"), [(False, 1, 8), (False, 60, 8), (True, 1, 9), (True, 60, 9)])
def test_the_page_takes_the_same_queries_for_one_enrolment_or_many(client, hub_staff, itt, count, queries, django_assert_num_queries):
    cohort = _itt_cohort() if itt else NPQCohortFactory()
    schools = [SchoolFactory(), SchoolFactory()]
    for n in range(count):
        enrolment = EnrolmentFactory(cohort=cohort, school=schools[n % 2], teacher=TeacherFactory(last_name=f"L{n:03}"))
        if itt:
            Placement.objects.create(enrolment=enrolment, school=schools[(n + 1) % 2], started_on=TODAY, finished_on=TODAY + timedelta(days=60))
    client.force_login(hub_staff)
    with django_assert_num_queries(queries):
        response = client.get(reverse("programmes:cohort_enrolments", kwargs=cohort_url_kwargs(cohort)))
    body = response.content.decode()
    assert response.status_code == 200 and f"Enrolments ({count})" in body
    assert body.count("Manage<span") == min(count, 50)
    assert "L000" in body and schools[0].name in body
    if itt:
        assert body.count(schools[1].name) >= min(count, 50) // 2
