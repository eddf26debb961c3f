from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.tests.factories import TeacherFactory
from privacy.models import DataRequest
from privacy.requests.requests import clock, extend_request, open_request
from tests.date_boxes import as_date_boxes

pytestmark = pytest.mark.django_db


def test_a_request_is_due_a_calendar_month_after_it_was_received_or_three_when_extended(hub_staff):
    request = open_request("access", email="A@Example.org ", trn="", name="", received_on=date(2027, 1, 31), actor=hub_staff)
    assert (request.email, request.due_on) == ("a@example.org", date(2027, 2, 28))

    extended = extend_request(request, reason="Records at three schools", today=date(2027, 2, 10))

    assert (extended.due_on, extended.extended_on) == (date(2027, 4, 30), date(2027, 2, 10))
    # Only once: a second extension changes nothing.
    assert extend_request(extended, reason="Again", today=date(2027, 2, 11)).due_on == date(2027, 4, 30)


@pytest.mark.parametrize("today, expected", [
    (date(2027, 2, 27), ("due", "1 day left")), (date(2027, 2, 28), ("due today", "Due today")),
    (date(2027, 3, 2), ("overdue", "Overdue by 2 days")),
])
def test_the_clock_says_how_long_is_left(hub_staff, today, expected):
    request = open_request("access", email="a@example.org", trn="", name="", received_on=date(2027, 1, 31), actor=hub_staff)
    assert clock(request, today) == expected


def test_hub_staff_record_a_request_and_see_what_the_portal_holds_about_the_person(as_user, hub_staff):
    TeacherFactory(trn="4818181", email="perpetua@example.org")
    received = timezone.localdate() - timedelta(days=3)
    client = as_user(hub_staff)

    response = client.post(reverse("privacy:request_new"), as_date_boxes({
        "kind": "erasure", "email": "", "trn": "4818181", "name": "Perpetua", "received_on": received,
    }, ["received_on"]))

    request = DataRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("privacy:request_detail", args=[request.public_id])
    assert (request.kind, request.trn, request.received_on, request.created_by) == ("erasure", "4818181", received, hub_staff)
    page = client.get(response["Location"]).content.decode()
    assert "Teacher record" in page and "days left" in page
    listing = client.get(reverse("privacy:request_list")).content.decode()
    assert "Perpetua" in listing and reverse("privacy:request_detail", args=[request.public_id]) in listing


def test_a_request_needs_an_email_or_trn_and_a_received_date_not_in_the_future(as_user, hub_staff):
    response = as_user(hub_staff).post(reverse("privacy:request_new"), as_date_boxes({
        "kind": "access", "email": "", "trn": "", "received_on": timezone.localdate() + timedelta(days=1),
    }, ["received_on"]))

    page = response.content.decode()
    assert response.status_code == 400 and not DataRequest.objects.exists()
    assert "Enter their email address or TRN" in page
    assert "must be today or in the past" in page
    assert "govuk-error-summary" in page


def test_extending_needs_a_reason_and_moves_the_deadline(as_user, hub_staff):
    request = open_request("access", email="a@example.org", trn="", name="", received_on=timezone.localdate(), actor=hub_staff)
    url = reverse("privacy:request_extend", args=[request.public_id])
    client = as_user(hub_staff)

    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Records at three schools"}).status_code == 302

    request.refresh_from_db()
    assert request.due_on == DataRequest.due_for(request.received_on, extended=True)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("requests", [1, 20])
def test_the_list_runs_the_same_queries_however_many_requests(as_user, hub_staff, requests, django_assert_max_num_queries):
    for n in range(requests):
        open_request("access", email=f"p{n}@example.org", trn="", name="", received_on=timezone.localdate(), actor=hub_staff)
    client = as_user(hub_staff)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("privacy:request_list")).status_code == 200
