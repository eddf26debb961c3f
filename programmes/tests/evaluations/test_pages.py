"""Evaluation pages: "My evaluations" and answering one; hub staff's list, opening form, results and CSV."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.accounts.roles import grant_role
from participants.models import Role
from participants.tests.factories import SchoolFactory, UserFactory
from programmes.evaluations.evaluations import open_evaluation, submit_answer
from programmes.models import Evaluation, EvaluationAnswer
from programmes.tests.factories import attended, enrolled, past_event, this_year
from programmes.tests.factories import past_event as make_event


def signed_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def answer_url(evaluation) -> str:
    return reverse("programmes:evaluation_answer", args=[evaluation.public_id])


def results_url(evaluation) -> str:
    return reverse("programmes:survey_results", args=[evaluation.public_id])


# My evaluations


@pytest.mark.django_db
def test_my_evaluations_lists_what_to_answer_and_what_was_answered(client, hub_staff, ect, as_user):
    to_answer, answered, not_mine = past_event("Welcome conference"), past_event("Mentor day"), past_event("Clinic")
    for event in (to_answer, answered):
        attended(event, ect)
    evaluations = [open_evaluation(Evaluation.Kind.EVENT, event=event, actor=hub_staff) for event in (to_answer, answered, not_mine)]
    submit_answer(evaluations[1], respondent=ect, rating=5)
    page = signed_in(client, ect).get(reverse("programmes:my_evaluations")).content.decode()
    assert "Evaluation: Welcome conference" in page and answer_url(evaluations[0]) in page
    assert "Evaluation: Mentor day" in page and answer_url(evaluations[1]) not in page
    assert "Clinic" not in page


@pytest.mark.django_db
def test_school_leaders_see_the_schools_survey(client, schools_evaluation, headteacher_a):
    page = signed_in(client, headteacher_a).get(reverse("programmes:my_evaluations")).content.decode()
    assert "Annual survey of schools" in page and answer_url(schools_evaluation) in page


@pytest.mark.django_db
def test_my_evaluations_needs_sign_in_and_takes_only_get(client, ect, as_user):
    response = client.get(reverse("programmes:my_evaluations"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert as_user(ect).post(reverse("programmes:my_evaluations")).status_code == 405


@pytest.mark.django_db
def test_my_evaluations_queries_do_not_grow_with_evaluations(client, hub_staff, tutor_a, django_assert_max_num_queries):
    open_evaluation(Evaluation.Kind.SCHOOLS, academic_year=this_year(), actor=hub_staff)
    signed_in(client, tutor_a)
    for count in (1, 12):
        while Evaluation.objects.filter(kind=Evaluation.Kind.EVENT).count() < count:
            event = make_event(f"Event {Evaluation.objects.count()}")
            attended(event, tutor_a)
            evaluation = open_evaluation(Evaluation.Kind.EVENT, event=event, actor=hub_staff)
            if evaluation.pk % 2:
                submit_answer(evaluation, respondent=tutor_a, rating=4)
        # Session, user; evaluations, the leader's schools, their answers.
        with django_assert_max_num_queries(6):
            response = client.get(reverse("programmes:my_evaluations"))
        assert len(response.context["to_answer"]) + len(response.context["answered"]) >= count


# Answering


@pytest.mark.django_db
def test_answer_page_shows_the_rating_as_a_labelled_fieldset(client, event_evaluation, held, ect):
    attended(held, ect)
    page = signed_in(client, ect).get(answer_url(event_evaluation)).content.decode()
    assert "<fieldset" in page and "How useful was this to you?" in page.split("<legend", 1)[1].split("</legend>")[0]
    assert "1 – Poor" in page and "5 – Excellent" in page
    assert 'name="comments"' in page


@pytest.mark.django_db
def test_answering_saves_once_and_says_when(client, event_evaluation, held, ect):
    attended(held, ect)
    signed_in(client, ect)
    response = client.post(answer_url(event_evaluation), {"rating": "4", "comments": "Very practical."})
    assert response.status_code == 302 and response["Location"] == reverse("programmes:my_evaluations")
    answer = EvaluationAnswer.objects.get()
    assert (answer.respondent, answer.rating, answer.comments) == (ect, 4, "Very practical.")
    page = client.get(answer_url(event_evaluation)).content.decode()
    assert f"You answered on {timezone.localdate():%-d %B %Y}" in page and 'name="rating"' not in page
    page = client.post(answer_url(event_evaluation), {"rating": "1"}, follow=True).content.decode()
    assert "Your answer was not saved" in page
    assert EvaluationAnswer.objects.get().rating == 4


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"rating": "6"}, {"rating": "0"}, {}, {"rating": "3", "comments": "x" * 2001}])
def test_a_bad_answer_shows_the_error_and_saves_nothing(client, event_evaluation, held, ect, data):
    attended(held, ect)
    response = signed_in(client, ect).post(answer_url(event_evaluation), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page and "There is a problem" in page
    assert not EvaluationAnswer.objects.exists()


@pytest.mark.django_db
def test_a_closed_or_not_yet_open_evaluation_takes_no_answer(client, event_evaluation, held, ect):
    attended(held, ect)
    today = timezone.localdate()
    signed_in(client, ect)
    Evaluation.objects.filter(pk=event_evaluation.pk).update(opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1))
    page = client.get(answer_url(event_evaluation)).content.decode()
    assert "This evaluation closed on" in page and 'name="rating"' not in page
    client.post(answer_url(event_evaluation), {"rating": "5"})
    Evaluation.objects.filter(pk=event_evaluation.pk).update(opens_on=today + timedelta(days=2), closes_on=today + timedelta(days=9))
    page = client.get(answer_url(event_evaluation)).content.decode()
    assert "This evaluation opens on" in page and 'name="rating"' not in page
    client.post(answer_url(event_evaluation), {"rating": "5"})
    assert not EvaluationAnswer.objects.exists()
    # Not open, so not on the to-answer list either.
    assert not client.get(reverse("programmes:my_evaluations")).context["to_answer"]


@pytest.mark.django_db
def test_answer_page_is_404_for_those_it_is_not_for(client, event_evaluation, held, mentor, npq_participant, tutor_a):
    attended(held, npq_participant, present=False)
    for outsider in (mentor, npq_participant, tutor_a):
        assert signed_in(client, outsider).get(answer_url(event_evaluation)).status_code == 404
        assert client.post(answer_url(event_evaluation), {"rating": "5"}).status_code == 404
    assert signed_in(client, mentor).get(reverse("programmes:evaluation_answer", args=["00000000-0000-4000-8000-000000000000"])).status_code == 404
    assert not EvaluationAnswer.objects.exists()


@pytest.mark.django_db
def test_answer_page_needs_sign_in(client, event_evaluation):
    response = client.get(answer_url(event_evaluation))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_programme_year_evaluation_for_the_enrolled(client, hub_staff, ect, mentor, as_user):
    from programmes.cohorts.cohorts import cohort_for
    from programmes.models import CohortStage, Strand

    cohort = cohort_for(Strand.ECTE, this_year(), CohortStage.YEAR_1)
    evaluation = open_evaluation(Evaluation.Kind.PROGRAMME_YEAR, cohort=cohort, actor=hub_staff)
    enrolled(ect, cohort)
    assert signed_in(client, ect).post(answer_url(evaluation), {"rating": "5"}).status_code == 302
    assert signed_in(client, mentor).get(answer_url(evaluation)).status_code == 404


@pytest.mark.django_db
def test_leader_of_one_school_answers_for_it(client, schools_evaluation, headteacher_a, tutor_a, school_a):
    signed_in(client, headteacher_a)
    assert 'name="school"' in client.get(answer_url(schools_evaluation)).content.decode()  # hidden: nothing to choose
    assert client.post(answer_url(schools_evaluation), {"school": school_a.pk, "rating": "4"}).status_code == 302
    assert EvaluationAnswer.objects.get().school == school_a
    # The school has answered: its tutor sees so and is not asked again.
    page = signed_in(client, tutor_a).get(answer_url(schools_evaluation)).content.decode()
    assert "Alder Primary School answered on" in page and 'name="rating"' not in page


@pytest.mark.django_db
def test_leader_of_two_schools_chooses_which(client, schools_evaluation, tutor_a, school_a, school_b):
    second = SchoolFactory(urn=110077, name="Cedar Infants")
    grant_role(tutor_a, Role.HEADTEACHER, school=second)
    signed_in(client, tutor_a)
    page = client.get(answer_url(schools_evaluation)).content.decode()
    assert "Which school are you answering for?" in page and "Cedar Infants" in page and "Birch Academy" not in page
    assert client.post(answer_url(schools_evaluation), {"rating": "4"}).status_code == 200  # no school chosen
    assert client.post(answer_url(schools_evaluation), {"school": school_b.pk, "rating": "4"}).status_code == 200  # not theirs
    assert not EvaluationAnswer.objects.exists()
    assert client.post(answer_url(schools_evaluation), {"school": second.pk, "rating": "3"}).status_code == 302
    page = client.get(answer_url(schools_evaluation)).content.decode()
    assert "Cedar Infants answered on" in page and 'name="rating"' in page  # Alder still to answer


# Staff: list


@pytest.mark.django_db
def test_results_list_shows_counts_and_averages_and_filters_by_kind(client, hub_staff, event_evaluation, schools_evaluation):
    for rating in (4, 5):
        EvaluationAnswer.objects.create(evaluation=event_evaluation, respondent=UserFactory(), rating=rating)
    signed_in(client, hub_staff)
    response = client.get(reverse("programmes:survey_list"))
    rows = {evaluation.pk: evaluation for evaluation in response.context["evaluations"]}
    assert (rows[event_evaluation.pk].answer_count, rows[event_evaluation.pk].average) == (2, 4.5)
    page = response.content.decode()
    assert results_url(event_evaluation) in page and "4.5" in page
    filtered = client.get(reverse("programmes:survey_list"), {"kind": "schools"}).context["evaluations"]
    assert [evaluation.pk for evaluation in filtered] == [schools_evaluation.pk]


@pytest.mark.django_db
def test_results_list_queries_do_not_grow(client, hub_staff, django_assert_max_num_queries, as_user):
    as_user(hub_staff)
    for count in (1, 15):
        while Evaluation.objects.count() < count:
            evaluation = open_evaluation(Evaluation.Kind.EVENT, event=make_event(f"E{Evaluation.objects.count()}"), actor=hub_staff)
            EvaluationAnswer.objects.create(evaluation=evaluation, respondent=UserFactory(), rating=3)
        # Session, user, roles, MFA check; the evaluations with their counts.
        with django_assert_max_num_queries(5):
            response = client.get(reverse("programmes:survey_list"))
        assert len(response.context["evaluations"]) == count


# Staff: opening


@pytest.mark.django_db
def test_staff_open_an_evaluation_with_defaults(client, hub_staff, held, as_user):
    as_user(hub_staff)
    assert client.get(reverse("programmes:survey_open")).status_code == 200
    response = client.post(reverse("programmes:survey_open"), {"kind": "event", "event": held.pk})
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == results_url(evaluation)
    assert evaluation.title == "Evaluation: Mentor conference" and evaluation.closes_on == timezone.localdate() + timedelta(days=21)


@pytest.mark.django_db
def test_opening_form_refuses_bad_input(client, hub_staff, held, as_user):
    as_user(hub_staff)
    upcoming = past_event("Next term", days_ago=-10)
    response = client.post(reverse("programmes:survey_open"), {"kind": "event", "event": upcoming.pk})
    assert "<title>Error: " in response.content.decode() and "Select an event from the list" in response.content.decode()
    response = client.post(reverse("programmes:survey_open"), {})
    assert "Select what the evaluation is about" in response.content.decode()
    response = client.post(reverse("programmes:survey_open"), {"kind": "schools"})
    assert "Select the academic year" in response.content.decode()
    response = client.post(reverse("programmes:survey_open"), {
        "kind": "event", "event": held.pk, "opens_on_day": "10", "opens_on_month": "10", "opens_on_year": "2026",
        "closes_on_day": "1", "closes_on_month": "10", "closes_on_year": "2026"})
    assert "on or after the opening date" in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_opening_a_second_schools_survey_names_the_first(client, hub_staff, schools_evaluation):
    response = signed_in(client, hub_staff).post(reverse("programmes:survey_open"), {"kind": "schools", "academic_year": this_year()})
    assert response.status_code == 200
    assert "already has an evaluation: “Annual survey of schools" in response.content.decode()
    assert Evaluation.objects.count() == 1


# Staff: results and CSV


@pytest.mark.django_db
def test_results_show_the_numbers_and_the_comments_newest_first_escaped(client, hub_staff, event_evaluation):
    now = timezone.now()
    for minutes, (rating, comments) in enumerate([(5, "<script>alert(1)</script>"), (4, ""), (2, "Too long"), (5, "Older one")]):
        EvaluationAnswer.objects.create(evaluation=event_evaluation, respondent=UserFactory(), rating=rating, comments=comments,
                                      submitted_at=now - timedelta(minutes=minutes))
    response = signed_in(client, hub_staff).get(results_url(event_evaluation))
    page = response.content.decode()
    results = response.context["results"]
    assert (results.count, round(results.average, 1)) == (4, 4.0)
    assert [count for _, _, count, _ in results.distribution] == [0, 1, 0, 1, 2]
    assert 'id="average-rating">4.0 out of 5</dd>' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index("&lt;script&gt;") < page.index("Too long") < page.index("Older one")
    assert '<svg aria-hidden="true"' in page and re.search(r"<caption[^>]*>Answers by rating</caption>", page)


@pytest.mark.django_db
def test_results_queries_do_not_grow_with_answers(client, hub_staff, event_evaluation, django_assert_max_num_queries):
    signed_in(client, hub_staff)
    for count in (1, 60):
        EvaluationAnswer.objects.bulk_create(
            EvaluationAnswer(evaluation=event_evaluation, respondent=UserFactory(), rating=1 + n % 5, comments=f"Comment {n}")
            for n in range(event_evaluation.answers.count(), count)
        )
        # Session, user, roles, MFA; evaluation, aggregate, comment count, comments.
        with django_assert_max_num_queries(8):
            response = client.get(results_url(event_evaluation))
        assert response.context["results"].count == count


@pytest.mark.django_db
def test_csv_of_an_event_evaluation_has_no_names(client, hub_staff, event_evaluation, held, ect):
    attended(held, ect)
    submit_answer(event_evaluation, respondent=ect, rating=4, comments="=HYPERLINK(1)")
    response = signed_in(client, hub_staff).get(reverse("programmes:survey_csv", args=[event_evaluation.public_id]))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    text = response.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Rating", "Comments", "Submitted on"], ["4", "'=HYPERLINK(1)", timezone.localdate().isoformat()]]
    assert ect.email not in text and "Erin" not in text


@pytest.mark.django_db
def test_csv_of_the_schools_survey_names_the_school(client, hub_staff, schools_evaluation, tutor_a, school_a):
    submit_answer(schools_evaluation, respondent=tutor_a, rating=5, comments="Helpful", school=school_a)
    text = signed_in(client, hub_staff).get(reverse("programmes:survey_csv", args=[schools_evaluation.public_id])).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["5", "Helpful", timezone.localdate().isoformat(), "110001", "Alder Primary School"]
    assert tutor_a.email not in text and "Tara" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["survey_list", "survey_open", "survey_results", "survey_csv"])
def test_staff_pages_are_404_to_others_and_ask_anonymous_to_sign_in(client, name, event_evaluation, ab_staff, tutor_a, ect, as_user):
    kwargs = {} if name in ("survey_list", "survey_open") else {"evaluation": event_evaluation.public_id}
    url = reverse(f"programmes:{name}", kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for outsider in (ab_staff, tutor_a, ect):
        assert as_user(outsider).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["survey_list", "survey_results", "survey_csv"])
def test_staff_read_pages_take_only_get(client, hub_staff, event_evaluation, name):
    kwargs = {} if name == "survey_list" else {"evaluation": event_evaluation.public_id}
    assert signed_in(client, hub_staff).post(reverse(f"programmes:{name}", kwargs=kwargs)).status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_an_evaluation_opens_and_its_emails_wait(client, hub_staff, ect, held, as_user, broker_down):
    from hubportal.middleware import QueueHandoverMiddleware
    from programmes.tests.factories import attended

    attended(held, ect)
    as_user(hub_staff)
    response = client.post(reverse("programmes:survey_open"), {"kind": "event", "event": held.pk}, follow=True)
    assert response.status_code == 200
    assert QueueHandoverMiddleware.MESSAGE in response.content.decode()
    assert list(Evaluation.objects.get().notices.values_list("email_state", flat=True)) == ["queued"]
