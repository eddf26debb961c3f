"""Hub staff's programmes and cohorts, enrolling one person, and an enrolment's states and NPQ outcome."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.dates import academic_year_of
from participants.models import Teacher
from participants.tests.factories import SchoolFactory
from programmes.cohorts import enrolments
from programmes.cohorts.enrolments import PersonDetails, cohort_url_kwargs, enrol_person
from programmes.cohorts.npq import npq_programme
from programmes.insight.tallies import count_cohorts
from programmes.models import Cohort, CohortStage, Enrolment, ITTRoute, NPQCourse, NPQIntake, Partner, Placement, Programme, Strand
from programmes.tests.factories import NPQCohortFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
TODAY = date(2026, 10, 1)


def person(trn="1234567", **overrides) -> PersonDetails:
    values = {"trn": trn, "first_name": "Ada", "last_name": "Lovelace", "email": f"ada{trn}@example.org"}
    values.update(overrides)
    return PersonDetails(**values)


def cohort_url(name, cohort):
    return reverse(f"programmes:{name}", kwargs=cohort_url_kwargs(cohort))


# --- Domain: enrolling one person --------------------------------------------------------------


def test_enrolling_a_new_teacher_makes_their_record_and_an_active_enrolment(hub_staff, school_a):
    cohort = NPQCohortFactory()
    enrolment = enrol_person(cohort, person(school_urn=school_a.urn), actor=hub_staff, today=TODAY)
    assert enrolment.status == Status.ACTIVE and enrolment.school == school_a and enrolment.created_by == hub_staff
    assert Teacher.objects.get(trn="1234567").email == "ada1234567@example.org"
    assert enrolment.history.get().history_user == hub_staff


def test_an_existing_teacher_is_found_by_trn_and_not_renamed(hub_staff):
    teacher = Teacher.objects.create(trn="1234567", first_name="Ada", last_name="Lovelace", email="old@example.org")
    enrolment = enrol_person(NPQCohortFactory(), person(first_name="ada", last_name="LOVELACE"), actor=hub_staff, today=TODAY)
    assert enrolment.teacher == teacher
    teacher.refresh_from_db()
    assert teacher.email == "old@example.org"


def test_a_trn_held_under_another_name_is_refused(hub_staff):
    Teacher.objects.create(trn="1234567", first_name="Grace", last_name="Hopper", email="g@example.org")
    with pytest.raises(ValidationError) as error:
        enrol_person(NPQCohortFactory(), person(), actor=hub_staff, today=TODAY)
    assert "do not match a teacher we hold" in error.value.message_dict["trn"][0]
    assert not Enrolment.objects.exists()


def test_enrolling_the_same_teacher_twice_in_a_cohort_is_refused(hub_staff):
    cohort = NPQCohortFactory()
    enrol_person(cohort, person(), actor=hub_staff, today=TODAY)
    with pytest.raises(ValidationError) as error:
        enrol_person(cohort, person(), actor=hub_staff, today=TODAY)
    assert error.value.message_dict["trn"] == [f"This teacher is already enrolled in {cohort.name}"]
    assert Enrolment.objects.count() == 1


def test_the_same_teacher_may_take_a_second_npq(hub_staff):
    enrol_person(NPQCohortFactory(), person(), actor=hub_staff, today=TODAY)
    enrol_person(NPQCohortFactory(course=NPQCourse.SENCO), person(), actor=hub_staff, today=TODAY)
    assert Enrolment.objects.count() == 2


def test_an_unknown_school_urn_and_bad_fields_are_named(hub_staff):
    with pytest.raises(ValidationError) as error:
        enrol_person(NPQCohortFactory(), person(first_name=" ", email="nope", school_urn=999999), actor=hub_staff, today=TODAY)
    assert set(error.value.message_dict) == {"first_name", "email", "school_urn"}


def test_aso_takes_no_new_enrolments(hub_staff):
    # §6.1: ASO is hidden, replaced by EHCO.
    with pytest.raises(ValidationError):
        enrol_person(NPQCohortFactory(course=NPQCourse.ASO), person(), actor=hub_staff, today=TODAY)
    enrol_person(NPQCohortFactory(course=NPQCourse.EHCO), person(), actor=hub_staff, today=TODAY)


def test_itt_needs_route_and_study_mode(hub_staff):
    programme = Programme.objects.create(strand=Strand.ITT, name="Primary SCITT", slug="primary-scitt")
    cohort = Cohort.objects.create(programme=programme, academic_year=2026)
    with pytest.raises(ValidationError) as error:
        enrol_person(cohort, person(), actor=hub_staff, today=TODAY)
    assert set(error.value.message_dict) == {"itt_route", "study_mode"}
    enrolment = enrol_person(cohort, person(itt_route=ITTRoute.SCHOOL_DIRECT_SALARIED, study_mode="part_time"),
                             actor=hub_staff, today=TODAY)
    assert enrolment.itt_route == ITTRoute.SCHOOL_DIRECT_SALARIED


# --- Domain: adding a cohort ------------------------------------------------------------------


def test_npq_cohorts_need_an_intake_and_others_refuse_one():
    npq = npq_programme(NPQCourse.H)
    with pytest.raises(ValidationError) as error:
        enrolments.add_cohort(npq, 2026)
    assert "intake" in error.value.message_dict
    cpd = Programme.objects.create(strand=Strand.CPD, name="Maths hub work group", slug="maths")
    with pytest.raises(ValidationError) as error:
        enrolments.add_cohort(cpd, 2026, intake=NPQIntake.AUTUMN)
    assert "intake" in error.value.message_dict
    assert enrolments.add_cohort(npq, 2026, intake=NPQIntake.SPRING).intake == NPQIntake.SPRING
    with pytest.raises(ValidationError) as error:
        enrolments.add_cohort(npq, 2026, intake=NPQIntake.SPRING)
    assert error.value.message_dict["academic_year"] == ["That cohort already exists"]


def test_ecte_cohorts_need_a_stage():
    ecte = Programme.objects.create(strand=Strand.ECTE, name="ECTE", slug="ecte-test")
    with pytest.raises(ValidationError):
        enrolments.add_cohort(ecte, 2026)
    assert enrolments.add_cohort(ecte, 2026, stage=CohortStage.YEAR_2).stage == CohortStage.YEAR_2


# --- Domain: states and outcomes --------------------------------------------------------------


def test_defer_resume_withdraw(hub_staff):
    enrolment = enrol_person(NPQCohortFactory(), person(), actor=hub_staff, today=TODAY)
    with pytest.raises(ValidationError):
        enrolments.defer(enrolment, " ", actor=hub_staff)
    enrolments.defer(enrolment, "Maternity leave", actor=hub_staff)
    assert Enrolment.objects.get().status == Status.DEFERRED
    with pytest.raises(ValidationError):
        enrolments.complete(enrolment, actor=hub_staff)
    enrolments.resume(enrolment, actor=hub_staff)
    enrolments.withdraw(enrolment, "Left teaching", actor=hub_staff)
    saved = Enrolment.objects.get()
    assert (saved.status, saved.status_reason) == (Status.WITHDRAWN, "Left teaching")
    with pytest.raises(ValidationError):
        enrolments.resume(saved, actor=hub_staff)


def test_an_outcome_completes_the_npq_and_needs_a_past_date(hub_staff):
    enrolment = enrol_person(NPQCohortFactory(), person(), actor=hub_staff, today=TODAY)
    with pytest.raises(ValidationError) as error:
        enrolments.record_outcome(enrolment, "passed", TODAY + timedelta(days=1), actor=hub_staff, today=TODAY)
    assert error.value.message_dict["completed_on"] == ["The completion date cannot be in the future"]
    enrolments.record_outcome(enrolment, "passed", TODAY, actor=hub_staff, today=TODAY)
    saved = Enrolment.objects.get()
    assert (saved.status, saved.outcome, saved.outcome_on) == (Status.COMPLETED, "passed", TODAY)
    # NPQ-O-001: only the latest outcome counts.
    enrolments.record_outcome(saved, "voided", TODAY, actor=hub_staff, today=TODAY)
    assert Enrolment.objects.get().outcome == "voided"


def test_ehco_and_deferred_enrolments_take_no_outcome(hub_staff):
    ehco = enrol_person(NPQCohortFactory(course=NPQCourse.EHCO), person(), actor=hub_staff, today=TODAY)
    with pytest.raises(ValidationError, match="EHCO"):
        enrolments.record_outcome(ehco, "passed", TODAY, actor=hub_staff, today=TODAY)
    headship = enrol_person(NPQCohortFactory(), person("7654321"), actor=hub_staff, today=TODAY)
    enrolments.defer(headship, "Illness", actor=hub_staff)
    with pytest.raises(ValidationError):
        enrolments.record_outcome(headship, "passed", TODAY, actor=hub_staff, today=TODAY)


# --- Pages ------------------------------------------------------------------------------------


def _many(cohort, hub_staff, count, start=3000000):
    for n in range(count):
        enrol_person(cohort, person(str(start + n), last_name=f"L{n}"), actor=hub_staff, today=TODAY)


@pytest.mark.parametrize("count", [1, 12])
def test_programme_list_reads_the_kept_counts_in_constant_queries(client, hub_staff, count, django_assert_max_num_queries):
    for n in range(count):
        _many(NPQCohortFactory(course=list(NPQCourse)[n % 10], academic_year=2026 + n // 10), hub_staff, 2, start=3000000 + n * 10)
    count_cohorts(Cohort.objects.all(), now=timezone.now())
    client.force_login(hub_staff)
    # The session and user, the cohorts with their tallies, the programmes: never a count of enrolments.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("programmes:programme_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<td class="govuk-table__cell govuk-table__cell--numeric">2</td>') == count
    assert body.index("Initial teacher training") < body.index("Early career teacher entitlement") < body.index("National professional")
    assert "NPQ: Early years leadership (NPQEYL) 2026/27 (autumn start)" in body


def test_programme_pages_are_hub_staff_only(client, tutor_a, ect):
    cohort = NPQCohortFactory()
    for user in (tutor_a, ect):
        client.force_login(user)
        assert client.get(reverse("programmes:programme_list")).status_code == 404
        assert client.get(cohort_url("cohort_enrolments", cohort)).status_code == 404
    client.logout()
    assert client.get(reverse("programmes:programme_list")).status_code == 302


def test_hub_staff_add_a_cohort(client, hub_staff):
    programme = npq_programme(NPQCourse.SL)
    client.force_login(hub_staff)
    year = academic_year_of(timezone.localdate())
    response = client.post(reverse("programmes:cohort_create"), {"programme": programme.pk, "academic_year": year, "intake": ""})
    assert response.status_code == 400 and b"Error: " in response.content
    response = client.post(reverse("programmes:cohort_create"), {"programme": programme.pk, "academic_year": year, "intake": "spring"})
    cohort = Cohort.objects.get()
    assert response.status_code == 302 and response["Location"] == cohort_url("cohort_enrolments", cohort)
    assert response["Location"].endswith(f"/{year}/spring/")


@pytest.mark.parametrize("count", [1, 15])
def test_cohort_page_lists_enrolments_in_constant_queries(client, hub_staff, count, django_assert_max_num_queries):
    cohort = NPQCohortFactory()
    _many(cohort, hub_staff, count)
    client.force_login(hub_staff)
    with django_assert_max_num_queries(10):
        response = client.get(cohort_url("cohort_enrolments", cohort))
    assert response.status_code == 200
    assert response.content.decode().count("Manage<span") == count


def test_a_cohorts_enrolments_come_a_page_of_50_at_a_time_by_name(client, hub_staff, django_assert_max_num_queries):
    cohort = NPQCohortFactory()
    _many(cohort, hub_staff, 55)
    client.force_login(hub_staff)
    with django_assert_max_num_queries(11):
        first = client.get(cohort_url("cohort_enrolments", cohort))
    body = first.content.decode()
    assert body.count("Manage<span") == 50 and "Enrolments (55)" in body and "1 to 50, by name" in body
    assert 'aria-label="Pages of enrolments"' in body and "?page=2" in body
    second = client.get(cohort_url("cohort_enrolments", cohort) + "?page=2").content.decode()
    assert second.count("Manage<span") == 5 and "51 to 55, by name" in second
    # Nobody is on both pages.
    names = lambda page: set(re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', page))  # noqa: E731
    assert not names(body) & names(second) and len(names(body) | names(second)) == 55


def test_itt_cohort_page_shows_route_study_mode_and_placements(client, hub_staff, school_a, school_b):
    partner = Partner.objects.create(name="Severn SCITT", kind=Partner.Kind.SCITT)
    programme = Programme.objects.create(strand=Strand.ITT, name="Severn SCITT primary", slug="severn", partner=partner)
    cohort = Cohort.objects.create(programme=programme, academic_year=2026)
    enrolment = enrol_person(cohort, person(itt_route="assessment_only", study_mode="full_time"), actor=hub_staff, today=TODAY)
    Placement.objects.create(enrolment=enrolment, school=school_a, started_on=TODAY, finished_on=TODAY + timedelta(days=60))
    Placement.objects.create(enrolment=enrolment, school=school_b, started_on=TODAY + timedelta(days=61), finished_on=TODAY + timedelta(days=120))
    client.force_login(hub_staff)
    body = client.get(cohort_url("cohort_enrolments", cohort)).content.decode()
    assert "Assessment only" in body and "Full time" in body and school_a.name in body and school_b.name in body
    assert cohort_url("cohort_enrolments", cohort).endswith("/2026/all/")


def test_enrol_one_page(client, hub_staff, school_a):
    cohort = NPQCohortFactory()
    client.force_login(hub_staff)
    url = cohort_url("cohort_enrol", cohort)
    assert client.get(url).status_code == 200
    data = {"trn": "1234567", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "school_urn": school_a.urn}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already enrolled" in response.content.decode()
    assert b"<title>Error: " in response.content
    assert Enrolment.objects.count() == 1


def test_unknown_cohort_part_is_404(client, hub_staff):
    cohort = NPQCohortFactory()
    client.force_login(hub_staff)
    kwargs = {**cohort_url_kwargs(cohort), "cohort_part": "winter"}
    assert client.get(reverse("programmes:cohort_enrolments", kwargs=kwargs)).status_code == 404
    kwargs = {**cohort_url_kwargs(cohort), "cohort_part": "spring"}
    assert client.get(reverse("programmes:cohort_enrolments", kwargs=kwargs)).status_code == 404


def completed_on(day) -> dict:
    """The outcome form's completion date as its three GOV.UK date boxes post it."""
    return {"outcome-completed_on_day": str(day.day), "outcome-completed_on_month": str(day.month),
            "outcome-completed_on_year": str(day.year)}


