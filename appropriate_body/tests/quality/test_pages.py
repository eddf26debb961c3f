"""The AB's reports-to-check list and check page (REC-001: the AB monitors the reports coming back), and the school's side of a
returned report (SG24 5.11)."""

import pytest
from django.urls import reverse

from appropriate_body.assessments import assessments as reports
from appropriate_body.assessments.awaiting import refresh_awaiting_review
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus, ReviewOutcome, Standard
from appropriate_body.reviews import reviews as domain
from appropriate_body.tests.factories import NOW, claimed, ect_account, first, written
from appropriate_body.tests.pages import assessment_page

pytestmark = pytest.mark.django_db

LIST = reverse("appropriate_body:reports_to_check")


def check_page(assessment) -> str:
    return reverse("appropriate_body:review_report", args=[assessment.public_id])


@pytest.fixture
def review(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    return reports.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)


def test_ab_staff_return_a_report_with_a_comment_and_the_tutor_reads_it_beside_its_part(review, tutor_a, ab_staff, as_user):
    client = as_user(ab_staff)
    page = client.get(LIST).content.decode()
    assert check_page(review) in page and "1 report to check." in page
    empty = client.post(check_page(review), {"action": "return"})
    assert empty.status_code == 200 and "<title>Error:" in empty.content.decode()
    assert "Add a comment on at least one part of the report to return it" in empty.content.decode()
    refused = client.post(check_page(review), {"action": "accept", "targets": "Targets missing."})
    assert "remove them to accept it" in refused.content.decode()
    response = client.post(check_page(review), {"action": "return", "targets": "Targets missing.", "TS4": "No evidence for TS4."})
    assert response.status_code == 302 and response["Location"] == LIST
    review.refresh_from_db()
    assert review.status == AssessmentStatus.RETURNED and "0 reports to check." in client.get(LIST).content.decode()

    body = as_user(tutor_a).get(assessment_page(review)).content.decode()
    assert "Returned by the appropriate body" in body and "Resubmit to the appropriate body" in body
    # Each comment sits just before its part of the form.
    assert body.index("No evidence for TS4.") < body.index('name="TS4_on_track"') and body.index("No evidence for TS4.") > body.index('name="TS3_on_track"')
    assert body.index("Targets missing.") < body.index('name="targets"')


def test_the_tutor_resubmits_from_the_reports_page(review, tutor_a, ab_staff, as_user):
    domain.return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=NOW)
    form = {f"{code}_on_track": "yes" for code in Standard.values}
    form.update({"on_track": "yes", "evidence_summary": "Observations", "targets": "Questioning for TS6.", "action": "resubmit"})
    response = as_user(tutor_a).post(assessment_page(review), form)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == AssessmentStatus.SUBMITTED and review.targets == "Questioning for TS6."
    page = as_user(ab_staff).get(check_page(review)).content.decode()
    assert "Resubmitted on" in page and "Targets missing." in page and "Accept report" in page
    assert as_user(ab_staff).post(check_page(review), {"action": "accept"}).status_code == 302
    assert review.reviews.last().outcome == ReviewOutcome.ACCEPTED


def test_only_ab_staff_check_and_only_the_schools_people_read_the_comments(review, school_a, tutor_a, tutor_b, hub_staff, headteacher_a,
                                                                           ab_staff, as_user):
    own = ect_account(review.induction_period)
    domain.return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=NOW)
    for person in (tutor_a, tutor_b, hub_staff, headteacher_a, own):
        assert as_user(person).get(check_page(review)).status_code == 404
        assert as_user(person).post(check_page(review), {"action": "accept"}).status_code == 404
        assert as_user(person).get(LIST).status_code == 404
    assert as_user(None).get(LIST).status_code == 302
    assert as_user(tutor_b).get(assessment_page(review)).status_code == 404
    assert "Targets missing." in as_user(headteacher_a).get(assessment_page(review)).content.decode()
    mine = as_user(own).get(reverse("appropriate_body:my_assessment", args=[review.public_id])).content.decode()
    assert "Returned by the appropriate body" in mine
    assert as_user(ab_staff).put(check_page(review)).status_code == 405


def test_the_list_costs_the_same_queries_for_1_and_20_reports(school_a, tutor_a, ab_staff, as_user, django_assert_max_num_queries):
    client = as_user(ab_staff)
    first_period = claimed(school_a, tutor_a, ab_staff)
    Assessment.objects.filter(pk=first(first_period, AssessmentKind.PROGRESS_REVIEW).pk).update(status=AssessmentStatus.SUBMITTED, submitted_at=NOW)
    # Written straight to the rows, so stored as submit() would (appropriate_body.assessments.awaiting).
    refresh_awaiting_review(Assessment.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(10) as one:
        assert "1 report to check." in client.get(LIST).content.decode()
    while Assessment.objects.count() < 20:
        claimed(school_a, tutor_a, ab_staff)
    Assessment.objects.update(status=AssessmentStatus.SUBMITTED, submitted_at=NOW)
    refresh_awaiting_review(Assessment.objects.values_list("pk", flat=True))
    many = Assessment.objects.count()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert f"{many} reports to check." in client.get(LIST).content.decode()
    assert many >= 20
