"""The workload forecast: counts that match the schedule, clocks in the week they fall due, planning and moving work."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from appropriate_body.assessments.awaiting import refresh_awaiting_review
from appropriate_body.models import Assessment, AssessmentStatus, CompletionDecision, WorkAssignment
from appropriate_body.models.assessments import OPEN_STATUSES
from appropriate_body.qa.assignments import find_item, plan_work
from appropriate_body.qa.workload import forecast, horizon, items_in_week, member_items, monday
from appropriate_body.rules.deadlines import ab_decision_due, headteacher_recommendation_due
from appropriate_body.tests.factories import claimed
from participants.models import Role
from participants.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 9)  # a Wednesday: the forecast starts on Monday 7 December


@pytest.fixture
def periods(school_a, tutor_a, ab_staff):
    return [claimed(school_a, tutor_a, ab_staff, first_name=name) for name in ("Ada", "Ben", "Cal")]


def by_week(member=None):
    return {week.starts_on: week for week in forecast(today=TODAY, member=member)}


def test_the_weeks_run_from_this_monday_to_the_end_of_next_term():
    first, last = horizon(TODAY)
    assert (first, last) == (date(2026, 12, 7), date(2027, 4, 30))
    weeks = list(by_week())
    assert weeks[0] == first and weeks[-1] == date(2027, 4, 26) and all(b - a == timedelta(weeks=1) for a, b in zip(weeks, weeks[1:], strict=False))


def test_reviews_due_each_week_are_the_open_ones_the_schedule_has_that_week(periods):
    # Spread the schedule over the horizon, one done and one overdue, so the counts are not all in one week.
    rows = list(Assessment.objects.order_by("pk"))
    for n, row in enumerate(rows):
        Assessment.objects.filter(pk=row.pk).update(due_on=date(2026, 12, 1) + timedelta(days=9 * n))
    Assessment.objects.filter(pk=rows[2].pk).update(status=AssessmentStatus.SUBMITTED)
    weeks = by_week()
    first = date(2026, 12, 7)
    for starts_on, week in weeks.items():
        direct = Assessment.objects.filter(status__in=OPEN_STATUSES, due_on__range=(starts_on, starts_on + timedelta(days=6))).count()
        if starts_on == first:  # work from earlier weeks not yet done is this week's
            direct += Assessment.objects.filter(status__in=OPEN_STATUSES, due_on__lt=first).count()
        assert week.count("review") == direct, starts_on
    in_horizon = Assessment.objects.filter(status__in=OPEN_STATUSES, due_on__lte=date(2027, 4, 30)).count()
    assert sum(week.count("review") for week in weeks.values()) == in_horizon > 3
    # The submitted one is a report to check in this week (it arrived before it).
    Assessment.objects.filter(pk=rows[2].pk).update(submitted_at=datetime(2026, 11, 19, 10, tzinfo=UTC))
    refresh_awaiting_review([rows[2].pk])  # written straight to the row: stored as submit() would
    assert by_week()[first].count("report") == 1


def test_clocks_fall_in_the_week_they_are_due(periods, ab_staff):
    induction = periods[0].induction
    completion = CompletionDecision.objects.create(induction=induction, completed_on=date(2026, 12, 14), created_by=ab_staff)
    due = headteacher_recommendation_due(completion.completed_on).due_on  # DL-001
    assert by_week()[monday(due)].count("clock") == 1
    CompletionDecision.objects.filter(pk=completion.pk).update(recommendation="satisfactory", recommendation_received_on=date(2027, 1, 4))
    due = ab_decision_due(date(2027, 1, 4)).due_on  # DL-004
    [item] = [item for item in items_in_week(monday(due), today=TODAY) if item.kind == "decision"]
    assert (item.due_on, item.rule_id) == (due, "DL-004")


def test_work_moves_to_a_quieter_earlier_week_but_never_past_its_due_date(periods, ab_staff, settings):
    review = Assessment.objects.filter(induction=periods[0].induction).order_by("due_on").first()
    Assessment.objects.filter(pk=review.pk).update(due_on=date(2027, 2, 10))
    item = find_item("review", review.public_id, today=TODAY)
    assert item.week == date(2027, 2, 8) and item.due_on == date(2027, 2, 10)

    plan_work(item, assignee=ab_staff, planned_week=date(2027, 1, 13), actor=ab_staff, today=TODAY)  # any day: its Monday
    weeks = by_week()
    assert weeks[date(2027, 1, 11)].count("review") == 1 and weeks[date(2027, 2, 8)].count("review") == 0
    assert WorkAssignment.objects.get().planned_week == date(2027, 1, 11)

    item = find_item("review", review.public_id, today=TODAY)
    with pytest.raises(ValidationError) as problem:
        plan_work(item, assignee=ab_staff, planned_week=date(2027, 2, 15), actor=ab_staff, today=TODAY)
    assert problem.value.message_dict == {"planned_week": [
        f"This is due by 10 February 2027 ({review.rule_id}). Choose the week beginning 8 February 2027 or an earlier one"]}
    with pytest.raises(ValidationError) as problem:
        plan_work(item, assignee=ab_staff, planned_week=date(2026, 11, 30), actor=ab_staff, today=TODAY)
    assert problem.value.message_dict == {"planned_week": ["Choose this week or a later one"]}
    assert WorkAssignment.objects.get().planned_week == date(2027, 1, 11)

    # The week it is due is still allowed, and with no week given it goes back to its natural one.
    plan_work(item, assignee=ab_staff, planned_week=date(2027, 2, 8), actor=ab_staff, today=TODAY)
    plan_work(find_item("review", review.public_id, today=TODAY), assignee=None, planned_week=None, actor=ab_staff, today=TODAY)
    assert WorkAssignment.objects.get().planned_week == date(2027, 2, 8) and WorkAssignment.objects.get().history.count() == 3


def test_overdue_work_can_be_given_to_someone_this_week_but_never_put_off(periods, ab_staff):
    review = Assessment.objects.filter(induction=periods[0].induction).order_by("due_on").first()
    Assessment.objects.filter(pk=review.pk).update(due_on=date(2026, 11, 20))
    item = find_item("review", review.public_id, today=TODAY)
    assert item.week == date(2026, 12, 7)  # overdue work is this week's

    plan_work(item, assignee=ab_staff, planned_week=None, actor=ab_staff, today=TODAY)
    assert WorkAssignment.objects.get().planned_week == date(2026, 12, 7)
    with pytest.raises(ValidationError) as problem:
        plan_work(item, assignee=ab_staff, planned_week=date(2026, 12, 14), actor=ab_staff, today=TODAY)
    assert problem.value.message_dict == {"planned_week": [
        f"This was due by 20 November 2026 ({review.rule_id}). Choose this week, the week beginning 7 December 2026"]}


def test_only_ab_staff_are_given_work(periods, ab_staff, tutor_a):
    review = Assessment.objects.filter(induction=periods[0].induction).order_by("due_on").first()
    with pytest.raises(ValidationError) as problem:
        plan_work(find_item("review", review.public_id, today=TODAY), assignee=tutor_a, planned_week=None, actor=ab_staff, today=TODAY)
    assert problem.value.message_dict == {"assignee": ["Choose a member of the appropriate body's staff"]}


def test_my_work_and_the_member_filter_show_only_their_items(periods, ab_staff):
    other = user_with_role(Role.AB_STAFF, email="other.ab@example.org")
    mine, theirs = [Assessment.objects.filter(induction=period.induction).order_by("due_on").first() for period in periods[:2]]
    Assessment.objects.filter(pk__in=[mine.pk, theirs.pk]).update(due_on=date(2027, 1, 20))
    plan_work(find_item("review", mine.public_id, today=TODAY), assignee=ab_staff, planned_week=None, actor=ab_staff, today=TODAY)
    plan_work(find_item("review", theirs.public_id, today=TODAY), assignee=other, planned_week=date(2027, 1, 11), actor=ab_staff, today=TODAY)
    assert {week: [item.object_id for item in items] for week, items in member_items(ab_staff, today=TODAY).items()} == {
        date(2027, 1, 18): [mine.pk]}
    assert [week.starts_on for week in forecast(today=TODAY, member=other) if week.total] == [date(2027, 1, 11)]
