"""The AB's to-do list: each item counted in the database, rows linked, a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.assessments.not_on_track import refresh_not_on_track
from appropriate_body.claims.claims import accept_claim
from appropriate_body.inductions.periods import release
from appropriate_body.inductions.todo import todo_list
from appropriate_body.models import InductionPeriod
from appropriate_body.tests.factories import GOOD
from participants.models import LeavingReason
from registration.changes import report_leaver
from registration.tests.factories import register

pytestmark = pytest.mark.django_db

TODO = reverse("appropriate_body:todo")


def counts(today):
    return {item.key: item.count for item in todo_list(today=today)}


def test_each_item_counts_what_waits(school_a, tutor_a, ab_staff):
    today = timezone.localdate()
    waiting = register(school_a, tutor_a, first_name="Wendy").claims.get()
    soon = register(school_a, tutor_a, first_name="Sam").claims.get()
    accept_claim(soon, GOOD, start_date=today + timedelta(days=5), actor=ab_staff, today=today)
    leaving = register(school_a, tutor_a, first_name="Lee").claims.get()
    accept_claim(leaving, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=today)
    released = register(school_a, tutor_a, first_name="Rae").claims.get()
    accept_claim(released, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=today)
    assert counts(today) == {"prohibited": 0, "not_ready": 1, "not_on_track": 0, "reports_to_check": 0, "concerns": 0, "claims": 1, "leavers": 0, "moves": 0, "starting": 1, "paused": 0, "recommendations": 0, "decisions": 0, "notices": 0, "appeal_replies": 0, "signed_reports": 0, "length_requests": 0, "riab": 3}

    report_leaver(leaving.ect_period, finished_on=today + timedelta(days=20), reason=LeavingReason.LEFT_SCHOOL, note="", actor=tutor_a, today=today)
    release(InductionPeriod.objects.get(claim=released), finished_on=today, number_of_terms=Decimal("0"), actor=ab_staff, today=today)
    items = {item.key: item for item in todo_list(today=today)}
    assert [row.induction.teacher.first_name for row in items["leavers"].rows] == ["Lee"]
    assert [row.induction.teacher.first_name for row in items["paused"].rows] == ["Rae"]
    assert [row.ect_period.teacher.first_name for row in items["claims"].rows] == ["Wendy"]
    assert [row.ect_period.teacher.first_name for row in items["starting"].rows] == ["Sam"]
    # Releasing the leaver takes them off the list (and puts them among the paused).
    release(InductionPeriod.objects.get(claim=leaving), finished_on=today, number_of_terms=Decimal("0"), actor=ab_staff, today=today)
    assert counts(today) == {"prohibited": 0, "not_ready": 1, "not_on_track": 0, "reports_to_check": 0, "concerns": 0, "claims": 1, "leavers": 0, "moves": 0, "starting": 1, "paused": 2, "recommendations": 0, "decisions": 0, "notices": 0, "appeal_replies": 0, "signed_reports": 0, "length_requests": 0, "riab": 3}
    assert waiting.status == "pending"


def test_the_page_lists_them_and_its_queries_do_not_grow(client, ab_staff, school_a, tutor_a, django_assert_max_num_queries):
    client.force_login(ab_staff)
    register(school_a, tutor_a, first_name="Wendy")
    # Every list's count is one statement; a list with rows adds one query for them.
    with django_assert_max_num_queries(7) as few:
        page = client.get(TODO)
    assert "Wendy" in page.content.decode() and 'id="todo-claims-count">1<' in page.content.decode()
    for _ in range(12):
        register(school_a, tutor_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(TODO)
    assert 'id="todo-claims-count">13<' in page.content.decode() and "The first 5 of 13." in page.content.decode()


def test_completions_waiting_on_a_recommendation_a_decision_or_notices(school_a, tutor_a, ab_staff):
    from appropriate_body.inductions.decisions import record_completion, record_recommendation

    today = timezone.localdate()
    claim = register(school_a, tutor_a, first_name="Cara").claims.get()
    accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=today)
    completion = record_completion(InductionPeriod.objects.get(claim=claim).induction, completed_on=today, actor=ab_staff, today=today)
    [waiting] = [item for item in todo_list(today=today) if item.key == "recommendations"]
    assert waiting.count == 1 and waiting.rows[0].next_duty.deadline.rule_id == "DL-001"
    record_recommendation(completion, recommendation="satisfactory", received_on=today, actor=ab_staff, today=today)
    items = {item.key: item for item in todo_list(today=today)}
    assert (items["recommendations"].count, items["decisions"].count) == (0, 1)
    assert items["decisions"].rows[0].next_duty.deadline.rule_id == "DL-004"


def test_an_ect_whose_latest_record_is_not_on_track_is_flagged(school_a, tutor_a, ab_staff):
    from appropriate_body.models import Assessment

    today = timezone.localdate()
    claim = register(school_a, tutor_a, first_name="Nora").claims.get()
    accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=today)
    first, second = Assessment.objects.filter(induction_period__claim=claim).order_by("due_on")[:2]
    Assessment.objects.filter(pk=first.pk).update(status="submitted", on_track=False, support_plan="Weekly coaching on behaviour (TS7).")
    # Written straight to the rows, as the domain functions' refresh would leave them.
    refresh_not_on_track([first.induction_id])
    [flagged] = [item for item in todo_list(today=today) if item.key == "not_on_track"]
    assert flagged.count == 1 and flagged.rows[0].support_plan == "Weekly coaching on behaviour (TS7)."
    # A later record back on track clears the flag.
    Assessment.objects.filter(pk=second.pk).update(status="submitted", on_track=True)
    refresh_not_on_track([second.induction_id])
    assert [item.count for item in todo_list(today=today) if item.key == "not_on_track"] == [0]
