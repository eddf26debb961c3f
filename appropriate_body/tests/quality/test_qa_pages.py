"""The QA queue, QA check, school QA log, workload, week, plan and "My work" pages: AB staff only, flat query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import Assessment, QACheck, WorkAssignment
from appropriate_body.qa.workload import monday
from appropriate_body.tests.factories import claimed

pytestmark = pytest.mark.django_db

QUEUE, WORKLOAD, MY_WORK = reverse("appropriate_body:qa_queue"), reverse("appropriate_body:workload"), reverse("appropriate_body:my_work")


def late(period):
    """Make the period's first review overdue: a signal that puts the ECT in the queue."""
    review = Assessment.objects.filter(induction=period.induction).order_by("due_on").first()
    Assessment.objects.filter(pk=review.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    return review


def test_the_pages_are_for_ab_staff_only(client, tutor_a, hub_staff, school_a):
    for url in (QUEUE, WORKLOAD, MY_WORK, reverse("appropriate_body:workload_week"),
                reverse("appropriate_body:school_qa_log", args=[school_a.urn])):
        assert client.get(url).status_code == 302
        for user in (tutor_a, hub_staff):
            client.force_login(user)
            assert client.get(url).status_code == 404
        client.logout()


def test_the_queue_shows_each_ect_with_its_reasons_in_flat_queries(ab_client, school_a, tutor_a, ab_staff, django_assert_max_num_queries):
    late(claimed(school_a, tutor_a, ab_staff, first_name="Luke"))
    with django_assert_max_num_queries(16) as few:
        page = ab_client.get(QUEUE).content.decode()
    assert "Luke" in page and 'data-reason="late"' in page and "A review or assessment is past its due date" in page
    for name in ("Mia", "Ned", "Ola"):
        late(claimed(school_a, tutor_a, ab_staff, first_name=name))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = ab_client.get(QUEUE).content.decode()
    assert 'id="qa-count">4 ECTs' in page


def test_recording_a_check_files_it_in_the_school_log_and_the_ect_leaves_the_queue(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, first_name="Luke")
    late(period)
    url = reverse("appropriate_body:qa_check", args=[period.induction.public_id])
    page = ab_client.get(url + "?reason=late&reason=nonsense").content.decode()
    assert "A review or assessment is past its due date" in page and "nonsense" not in page
    refused = ab_client.post(url, {"looked_at": "The autumn review", "finding": "concern", "note": "", "reason": "late"})
    assert refused.status_code == 200 and "Error: Record a QA check" in refused.content.decode()
    assert "Enter a note saying what the concern is" in refused.content.decode()
    done = ab_client.post(url, {"looked_at": "The autumn review", "finding": "concern", "note": "No targets set", "reason": "late"})
    assert done.status_code == 302 and done["Location"] == QUEUE
    check = QACheck.objects.get()
    assert (check.school, check.induction, check.reasons, check.checked_by) == (school_a, period.induction, ["late"], ab_staff)
    queue = ab_client.get(QUEUE).content.decode()
    assert "s induction recorded." in queue and 'id="qa-count">0 ECTs' in queue
    log = ab_client.get(reverse("appropriate_body:school_qa_log", args=[school_a.urn])).content.decode()
    assert "The autumn review" in log and "No targets set" in log and "Concern raised" in log
    # The ECT's case history shows it.
    case = ab_client.get(reverse("appropriate_body:case_detail", args=[period.induction.public_id])).content.decode()
    assert "QA check: concern raised. Looked at: The autumn review" in case
    # The AB's school page links to it.
    school_page = ab_client.get(reverse("appropriate_body:school_inductions", args=[school_a.urn])).content.decode()
    assert reverse("appropriate_body:school_qa_log", args=[school_a.urn]) in school_page


def test_the_workload_page_counts_by_week_flags_peaks_and_keeps_its_queries_flat(
    ab_client, school_a, tutor_a, ab_staff, settings, django_assert_max_num_queries,
):
    claimed(school_a, tutor_a, ab_staff, first_name="Ada")
    this_week = monday(timezone.localdate())
    Assessment.objects.update(due_on=this_week + timedelta(days=1))
    settings.AB_WEEKLY_CAPACITY = 2
    with django_assert_max_num_queries(20) as few:
        page = ab_client.get(WORKLOAD).content.decode()
    opened = Assessment.objects.count()
    assert f'data-week="{this_week.isoformat()}"' in page and f"<td class=\"govuk-table__cell govuk-table__cell--numeric\" data-total>{opened}</td>" in page
    assert "Peak" in page
    for name in ("Ben", "Cal", "Dee"):
        claimed(school_a, tutor_a, ab_staff, first_name=name)
    with django_assert_max_num_queries(len(few.captured_queries)):
        ab_client.get(WORKLOAD)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        ab_client.get(WORKLOAD, {"member": ab_staff.pk})


def test_planning_from_the_week_page_moves_the_work_and_my_work_shows_it(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, first_name="Ada")
    review = Assessment.objects.filter(induction=period.induction).order_by("due_on").first()
    due = monday(timezone.localdate()) + timedelta(weeks=3, days=2)
    Assessment.objects.filter(pk=review.pk).update(due_on=due)
    week_page = ab_client.get(reverse("appropriate_body:workload_week"), {"week": monday(due).isoformat()}).content.decode()
    plan_url = reverse("appropriate_body:workload_plan", args=["review", review.public_id])
    assert plan_url in week_page and "Nobody yet" in week_page
    assert "Nothing is planned for you yet" in ab_client.get(MY_WORK).content.decode()

    later = monday(due) + timedelta(weeks=1)
    refused = ab_client.post(plan_url, {"assignee": ab_staff.pk, "planned_week": later.isoformat()})
    assert refused.status_code == 200 and "Choose the week beginning" in refused.content.decode()
    earlier = monday(due) - timedelta(weeks=2)
    moved = ab_client.post(plan_url, {"assignee": ab_staff.pk, "planned_week": earlier.isoformat()})
    assert moved.status_code == 302 and WorkAssignment.objects.get().planned_week == earlier
    mine = ab_client.get(MY_WORK).content.decode()
    assert "Ada" in mine and f"Week beginning {earlier:%-d %B %Y}" in mine


def test_a_week_outside_the_forecast_or_work_that_is_not_open_answers_404(ab_client, school_a, tutor_a, ab_staff):
    assert ab_client.get(reverse("appropriate_body:workload_week"), {"week": "2020-01-06"}).status_code == 404
    assert ab_client.get(reverse("appropriate_body:workload_week"), {"week": "soon"}).status_code == 404
    period = claimed(school_a, tutor_a, ab_staff, first_name="Ada")
    review = Assessment.objects.filter(induction=period.induction).order_by("due_on").first()
    Assessment.objects.filter(pk=review.pk).update(status="not_needed")
    assert ab_client.get(reverse("appropriate_body:workload_plan", args=["review", review.public_id])).status_code == 404
    assert ab_client.get(reverse("appropriate_body:workload_plan", args=["nonsense", review.public_id])).status_code == 404


def test_my_work_keeps_its_queries_flat(ab_client, school_a, tutor_a, ab_staff, django_assert_max_num_queries):
    from appropriate_body.qa.assignments import find_item, plan_work

    def plan(name):
        period = claimed(school_a, tutor_a, ab_staff, first_name=name)
        for review in Assessment.objects.filter(induction=period.induction):
            item = find_item("review", review.public_id, today=timezone.localdate())
            if item is not None:
                plan_work(item, assignee=ab_staff, planned_week=None, actor=ab_staff, today=timezone.localdate())

    plan("Ada")
    with django_assert_max_num_queries(20) as few:
        assert "Ada" in ab_client.get(MY_WORK).content.decode()
    plan("Ben")
    plan("Cal")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = ab_client.get(MY_WORK).content.decode()
    assert "Ben" in page and "Cal" in page


def test_a_check_of_the_school_as_a_whole_goes_in_its_log(ab_client, school_a, ab_staff):
    url = reverse("appropriate_body:school_qa_check", args=[school_a.urn])
    assert "Record a QA check of the school" in ab_client.get(url).content.decode()
    done = ab_client.post(url, {"looked_at": "Mentors' timetabled time", "finding": "ok", "note": ""})
    assert done.status_code == 302 and done["Location"] == reverse("appropriate_body:school_qa_log", args=[school_a.urn])
    check = QACheck.objects.get()
    assert (check.school, check.induction, check.finding, check.checked_by) == (school_a, None, "ok", ab_staff)
    log = ab_client.get(done["Location"]).content.decode()
    assert "The school as a whole" in log and "Mentors&#x27; timetabled time" in log
