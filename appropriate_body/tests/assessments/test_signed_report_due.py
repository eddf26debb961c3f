"""DL-002: the signed final assessment report reaches the AB within 10 working days of the meeting (FA-005)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from appropriate_body.assessments import assessments as domain
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus
from appropriate_body.rules.bank_holidays import ENGLAND_AND_WALES
from appropriate_body.rules.deadlines import DeadlineState, signed_report_due
from appropriate_body.tests.factories import NOW, claimed, ect_account, first, written
from appropriate_body.tests.pages import assessment_page, record_form

# The period in factories.claimed starts on 1 September 2026; this meeting is before today.
MEETING = date(2026, 10, 1)
# Thursday 1 October 2026 is day 1: 1, 2, 5, 6, 7, 8, 9, 12, 13, 14 October.
DUE = date(2026, 10, 14)


def final_with_meeting(period, tutor, *, meeting_on=MEETING) -> Assessment:
    final = written(first(period, AssessmentKind.FINAL_ASSESSMENT), tutor, meeting_on=meeting_on,
                    headteacher_recommendation="satisfactory")
    return domain.submit(final, actor=tutor, now=NOW)


# --- The deadline -----------------------------------------------------------------------------------

def test_dl_002_counts_the_meeting_day_and_skips_christmas_and_new_year():
    christmas = {date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)}
    assert christmas <= ENGLAND_AND_WALES
    # Friday 19 December 2025 is day 1: 19, 22, 23, 24, 29, 30, 31 Dec, 2, 5, 6 Jan.
    deadline = signed_report_due(date(2025, 12, 19))
    assert (deadline.rule_id, deadline.due_on) == ("DL-002", date(2026, 1, 6))
    # Without the bank holidays it would be Thursday 1 January: the holidays cost three days.
    assert signed_report_due(date(2025, 12, 19), holidays=frozenset()).due_on == date(2026, 1, 1)


def test_dl_002_a_meeting_on_a_weekend_counts_from_the_monday():
    assert signed_report_due(date(2026, 10, 3)).due_on == signed_report_due(date(2026, 10, 5)).due_on == date(2026, 10, 16)


# --- How it stands ------------------------------------------------------------------------------------

def final(**fields) -> Assessment:
    return Assessment(**{"kind": AssessmentKind.FINAL_ASSESSMENT, "meeting_on": MEETING, "status": AssessmentStatus.AWAITING_SIGNATURES,
                         **fields})


def signed_on(day: date) -> dict:
    return {"status": AssessmentStatus.SIGNED, "ect_signed_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC)}


@pytest.mark.parametrize(("assessment", "today", "state", "left", "overdue"), [
    (final(), date(2026, 10, 12), DeadlineState.DUE, 2, 0),
    (final(), DUE, DeadlineState.DUE_TODAY, 0, 0),
    (final(), date(2026, 10, 19), DeadlineState.OVERDUE, 0, 3),
    (final(**signed_on(DUE)), date(2026, 11, 2), DeadlineState.DONE, 0, 0),
    (final(**signed_on(date(2026, 10, 16))), date(2026, 11, 2), DeadlineState.DONE_LATE, 0, 2),
])
def test_dl_002_status_is_done_when_the_ect_signs_last(assessment, today, state, left, overdue):
    report = domain.signed_report_status(assessment, today=today)
    assert report.deadline.due_on == DUE
    assert (report.status.state, report.status.working_days_left, report.status.working_days_overdue) == (state, left, overdue)


def test_dl_002_runs_only_on_a_final_assessment_with_its_meeting_recorded():
    assert domain.signed_report_status(final(meeting_on=None), today=DUE) is None
    # FA-005 asks for the year-1 report "shortly after" its meeting: no number of days to chase.
    formal = Assessment(kind=AssessmentKind.FORMAL_ASSESSMENT, meeting_on=MEETING)
    assert domain.signed_report_status(formal, today=DUE) is None


# --- The tutor records the meeting ----------------------------------------------------------------

@pytest.mark.django_db
def test_a_formal_assessment_is_not_submitted_without_its_meeting_date(client, school_a, tutor_a, ab_staff):
    formal = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.FORMAL_ASSESSMENT)
    client.force_login(tutor_a)
    response = client.post(assessment_page(formal), record_form(None))
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body
    assert "Enter the date of the assessment meeting (FA-005)" in body
    assert client.post(assessment_page(formal), record_form(MEETING)).status_code == 302
    formal.refresh_from_db()
    assert (formal.meeting_on, formal.status) == (MEETING, AssessmentStatus.AWAITING_ECT_COMMENTS)
    assert formal.history.first().meeting_on == MEETING


@pytest.mark.django_db
def test_the_meeting_date_is_not_in_the_future_nor_before_the_period(client, school_a, tutor_a, ab_staff):
    formal = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.FORMAL_ASSESSMENT)
    client.force_login(tutor_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = client.post(assessment_page(formal), record_form(tomorrow, action="save")).content.decode()
    assert "The date of the assessment meeting cannot be in the future" in body
    body = client.post(assessment_page(formal), record_form(date(2026, 8, 31), action="save")).content.decode()
    assert "cannot be before the induction period started (1 September 2026)" in body
    formal.refresh_from_db()
    assert (formal.meeting_on, formal.status) == (None, AssessmentStatus.NOT_STARTED)


@pytest.mark.django_db
def test_a_progress_review_asks_for_no_meeting_date(client, school_a, tutor_a, ab_staff):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    client.force_login(tutor_a)
    assert "meeting_on_0" not in client.get(assessment_page(review)).content.decode()
    assert client.post(assessment_page(review), record_form(None)).status_code == 302
    review.refresh_from_db()
    assert (review.status, review.meeting_on) == (AssessmentStatus.SUBMITTED, None)
    # Nor can one be stored on it (FA-001: reviews have no formal meeting).
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=review.pk).update(meeting_on=MEETING)


# --- Where it shows ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_school_and_the_ect_see_when_the_signed_report_is_due(client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    report = final_with_meeting(period, tutor_a)
    line, why = "Signed report due to the appropriate body by 14 October 2026", "has signed (DL-002).</p>"
    client.force_login(tutor_a)
    school_page = client.get(assessment_page(report)).content.decode()
    assert line in school_page and why in school_page and "Overdue by" in school_page and "1 October 2026" in school_page
    client.force_login(own)
    own_page = client.get(reverse("appropriate_body:my_assessment", args=[report.public_id])).content.decode()
    assert line in own_page and why in own_page


@pytest.mark.django_db
def test_the_ab_list_flags_an_overdue_signed_report(client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    final_with_meeting(period, tutor_a)
    client.force_login(ab_staff)
    response = client.get(reverse("appropriate_body:ab_assessments"), {"kind": AssessmentKind.FINAL_ASSESSMENT})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Signed report due by 14 Oct 2026" in body and "Rule DL-002" in body and "Overdue by" in body
    # No meeting date, no DL-002 clock: the formal assessment carries no badge.
    body = client.get(reverse("appropriate_body:ab_assessments"), {"kind": AssessmentKind.FORMAL_ASSESSMENT}).content.decode()
    assert "Signed report due" not in body


def test_the_to_do_list_chases_signed_reports_until_all_three_have_signed(client, school_a, tutor_a, ab_staff):
    from appropriate_body.inductions.todo import todo_list

    period = claimed(school_a, tutor_a, ab_staff)
    report = final_with_meeting(period, tutor_a)
    item = next(item for item in todo_list(today=DUE + timedelta(days=7)) if item.key == "signed_reports")
    assert item.count == 1 and item.rows[0].pk == report.pk
    assert item.rows[0].next_duty.deadline.due_on == DUE and item.rows[0].next_duty.status.state == DeadlineState.OVERDUE
    client.force_login(ab_staff)
    body = client.get(reverse("appropriate_body:todo")).content.decode()
    assert "Signed final assessment reports to chase" in body and "final assessment meeting (DL-002)." in body
    assert assessment_page(report) in body
    Assessment.objects.filter(pk=report.pk).update(**signed_on(DUE))
    assert next(item for item in todo_list(today=DUE) if item.key == "signed_reports").count == 0