def test_enrolment_actions_through_the_pages(client, hub_staff):
    enrolment = enrol_person(NPQCohortFactory(), person(), actor=hub_staff, today=TODAY)
    client.force_login(hub_staff)
    detail = reverse("programmes:enrolment_detail", args=[enrolment.public_id])
    assert client.get(detail).status_code == 200
    defer = reverse("programmes:enrolment_defer", args=[enrolment.public_id])
    assert client.get(defer).status_code == 405
    response = client.post(defer, {"defer-reason": ""})
    assert response.status_code == 400 and b"Error: " in response.content
    assert client.post(defer, {"defer-reason": "Parental leave"}).status_code == 302
    assert client.post(reverse("programmes:enrolment_complete", args=[enrolment.public_id])).status_code == 400
    assert client.post(reverse("programmes:enrolment_resume", args=[enrolment.public_id])).status_code == 302
    outcome = reverse("programmes:enrolment_outcome", args=[enrolment.public_id])
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(outcome, {"outcome-outcome": "passed", **completed_on(future)})
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    response = client.post(outcome, {"outcome-outcome": "passed", "outcome-completed_on_day": "31", "outcome-completed_on_month": "2",
                                     "outcome-completed_on_year": "2026"})
    assert response.status_code == 400 and "Completion date must be a real date" in response.content.decode()
    assert client.post(outcome, {"outcome-outcome": "passed", **completed_on(timezone.localdate())}).status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.outcome) == (Status.COMPLETED, "passed")


