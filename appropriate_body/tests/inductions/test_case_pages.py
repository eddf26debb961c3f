"""AB staff's caseload and case pages: X of Y terms, the timeline, release, outcome and extensions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.inductions.periods import record_outcome, release
from appropriate_body.models import Extension
from appropriate_body.tests.factories import claimed
from appropriate_body.tests.pages import date_boxes

pytestmark = pytest.mark.django_db

CASELOAD = reverse("appropriate_body:caseload")


def url(name, period):
    return reverse(f"appropriate_body:{name}", kwargs={"induction": period.induction.public_id})


def test_the_caseload_filters_by_status_and_school(ab_client, school_a, school_b, tutor_a, tutor_b, ab_staff):
    ada = claimed(school_a, tutor_a, ab_staff, first_name="Ada", last_name="Adams")
    ben = claimed(school_b, tutor_b, ab_staff, first_name="Ben", last_name="Brown")
    release(ben, finished_on=date(2026, 10, 31), number_of_terms=Decimal("0"), actor=ab_staff, today=timezone.localdate())
    names = lambda response: [case.induction.teacher.first_name for case in response.context["cases"]]  # noqa: E731
    assert names(ab_client.get(CASELOAD)) == ["Ada", "Ben"]
    assert names(ab_client.get(CASELOAD, {"status": "In progress"})) == ["Ada"]
    assert names(ab_client.get(CASELOAD, {"status": "Induction paused"})) == ["Ben"]
    assert names(ab_client.get(CASELOAD, {"school": school_b.urn})) == ["Ben"]
    assert names(ab_client.get(CASELOAD, {"q": ada.induction.teacher.trn})) == ["Ada"]


def test_the_case_shows_terms_served_of_required_and_the_timeline(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, first_name="Ada", last_name="Adams")
    Extension.objects.create(induction=period.induction, terms=Decimal("1.5"), reason="Illness", decided_on=date(2026, 10, 1))
    page = ab_client.get(url("case_detail", period))
    case = page.context["case"]
    assert case.terms_required == Decimal("7.5") and case.open_period == period
    assert case.terms_label.endswith(" of 7.5 terms")
    content = page.content.decode()
    assert "Alder Primary School" in content and "1.5 terms, decided 1 October 2026: Illness" in content


def test_release_from_the_page_and_its_errors(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    bad_terms = ab_client.post(url("case_release", period), {**date_boxes("finished_on", date(2026, 10, 31)), "number_of_terms": "2.55"})
    assert bad_terms.context["form"].errors == {"number_of_terms": ["Enter the number of terms to one decimal place, like 2.5"]}
    bad_end = ab_client.post(url("case_release", period), {**date_boxes("finished_on", date(2026, 8, 1)), "number_of_terms": "0"})
    assert bad_end.context["form"].errors == {"finished_on": ["The end date must be on or after the start date (1 September 2026)"]}
    ab_client.post(url("case_release", period), {**date_boxes("finished_on", date(2026, 10, 31)), "number_of_terms": "0.5"})
    period.refresh_from_db()
    assert (period.finished_on, period.number_of_terms) == (date(2026, 10, 31), Decimal("0.5"))
    # Nothing left open: the change pages answer 404, the case says paused.
    assert ab_client.get(url("case_release", period)).status_code == 404
    assert ab_client.get(url("case_detail", period)).context["case"].status == "Induction paused"


def test_a_fail_needs_the_date_the_ect_was_written_to(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    ended = timezone.localdate() - timedelta(days=3)
    post = {"outcome": "fail", **date_boxes("finished_on", ended), "number_of_terms": "1"}
    refused = ab_client.post(url("case_outcome", period), post)
    assert refused.context["form"].errors == {
        "fail_confirmation_sent_on": ["Enter the date you wrote to the ECT about the fail and their right of appeal"]}
    done = ab_client.post(url("case_outcome", period), {**post, **date_boxes("fail_confirmation_sent_on", ended)}, follow=True)
    assert "failed induction" in done.content.decode()
    period.refresh_from_db()
    assert (period.outcome, period.fail_confirmation_sent_on) == ("fail", ended)


def test_an_extension_from_the_page(ab_client, school_a, tutor_a, ab_staff):
    from appropriate_body.models import CompletionDecision

    period = claimed(school_a, tutor_a, ab_staff)
    CompletionDecision.objects.create(induction=period.induction, completed_on=date(2026, 9, 30))
    bad = ab_client.post(url("case_extension", period), {"terms": "17", "reason": "", **date_boxes("decided_on", date(2026, 10, 1))})
    assert bad.context["form"].errors["terms"] == ["An extension must be between 0.1 and 16 terms"]
    ab_client.post(url("case_extension", period), {"terms": "1.5", "reason": "Insufficient evidence", **date_boxes("decided_on", date(2026, 10, 1))})
    assert [(e.terms, e.reason) for e in period.induction.extensions.all()] == [(Decimal("1.5"), "Insufficient evidence")]


def test_a_passed_case_offers_no_changes(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    record_outcome(period, outcome="pass", finished_on=timezone.localdate(), number_of_terms=Decimal("6"), actor=ab_staff, today=timezone.localdate())
    page = ab_client.get(url("case_detail", period))
    assert page.context["case"].status == "Passed" and "Record the outcome" not in page.content.decode()
    assert ab_client.post(url("case_outcome", period), {}).status_code == 404


@pytest.mark.parametrize("role", ["hub_staff", "tutor_a", "ect"])
def test_only_ab_staff_open_cases_or_change_them(client, cast, school_a, tutor_a, ab_staff, role):
    period = claimed(school_a, tutor_a, ab_staff)
    client.force_login(cast[role])
    for name in ("case_detail", "case_release", "case_outcome"):
        assert client.get(url(name, period)).status_code == 404
    assert client.post(url("case_release", period), {**date_boxes("finished_on", date(2026, 10, 31)), "number_of_terms": "0"}).status_code == 404
    period.refresh_from_db()
    assert period.finished_on is None


def test_the_caseloads_queries_do_not_grow_with_cases(ab_client, school_a, tutor_a, ab_staff, django_assert_max_num_queries):
    for _ in range(2):
        claimed(school_a, tutor_a, ab_staff)
    with django_assert_max_num_queries(10) as few:
        ab_client.get(CASELOAD)
    for _ in range(20):
        claimed(school_a, tutor_a, ab_staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ab_client.get(CASELOAD).context["cases"]) == 22


def test_an_absence_from_the_page_shows_on_the_case(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    refused = ab_client.post(url("case_absence", period), {"kind": "", **date_boxes("started_on", date(2026, 11, 2)),
                                                           **date_boxes("finished_on", date(2026, 11, 6)), "days": "9"})
    assert refused.context["form"].errors == {"kind": ["Select the kind of absence"]}
    ab_client.post(url("case_absence", period), {"kind": "sickness", **date_boxes("started_on", date(2026, 11, 2)),
                                                 **date_boxes("finished_on", date(2026, 12, 11)), "days": "30"})
    page = ab_client.get(url("case_detail", period)).content.decode()
    assert "Sickness: 2 Nov 2026 to 11 Dec 2026, 30 days" in page and "30 days reached: the headteacher must tell the appropriate body" in page


def test_the_history_shows_each_step_with_who_and_exports_as_csv(ab_client, school_a, tutor_a, ab_staff):
    import csv
    import io

    period = claimed(school_a, tutor_a, ab_staff)
    ab_client.post(url("case_release", period), {**date_boxes("finished_on", date(2026, 10, 31)), "number_of_terms": "0.5"})
    history = ab_client.get(url("case_detail", period)).context["history"]
    assert [entry.summary for entry in history][:2] == ["Induction period changed", "Claim changed"]
    release_entry = history[0]
    assert release_entry.who == str(ab_staff)
    assert {(c.label, c.old, c.new) for c in release_entry.changes} == {
        ("End date", "not set", "31 October 2026"), ("Number of terms", "not set", "0.5")}
    assert "Claim opened by the school's registration" in [entry.summary for entry in history]
    response = ab_client.get(url("case_history_export", period))
    assert response["Content-Disposition"].startswith('attachment; filename="induction-history-')
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["When", "Who", "What", "Field", "Before", "After"]
    assert [str(ab_staff), "Induction period changed", "End date", "not set", "31 October 2026"] in [row[1:] for row in rows]


def test_completion_to_decision_on_one_page_with_its_clocks(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    page_url = url("case_completion", period)
    today = timezone.localdate()
    assert list(ab_client.get(page_url).context["forms"]) == ["completion"]
    refused = ab_client.post(page_url, {"step": "completion", **{f"completion-{k}": v for k, v in date_boxes("completed_on", date(2026, 8, 1)).items()}})
    assert refused.context["form"].errors == {"completed_on": ["The completion date cannot be before the period started (1 September 2026)"]}
    ab_client.post(page_url, {"step": "completion", **{f"completion-{k}": v for k, v in date_boxes("completed_on", today).items()}})
    page = ab_client.get(page_url)
    assert list(page.context["forms"]) == ["recommendation"]
    assert [d.deadline.rule_id for d in page.context["duties"]] == ["DL-001"]
    assert "working days left" in page.content.decode()
    ab_client.post(page_url, {"step": "recommendation", "recommendation-recommendation": "satisfactory",
                              **{f"recommendation-{k}": v for k, v in date_boxes("received_on", today).items()}})
    page = ab_client.get(page_url)
    assert list(page.context["forms"]) == ["representations", "decision"]
    assert [d.deadline.rule_id for d in page.context["duties"]] == ["DL-001", "DL-003", "DL-004"]
    too_soon = ab_client.post(page_url, {"step": "decision", "decision-decision": "pass", "decision-number_of_terms": "6",
                                         **{f"decision-{k}": v for k, v in date_boxes("decided_on", today).items()}})
    assert "to send comments on the recommendation (DL-003)" in too_soon.context["form"].errors["decided_on"][0]
    period.refresh_from_db()
    assert period.outcome == ""


def test_the_case_pages_queries_do_not_grow_with_its_reviews(ab_client, school_a, tutor_a, ab_staff, django_assert_max_num_queries):
    period = claimed(school_a, tutor_a, ab_staff)
    assert period.induction.assessments.count() >= 6  # the schedule: 4 reviews and 2 assessments at least
    with django_assert_max_num_queries(29) as counted:
        page = ab_client.get(url("case_detail", period))
    assert len(page.context["assessments"]) == period.induction.assessments.count()
    for n in range(6):
        Extension.objects.create(induction=period.induction, terms=Decimal("0.5"), reason=f"Reason {n}", decided_on=date(2026, 10, 1))
    from appropriate_body.assessments.assessments import sync_schedule

    sync_schedule(period)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        ab_client.get(url("case_detail", period))


def test_the_case_warns_when_the_latest_record_is_not_on_track(ab_client, school_a, tutor_a, ab_staff):
    from appropriate_body.models import Assessment

    period = claimed(school_a, tutor_a, ab_staff)
    first = Assessment.objects.filter(induction_period=period).order_by("due_on").first()
    Assessment.objects.filter(pk=first.pk).update(status="submitted", on_track=False)
    page = ab_client.get(url("case_detail", period)).content.decode()
    assert "Not on track" in page and "No support plan is recorded." in page
