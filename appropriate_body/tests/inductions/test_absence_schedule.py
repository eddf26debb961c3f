"""What absence does to the dates: ABS-002's extension pushes assessments back, and what falls due while
the ECT is away waits for their return (PR-002, FA-002); a formal assessment meeting cannot be held then."""

from datetime import date

import pytest
from django.urls import reverse

from appropriate_body.inductions.absence_records import record_absence
from appropriate_body.models import AssessmentKind, AssessmentStatus
from appropriate_body.rules.schedule import induction_schedule
from appropriate_body.tests.factories import claimed, first, written
from appropriate_body.tests.pages import assessment_page, record_form

pytestmark = pytest.mark.django_db

# factories.claimed starts the period on 1 September 2026, full-time: the first review is due on
# 31 December 2026, the year-1 formal assessment on 31 August 2027.
FIRST_REVIEW_DUE = date(2026, 12, 31)


def absent(period, ab_staff, *, start, end, days, kind="sickness"):
    return record_absence(period.induction, kind=kind, started_on=start, finished_on=end, days=days, ect_opted_to_extend=False,
                          actor=ab_staff)


def test_pr_002_a_review_due_during_an_absence_moves_to_the_return_and_keeps_its_old_date(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    assert (review.due_on, review.due_before_absence) == (FIRST_REVIEW_DUE, None)

    absent(period, ab_staff, start=date(2026, 12, 7), end=date(2027, 1, 8), days=15)

    review.refresh_from_db()
    assert (review.due_on, review.due_before_absence) == (date(2027, 1, 9), FIRST_REVIEW_DUE)
    assert review.history.first().due_on == date(2027, 1, 9)  # the move is in the record's history
    # Under 30 days: no extension, so nothing else moved.
    others = period.assessments.exclude(pk=review.pk).filter(due_before_absence__isnull=False)
    assert not others.exists()


def test_abs_002_thirty_days_in_year_1_push_both_assessments_back(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    formal, final = first(period, AssessmentKind.FORMAL_ASSESSMENT), first(period, AssessmentKind.FINAL_ASSESSMENT)
    before = (formal.due_on, final.due_on)

    absent(period, ab_staff, start=date(2026, 10, 5), end=date(2026, 11, 13), days=30)

    expected = induction_schedule(date(2026, 9, 1), 1, served_before=0, required=6, absence_extension_days={1: 30})
    formal.refresh_from_db()
    final.refresh_from_db()
    assert [formal.due_on, final.due_on] == [item.due_on for item in expected if item.kind != "progress_review"]
    assert formal.due_on > before[0] and final.due_on > before[1]


def test_a_record_the_school_has_started_keeps_its_date(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    review = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a, meeting_on=None)
    assert review.status == AssessmentStatus.IN_PROGRESS

    absent(period, ab_staff, start=date(2026, 12, 7), end=date(2027, 1, 8), days=15)

    review.refresh_from_db()
    assert (review.due_on, review.due_before_absence) == (FIRST_REVIEW_DUE, None)


def test_the_move_is_shown_to_the_ab_the_tutor_and_the_ect(client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    absent(period, ab_staff, start=date(2026, 12, 7), end=date(2027, 1, 8), days=15)
    note = "Moved from 31 December 2026: the ECT was absent then (PR-002)"

    client.force_login(ab_staff)
    case = client.get(reverse("appropriate_body:case_detail", kwargs={"induction": period.induction.public_id})).content.decode()
    assert note in case
    client.force_login(tutor_a)
    school = client.get(reverse("appropriate_body:school_inductions", args=[school_a.urn])).content.decode()
    assert note in school


def test_fa_002_no_formal_assessment_meeting_while_the_ect_was_absent(client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    absent(period, ab_staff, start=date(2026, 10, 5), end=date(2026, 10, 16), days=10)
    formal = first(period, AssessmentKind.FORMAL_ASSESSMENT)
    client.force_login(tutor_a)

    body = client.post(assessment_page(formal), record_form(date(2026, 10, 12), action="save")).content.decode()

    assert ("The ECT was absent on 12 October 2026 (absence recorded from 5 October 2026 to 16 October 2026). "
            "Hold the formal assessment after they return (FA-002)") in body
    formal.refresh_from_db()
    assert (formal.meeting_on, formal.status) == (None, AssessmentStatus.NOT_STARTED)
    # The day after they came back is fine.
    assert client.post(assessment_page(formal), record_form(date(2026, 10, 19), action="save")).status_code == 302
    formal.refresh_from_db()
    assert formal.meeting_on == date(2026, 10, 19)