def test_enrolment_pages_are_404_for_others(client, hub_staff, tutor_a, school_a):
    enrolment = enrol_person(NPQCohortFactory(), person(school_urn=school_a.urn), actor=hub_staff, today=TODAY)
    client.force_login(tutor_a)
    assert client.get(reverse("programmes:enrolment_detail", args=[enrolment.public_id])).status_code == 404
    assert client.post(reverse("programmes:enrolment_complete", args=[enrolment.public_id])).status_code == 404
    client.logout()
    assert client.post(reverse("programmes:enrolment_complete", args=[enrolment.public_id])).status_code == 302
    assert Enrolment.objects.get().status == Status.ACTIVE


def test_a_second_school_is_not_needed_to_enrol(hub_staff):
    SchoolFactory(urn=120000)
    enrolment = enrol_person(NPQCohortFactory(), person(school_urn=120000), actor=hub_staff, today=TODAY)
    assert enrolment.school.urn == 120000


def test_enrol_one_page_takes_a_school_typed_or_chosen(client, hub_staff, school_a, school_b):
    cohort = NPQCohortFactory()
    client.force_login(hub_staff)
    url = cohort_url("cohort_enrol", cohort)
    data = {"trn": "1234567", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "school_urn": "birch"}
    assert client.post(url, data).status_code == 302
    assert Enrolment.objects.get().school == school_b
    unknown = client.post(url, {**data, "trn": "7654321", "school_urn": "Rowan Infants"})
    assert unknown.status_code == 400 and unknown.context["form"].errors["school_urn"] == [
        "No school matches \u201cRowan Infants\u201d. Type part of the school's name, or its URN"]
    assert 'value="Rowan Infants"' in unknown.content.decode()
    chosen = client.post(url, {**data, "trn": "7654321", "school_urn": f"Alder Primary School ({school_a.urn})"})
    assert chosen.status_code == 302 and Enrolment.objects.get(teacher__trn="7654321").school == school_a
    blank = client.post(url, {**data, "trn": "7654322", "email": "ada2@example.org", "school_urn": ""})
    assert blank.status_code == 302 and Enrolment.objects.get(teacher__trn="7654322").school is None


@pytest.mark.parametrize("count", [1, 300])
def test_the_enrol_page_carries_no_list_of_schools(client, hub_staff, count, django_assert_max_num_queries):
    from participants.models import School

    School.objects.bulk_create(School(urn=200000 + n, name=f"Hazel Primary School {n:03d}") for n in range(count))
    cohort = NPQCohortFactory()
    client.force_login(hub_staff)
    with django_assert_max_num_queries(8):
        page = client.get(cohort_url("cohort_enrol", cohort)).content.decode()
    assert "Hazel Primary School" not in page and 'data-source="/schools/search/"' in page
