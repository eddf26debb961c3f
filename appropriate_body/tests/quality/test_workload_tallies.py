"""The workload forecast from the reviews and reports counted at the last refresh (appropriate_body.qa.tallies).

Random runs of what moves the forecast (due dates spread over the horizon and before it, reviews submitted, returned
and accepted, work planned for other weeks and back) each end with a refresh: the forecast from the kept counts then
equals the one counted afresh, week by week and column by column. Planning shows at once, without a refresh; the rest
waits for the next one, and the page says when that was.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appropriate_body.assessments import assessments as reports
from appropriate_body.models import Assessment, AssessmentKind, WorkloadRefresh, WorkloadTally
from appropriate_body.qa.assignments import find_item, plan_work
from appropriate_body.qa.tallies import kept_counts, refresh_workload_tallies
from appropriate_body.qa.tasks import refresh_workload
from appropriate_body.qa.workload import forecast
from appropriate_body.reviews import reviews as domain
from appropriate_body.tests.factories import claimed, written
from hubportal.tests.stored_state import RANDOM_RUNS, run_steps

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 9)  # the forecast runs from Monday 7 December to the end of April
NOW = datetime(2026, 12, 9, 9, tzinfo=UTC)
STEPS = st.lists(st.tuples(st.sampled_from(["due", "submit", "return", "accept", "plan", "unplan"]),
                           st.integers(min_value=0, max_value=60)), min_size=1, max_size=10)


def table(weeks) -> list[tuple]:
    return [(week.starts_on, *week.cells) for week in weeks]


def kept_forecast():
    counts, _ = kept_counts()
    return forecast(today=TODAY, kept=counts)


@pytest.fixture
def cast(school_a, tutor_a, ab_staff):
    periods = [claimed(school_a, tutor_a, ab_staff, first_name=name) for name in ("Ada", "Ben")]
    return {"reviews": list(Assessment.objects.filter(induction_period__in=periods, kind=AssessmentKind.PROGRESS_REVIEW)
                            .order_by("pk")),
            "tutor": tutor_a, "ab": ab_staff}


def apply(index: int, step: str, n: int, cast: dict) -> None:
    review = Assessment.objects.get(pk=cast["reviews"][n % len(cast["reviews"])].pk)
    if step == "due":  # from three weeks before the forecast to past its end
        Assessment.objects.filter(pk=review.pk).update(due_on=date(2026, 11, 16) + timedelta(days=3 * n))
    elif step == "submit":
        reports.submit(written(review, cast["tutor"]), actor=cast["tutor"], now=NOW + timedelta(days=n % 40, minutes=index))
    elif step == "return":
        domain.return_report(review, {"targets": "Make them measurable."}, actor=cast["ab"], now=NOW + timedelta(minutes=index))
    elif step == "accept":
        domain.accept_report(review, actor=cast["ab"], now=NOW + timedelta(minutes=index))
    elif step in ("plan", "unplan"):
        kind = "review" if review.status in ("not_started", "in_progress", "returned") else "report"
        if (item := find_item(kind, review.public_id, today=TODAY)) is not None:
            week = None if step == "unplan" else date(2026, 12, 7) + timedelta(weeks=n % 8)
            plan_work(item, assignee=cast["ab"], planned_week=week, actor=cast["ab"], today=TODAY)


def assert_kept_equals_afresh() -> None:
    refresh_workload_tallies(now=NOW)
    assert table(kept_forecast()) == table(forecast(today=TODAY))


@settings(RANDOM_RUNS, max_examples=25)
@given(steps=STEPS)
@example(steps=[("due", 2), ("due", 30), ("submit", 0), ("plan", 1), ("return", 0), ("plan", 0), ("submit", 3), ("accept", 3),
                ("unplan", 1)])
def test_the_kept_counts_give_the_forecast_counted_afresh(cast, steps):
    run_steps(steps, apply=lambda index, step, n: apply(index, step, n, cast), check=assert_kept_equals_afresh,
              summary=lambda: f"{WorkloadTally.objects.count()} days counted")


def test_nothing_is_kept_until_the_first_refresh_then_each_replaces_the_last(cast):
    assert kept_counts() is None
    assert refresh_workload_tallies(now=NOW) == WorkloadTally.objects.count() > 0
    later = NOW + timedelta(minutes=10)
    assert refresh_workload() == WorkloadTally.objects.count()  # the beat job's task: at the time it runs
    assert WorkloadRefresh.objects.get().refreshed_at != NOW
    refresh_workload_tallies(now=later)
    assert kept_counts()[1] == later and WorkloadRefresh.objects.count() == 1


def test_planning_shows_at_once_and_the_rest_at_the_next_refresh(cast):
    review = cast["reviews"][0]
    Assessment.objects.filter(pk=review.pk).update(due_on=date(2027, 2, 10))
    refresh_workload_tallies(now=NOW)
    plan_work(find_item("review", review.public_id, today=TODAY), assignee=cast["ab"], planned_week=date(2027, 1, 11),
              actor=cast["ab"], today=TODAY)
    weeks = {week.starts_on: week for week in kept_forecast()}
    assert weeks[date(2027, 1, 11)].count("review") == 1 and weeks[date(2027, 2, 8)].count("review") == 0
    # A review due in the forecast after the count is not in it until the next one.
    other = cast["reviews"][1]
    before = {week.starts_on: week.count("review") for week in kept_forecast()}
    Assessment.objects.filter(pk=other.pk).update(due_on=date(2027, 3, 3))
    assert {week.starts_on: week.count("review") for week in kept_forecast()} == before
    assert_kept_equals_afresh()


def test_the_page_reads_the_kept_counts_and_says_when_they_were_made(ab_client, cast, django_assert_max_num_queries):
    url = reverse("appropriate_body:workload")
    assert "workload-as-at" not in ab_client.get(url).content.decode()  # counted on the view until the first refresh
    refresh_workload_tallies(now=NOW)
    with django_assert_max_num_queries(20):
        page = ab_client.get(url).content.decode()
    assert 'id="workload-as-at">Reviews and reports counted at 09:00, 9 December 2026; they are counted every 10 minutes.' in page
