"""Evaluations, the domain: opening one, who may answer, the window, the rating, answering once, the results."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from participants.tests.factories import SchoolFactory, UserFactory
from programmes.cohorts.cohorts import cohort_for
from programmes.evaluations.evaluations import (
    DEFAULT_QUESTION,
    SCHOOLS_QUESTION,
    answers_csv,
    evaluations_for,
    evaluations_with_results,
    led_schools,
    open_evaluation,
    results_of,
    submit_answer,
)
from programmes.models import CohortStage, Enrolment, Evaluation, EvaluationAnswer, Strand
from programmes.tests.factories import attended, enrolled, past_event, this_year


@pytest.fixture
def cohort(db):
    return cohort_for(Strand.ECTE, this_year(), CohortStage.YEAR_1)


# Opening


@pytest.mark.django_db
def test_open_event_evaluation_has_sensible_defaults(held, hub_staff):
    evaluation = open_evaluation(Evaluation.Kind.EVENT, event=held, actor=hub_staff)
    today = timezone.localdate()
    assert (evaluation.title, evaluation.question) == ("Evaluation: Mentor conference", DEFAULT_QUESTION)
    assert (evaluation.opens_on, evaluation.closes_on) == (today, today + timedelta(days=21))
    assert evaluation.created_by == hub_staff


@pytest.mark.django_db
def test_open_schools_survey_and_cohort_evaluation_defaults(hub_staff, cohort):
    schools = open_evaluation(Evaluation.Kind.SCHOOLS, academic_year=2026, actor=hub_staff)
    assert (schools.title, schools.question) == ("Annual survey of schools 2026/27", SCHOOLS_QUESTION)
    year = open_evaluation(Evaluation.Kind.PROGRAMME_YEAR, cohort=cohort, title="  ECTE Year 1 check-in ", actor=hub_staff)
    assert year.title == "ECTE Year 1 check-in" and year.cohort == cohort


@pytest.mark.django_db
def test_an_event_not_yet_held_cannot_be_evaluated(hub_staff):
    upcoming = past_event(days_ago=-2)
    with pytest.raises(ValidationError) as error:
        open_evaluation(Evaluation.Kind.EVENT, event=upcoming, actor=hub_staff)
    assert "has not started yet" in error.value.message_dict["event"][0]
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_event_cannot_be_evaluated(hub_staff):
    cancelled = past_event(cancelled_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        open_evaluation(Evaluation.Kind.EVENT, event=cancelled, actor=hub_staff)
    assert "cancelled" in error.value.message_dict["event"][0]


@pytest.mark.django_db
def test_a_second_evaluation_of_the_same_event_names_the_first(event_evaluation, held, hub_staff):
    with pytest.raises(ValidationError) as error:
        open_evaluation(Evaluation.Kind.EVENT, event=held, title="Another", actor=hub_staff)
    assert "already has an evaluation: “Evaluation: Mentor conference”" in error.value.message_dict["event"][0]
    assert Evaluation.objects.count() == 1


@pytest.mark.django_db
def test_one_evaluation_per_cohort_and_one_schools_survey_per_year(hub_staff, cohort, schools_evaluation):
    open_evaluation(Evaluation.Kind.PROGRAMME_YEAR, cohort=cohort, actor=hub_staff)
    with pytest.raises(ValidationError, match="already has an evaluation"):
        open_evaluation(Evaluation.Kind.PROGRAMME_YEAR, cohort=cohort, actor=hub_staff)
    with pytest.raises(ValidationError, match="already has an evaluation"):
        open_evaluation(Evaluation.Kind.SCHOOLS, academic_year=this_year(), actor=hub_staff)


@pytest.mark.django_db
def test_a_race_to_open_the_same_evaluation_keeps_one(held, hub_staff, event_evaluation):
    # The other request saved between our check and our insert: the constraint refuses, the message names it.
    with mock.patch("programmes.evaluations.evaluations.existing_evaluation", side_effect=[None, event_evaluation]):
        with pytest.raises(ValidationError, match="already has an evaluation"):
            open_evaluation(Evaluation.Kind.EVENT, event=held, actor=hub_staff)
    assert Evaluation.objects.count() == 1


@pytest.mark.django_db
def test_closing_before_opening_is_refused(held, hub_staff):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        open_evaluation(Evaluation.Kind.EVENT, event=held, opens_on=today, closes_on=today - timedelta(days=1), actor=hub_staff)
    assert "closes_on" in error.value.message_dict


@pytest.mark.django_db
def test_what_it_is_about_is_required(hub_staff):
    with pytest.raises(ValidationError) as error:
        open_evaluation(Evaluation.Kind.EVENT, actor=hub_staff)
    assert "event" in error.value.message_dict
    with pytest.raises(ValidationError):
        open_evaluation("nonsense", actor=hub_staff)


# Who may answer


@pytest.mark.django_db
def test_event_evaluation_is_for_those_marked_present(event_evaluation, held, ect, mentor, npq_participant):
    attended(held, ect)
    attended(held, mentor, by_email=True)  # invited by address, before they had an account
    attended(held, npq_participant, present=False)  # invited, never came
    assert list(evaluations_for(ect)) == [event_evaluation]
    assert list(evaluations_for(mentor)) == [event_evaluation]
    assert list(evaluations_for(npq_participant)) == []


@pytest.mark.django_db
def test_programme_year_evaluation_is_for_those_who_took_part(hub_staff, cohort, ect, mentor, npq_participant, itt_trainee):
    evaluation = open_evaluation(Evaluation.Kind.PROGRAMME_YEAR, cohort=cohort, actor=hub_staff)
    enrolled(ect, cohort)
    enrolled(mentor, cohort, status=Enrolment.Status.DEFERRED)
    enrolled(npq_participant, cohort, status=Enrolment.Status.WITHDRAWN)
    other = cohort_for(Strand.ECTE, this_year(), CohortStage.YEAR_2)
    enrolled(itt_trainee, other)
    assert list(evaluations_for(ect)) == [evaluation]
    assert list(evaluations_for(mentor)) == [evaluation]
    assert list(evaluations_for(npq_participant)) == []
    assert list(evaluations_for(itt_trainee)) == []


@pytest.mark.django_db
def test_schools_survey_is_for_school_leaders(schools_evaluation, headteacher_a, tutor_a, tutor_b, ect, school_a):
    for leader in (headteacher_a, tutor_a, tutor_b):
        assert list(evaluations_for(leader)) == [schools_evaluation]
    assert list(evaluations_for(ect)) == []
    assert list(led_schools(headteacher_a)) == [school_a]


@pytest.mark.django_db
def test_a_leader_answers_only_for_their_own_school(schools_evaluation, tutor_a, school_b):
    with pytest.raises(ValidationError) as error:
        submit_answer(schools_evaluation, respondent=tutor_a, rating=4, school=school_b)
    assert "school" in error.value.message_dict
    assert not EvaluationAnswer.objects.exists()


@pytest.mark.django_db
def test_an_outsider_cannot_answer(event_evaluation, ect):
    with pytest.raises(ValidationError, match="cannot answer"):
        submit_answer(event_evaluation, respondent=ect, rating=5)


# Answering


@pytest.mark.django_db
def test_an_answer_is_saved_once_per_person(event_evaluation, held, ect):
    attended(held, ect)
    answer = submit_answer(event_evaluation, respondent=ect, rating=4, comments="  Useful sessions.  ")
    assert (answer.rating, answer.comments, answer.school) == (4, "Useful sessions.", None)
    with pytest.raises(ValidationError, match="You already answered this evaluation, on"):
        submit_answer(event_evaluation, respondent=ect, rating=1)
    assert EvaluationAnswer.objects.count() == 1


@pytest.mark.django_db
def test_a_race_between_two_answers_keeps_the_first(event_evaluation, held, ect):
    attended(held, ect)
    first = submit_answer(event_evaluation, respondent=ect, rating=4)
    # Our check ran before the other request's insert: the constraint catches it, nothing half-saved.
    checks = iter([None, ValidationError("You already answered")])
    with mock.patch("programmes.evaluations.evaluations._already", side_effect=lambda *args: next(checks)):
        with pytest.raises(ValidationError, match="already answered"):
            submit_answer(event_evaluation, respondent=ect, rating=2)
    assert list(EvaluationAnswer.objects.all()) == [first]


@pytest.mark.django_db
def test_a_school_answers_once_whoever_leads_it(schools_evaluation, tutor_a, headteacher_a, school_a):
    submit_answer(schools_evaluation, respondent=tutor_a, rating=5, school=school_a)
    with pytest.raises(ValidationError, match="Alder Primary School already answered"):
        submit_answer(schools_evaluation, respondent=headteacher_a, rating=2, school=school_a)


@pytest.mark.django_db
def test_a_leader_of_two_schools_answers_for_each(schools_evaluation, tutor_a, school_a):
    from participants.accounts.roles import grant_role
    from participants.models import Role

    second = SchoolFactory(urn=110099, name="Cedar Infants")
    grant_role(tutor_a, Role.HEADTEACHER, school=second)
    tutor_a._portal_roles = None
    submit_answer(schools_evaluation, respondent=tutor_a, rating=5, school=school_a)
    submit_answer(schools_evaluation, respondent=tutor_a, rating=3, school=second)
    assert set(schools_evaluation.answers.values_list("school__urn", flat=True)) == {110001, 110099}


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, -1, "5", None, True])
def test_rating_out_of_range_is_refused(event_evaluation, held, ect, rating):
    attended(held, ect)
    with pytest.raises(ValidationError) as error:
        submit_answer(event_evaluation, respondent=ect, rating=rating)
    assert "rating" in error.value.message_dict
    assert not EvaluationAnswer.objects.exists()


@pytest.mark.django_db
def test_comments_are_limited(event_evaluation, held, ect):
    attended(held, ect)
    with pytest.raises(ValidationError) as error:
        submit_answer(event_evaluation, respondent=ect, rating=3, comments="x" * 2001)
    assert "comments" in error.value.message_dict
    assert submit_answer(event_evaluation, respondent=ect, rating=3, comments="x" * 2000)


@pytest.mark.django_db
def test_answers_only_while_open(held, hub_staff, ect):
    attended(held, ect)
    today = timezone.localdate()
    evaluation = open_evaluation(Evaluation.Kind.EVENT, event=held, opens_on=today + timedelta(days=1), actor=hub_staff)
    with pytest.raises(ValidationError, match="opens on"):
        submit_answer(evaluation, respondent=ect, rating=3)
    Evaluation.objects.filter(pk=evaluation.pk).update(opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1))
    evaluation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed on"):
        submit_answer(evaluation, respondent=ect, rating=3)
    # The first and last days are inside the window.
    Evaluation.objects.filter(pk=evaluation.pk).update(closes_on=today)
    evaluation.refresh_from_db()
    assert submit_answer(evaluation, respondent=ect, rating=3)
    assert EvaluationAnswer.objects.count() == 1


# Results


def answers_with(evaluation, ratings, comments=""):
    now = timezone.now()
    EvaluationAnswer.objects.bulk_create(
        EvaluationAnswer(evaluation=evaluation, respondent=UserFactory(), rating=rating, comments=comments, submitted_at=now - timedelta(minutes=n))
        for n, rating in enumerate(ratings)
    )


@pytest.mark.django_db
def test_results_match_the_answers(event_evaluation, django_assert_num_queries):
    answers_with(event_evaluation, [5, 5, 4, 2, 5, 3])
    with django_assert_num_queries(1):
        results = results_of(event_evaluation)
    assert results.count == 6
    assert round(results.average, 1) == 4.0
    assert [(rating, count) for rating, _, count, _ in results.distribution] == [(1, 0), (2, 1), (3, 1), (4, 1), (5, 3)]
    assert [percent for *_, percent in results.distribution] == [0, 17, 17, 17, 50]


@pytest.mark.django_db
def test_results_of_an_unanswered_evaluation(event_evaluation):
    results = results_of(event_evaluation)
    assert (results.count, results.average) == (0, None)
    assert all(count == 0 for _, _, count, _ in results.distribution)


@pytest.mark.django_db
def test_list_counts_and_averages_in_one_query(event_evaluation, schools_evaluation, django_assert_num_queries):
    answers_with(event_evaluation, [4, 5])
    with django_assert_num_queries(1):
        evaluations = {evaluation.pk: evaluation for evaluation in evaluations_with_results()}
    assert (evaluations[event_evaluation.pk].answer_count, evaluations[event_evaluation.pk].average) == (2, 4.5)
    assert (evaluations[schools_evaluation.pk].answer_count, evaluations[schools_evaluation.pk].average) == (0, None)
    assert [s.pk for s in evaluations_with_results(Evaluation.Kind.SCHOOLS)] == [schools_evaluation.pk]


@pytest.mark.django_db
def test_csv_has_no_names_and_names_the_school_for_the_schools_survey(event_evaluation, schools_evaluation, held, ect, tutor_a, school_a):
    attended(held, ect)
    submit_answer(event_evaluation, respondent=ect, rating=4, comments="Good")
    header, rows = answers_csv(event_evaluation)
    assert header == ["Rating", "Comments", "Submitted on"]
    assert list(rows) == [[4, "Good", timezone.localdate()]]
    submit_answer(schools_evaluation, respondent=tutor_a, rating=5, comments="Quick replies", school=school_a)
    header, rows = answers_csv(schools_evaluation)
    assert header == ["Rating", "Comments", "Submitted on", "School URN", "School"]
    assert list(rows) == [[5, "Quick replies", timezone.localdate(), 110001, "Alder Primary School"]]


@pytest.mark.django_db
def test_the_database_refuses_a_bad_rating_too(event_evaluation, ect):
    with pytest.raises(IntegrityError):
        EvaluationAnswer.objects.create(evaluation=event_evaluation, respondent=ect, rating=6)
