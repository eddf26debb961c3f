"""Audience rules resolve to one recipient per email, in a fixed number of queries."""

from datetime import date

import pytest

from participants.models import Role
from programmes.events.audiences import AudienceKind, AudienceRule, resolve
from programmes.models import Cohort, CohortStage, Enrolment
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details, register

TODAY = date(2026, 11, 24)


def year_1_2026():
    return Cohort.objects.get(academic_year=2026, stage=CohortStage.YEAR_1, programme__slug="ecte")


@pytest.mark.django_db
def test_a_cohort_and_its_mentors(school_a, school_b, tutor_a, tutor_b):
    ada = register(school_a, tutor_a, first_name="Ada", last_name="Lovelace")
    ben = register(school_b, tutor_b, first_name="Ben", last_name="Jonson")
    register(school_a, tutor_a, started_on=date(2025, 9, 1), today=date(2025, 8, 1), last_name="LastYear")
    mentor = register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper"), actor=tutor_a, today=TODAY)
    assign_mentor(ada, mentor, actor=tutor_a, today=TODAY)

    cohort = year_1_2026()
    ects = resolve([AudienceRule(AudienceKind.COHORT, cohort_id=cohort.pk)], [], today=TODAY)
    assert [(r.first_name, r.school_id, r.teacher_id) for r in ects] == [
        ("Ben", school_b.pk, ben.teacher_id), ("Ada", school_a.pk, ada.teacher_id),
    ]
    mentors = resolve([AudienceRule(AudienceKind.COHORT_MENTORS, cohort_id=cohort.pk)], [], today=TODAY)
    assert [(r.first_name, r.last_name, r.school_id) for r in mentors] == [("Grace", "Hopper", school_a.pk)]


@pytest.mark.django_db
def test_withdrawn_enrolments_and_leavers_mentors_are_not_invited(school_a, tutor_a):
    ada = register(school_a, tutor_a, first_name="Ada")
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    assign_mentor(ada, mentor, actor=tutor_a, today=TODAY)
    Enrolment.objects.filter(teacher=ada.teacher).update(status=Enrolment.Status.WITHDRAWN)
    cohort = year_1_2026()
    rules = [
        AudienceRule(AudienceKind.COHORT, cohort_id=cohort.pk),
        AudienceRule(AudienceKind.COHORT_MENTORS, cohort_id=cohort.pk),
    ]
    assert resolve(rules, [], today=TODAY) == []


@pytest.mark.django_db
def test_everyone_is_named_once_however_many_rules_name_them(school_a, tutor_a, hub_staff):
    ada = register(school_a, tutor_a, first_name="Ada", email="ada@example.org")
    cohort = year_1_2026()
    rules = [AudienceRule(AudienceKind.COHORT, cohort_id=cohort.pk), AudienceRule(AudienceKind.ROLE, role=Role.INDUCTION_TUTOR)]
    found = resolve(rules, ["ADA@example.org", tutor_a.email, "guest@example.org", " "], today=TODAY)
    assert sorted(r.email for r in found) == sorted(["ada@example.org", tutor_a.email, "guest@example.org"])
    by_email = {r.email: r for r in found}
    assert by_email["ada@example.org"].teacher_id == ada.teacher_id
    assert (by_email[tutor_a.email].user_id, by_email[tutor_a.email].school_id) == (tutor_a.pk, school_a.pk)
    assert by_email["guest@example.org"].first_name == ""


@pytest.mark.django_db
def test_resolving_takes_a_fixed_number_of_queries(school_a, tutor_a, django_assert_num_queries):
    for size in (2, 25):
        while Enrolment.objects.count() < size:
            period = register(school_a, tutor_a)
            mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
            assign_mentor(period, mentor, actor=tutor_a, today=TODAY)
        cohort = year_1_2026()
        rules = [
            AudienceRule(AudienceKind.COHORT, cohort_id=cohort.pk),
            AudienceRule(AudienceKind.COHORT_MENTORS, cohort_id=cohort.pk),
            AudienceRule(AudienceKind.ROLE, role=Role.INDUCTION_TUTOR),
        ]
        with django_assert_num_queries(5):
            found = resolve(rules, ["extra@example.org"], today=TODAY)
        assert len(found) >= size


def test_an_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        resolve([AudienceRule("everyone")], [], today=TODAY)
