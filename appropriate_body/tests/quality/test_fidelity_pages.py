"""The fidelity check pages (E25-003): the year's list with flat queries, planning and recording a visit,
follow-ups, and the school's page; AB staff only."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.fidelity.checks import add_follow_up, plan_check
from appropriate_body.models import FIDELITY_AREAS, FidelityCheck
from appropriate_body.tests.factories import claimed
from hubportal.lib.dates import academic_year_of
from participants.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

LIST = reverse("appropriate_body:fidelity_checks")


def boxes(name: str, day: date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def this_year():
    return academic_year_of(timezone.localdate())


def planned(school, ab_staff, year):
    return plan_check(school, academic_year=year, visit_on=timezone.localdate(), visitor=ab_staff, actor=ab_staff)


def test_the_list_shows_schools_owing_then_planned_then_completed(as_user, school_a, tutor_a, ab_staff, this_year):
    claimed(school_a, tutor_a, ab_staff, year=this_year)
    client = as_user(ab_staff)

    owed = client.get(LIST).content.decode()
    assert school_a.name in owed and reverse("appropriate_body:fidelity_plan", args=[school_a.urn]) in owed
    assert 'id="tab-owed-count">1<' in owed

    planned(school_a, ab_staff, this_year)
    assert school_a.name not in client.get(LIST).content.decode()
    assert school_a.name in client.get(LIST, {"show": "planned"}).content.decode()


def test_planning_a_visit_from_the_page(as_user, school_a, ab_staff, this_year):
    client = as_user(ab_staff)
    url = reverse("appropriate_body:fidelity_plan", args=[school_a.urn])
    assert client.get(url).status_code == 200

    refused = client.post(url, {"visitor": ab_staff.pk})
    assert refused.status_code == 200 and "Error: " in refused.content.decode() and "Enter the date of the visit" in refused.content.decode()

    response = client.post(url, {**boxes("visit_on", timezone.localdate()), "visitor": ab_staff.pk})
    check = FidelityCheck.objects.get(school=school_a, academic_year=this_year)
    assert response.status_code == 302 and response["Location"] == reverse("appropriate_body:fidelity_check", args=[check.public_id])


def test_recording_the_visit_fixes_the_fee_and_adding_and_completing_follow_ups(as_user, school_a, ab_staff, this_year, settings):
    settings.FIDELITY_CHECK_FEE_PENCE = 55000
    check = planned(school_a, ab_staff, this_year)
    client = as_user(ab_staff)
    page = client.get(reverse("appropriate_body:fidelity_check", args=[check.public_id])).content.decode()
    assert "£550.00" in page and "Record the visit" in page

    record = reverse("appropriate_body:fidelity_record", args=[check.public_id])
    assert client.get(record).status_code == 200
    missing = client.post(record, {"outcome": "meets", **boxes("completed_on", timezone.localdate())})
    assert missing.status_code == 200 and "Select met, partly met or not met" in missing.content.decode()
    data = {key: "met" for key, _ in FIDELITY_AREAS} | {"coverage": "partly", "coverage_note": "Gaps in the 'learn how to' statements",
                                                        "outcome": "meets_with_actions", "actions": "Map the statements"}
    response = client.post(record, {**data, **boxes("completed_on", timezone.localdate())})
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.status, check.outcome, check.fee) == ("completed", "meets_with_actions", Decimal("550.00"))

    follow_up_url = reverse("appropriate_body:fidelity_follow_up", args=[check.public_id])
    assert client.get(follow_up_url).status_code == 200
    assert client.post(follow_up_url, {"what": "Map the statements", **boxes("due_on", date(this_year + 1, 1, 31))}).status_code == 302
    follow_up = check.follow_ups.get()
    done = reverse("appropriate_body:fidelity_follow_up_done", args=[check.public_id, follow_up.public_id])
    assert client.post(done).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == timezone.localdate()
    page = client.get(reverse("appropriate_body:fidelity_check", args=[check.public_id])).content.decode()
    assert "Partly met" in page and "Gaps in the" in page and "£550.00" in page


def test_the_pages_are_for_ab_staff_only(as_user, cast, school_a, ab_staff, this_year):
    check = planned(school_a, ab_staff, this_year)
    follow_up = add_follow_up(check, what="Share the plan", due_on=timezone.localdate(), actor=ab_staff)
    urls = [LIST, reverse("appropriate_body:fidelity_plan", args=[school_a.urn]),
            reverse("appropriate_body:fidelity_check", args=[check.public_id]),
            reverse("appropriate_body:fidelity_record", args=[check.public_id]),
            reverse("appropriate_body:fidelity_follow_up", args=[check.public_id])]
    for role in ("tutor_a", "hub_staff", "headteacher_a", "ect"):
        client = as_user(cast[role])
        assert [client.get(url).status_code for url in urls] == [404] * len(urls), role
        assert client.post(reverse("appropriate_body:fidelity_follow_up_done", args=[check.public_id, follow_up.public_id])).status_code == 404
    assert as_user(None).get(LIST).status_code == 302
    assert as_user(ab_staff).get(reverse("appropriate_body:fidelity_follow_up_done", args=[check.public_id, follow_up.public_id])).status_code == 405


def test_the_schools_page_shows_its_fidelity_check(as_user, school_a, tutor_a, ab_staff, this_year):
    claimed(school_a, tutor_a, ab_staff, year=this_year)
    url = reverse("participants:school_detail", args=[school_a.urn])
    assert "The school has school-led ECTs and no check yet this year" in as_user(ab_staff).get(url).content.decode()
    check = planned(school_a, ab_staff, this_year)
    page = as_user(tutor_a).get(url).content.decode()
    assert f"Visit on {check.visit_on:%-d %B %Y}" in page
    assert reverse("appropriate_body:fidelity_check", args=[check.public_id]) not in page  # the check's page is the AB's
    assert reverse("appropriate_body:fidelity_check", args=[check.public_id]) in as_user(ab_staff).get(url).content.decode()


@pytest.mark.parametrize("show", ["owed", "planned", "completed"])
def test_the_lists_queries_do_not_grow_with_schools(as_user, ab_staff, tutor_a, this_year, show, django_assert_max_num_queries):
    client = as_user(ab_staff)

    def add_school():
        school = SchoolFactory()
        claimed(school, tutor_a, ab_staff, year=this_year)
        if show != "owed":
            check = planned(school, ab_staff, this_year)
            add_follow_up(check, what="Share the plan", due_on=timezone.localdate(), actor=ab_staff)
            if show == "completed":
                FidelityCheck.objects.filter(pk=check.pk).update(status="completed", outcome="meets", completed_on=timezone.localdate(),
                                                                 fee=Decimal("500"))

    add_school()
    with django_assert_max_num_queries(50) as one:
        assert client.get(LIST, {"show": show}).status_code == 200
    for _ in range(6):
        add_school()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(LIST, {"show": show}).content.decode()
    assert f'id="tab-{show}-count">7<' in page
