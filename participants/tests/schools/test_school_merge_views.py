"""The closed schools page and its reverse action: hub staff only."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import ECTAtSchoolPeriod, School
from participants.tests.factories import SchoolFactory
from registration.models import SchoolMerge
from registration.school_merges.merges import merge_school
from registration.tests.factories import register


@pytest.fixture
def merge(db, tutor_a):
    closed = SchoolFactory(urn=170_001, name="Ash Infants", status=School.Status.CLOSED)
    successor = SchoolFactory(urn=170_002, name="Ash Academy")
    register(closed, tutor_a, started_on=date(2026, 4, 20), today=date(2026, 4, 1))
    return merge_school(closed, successor, link_type="Successor - merged", moved_on=date(2026, 9, 1), actor=None)


def test_hub_staff_see_each_move_in_the_same_queries_for_one_or_many(as_user, hub_staff, merge):
    client = as_user(hub_staff)
    client.get(reverse("participants:school_merges"))  # the first request of a session does its own work
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("participants:school_merges"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ash Infants (170001)" in page and "Ash Academy (170002)" in page and "1 ECT," in page and "GIAS import" in page

    for _ in range(5):
        SchoolMerge.objects.create(from_school=SchoolFactory(status=School.Status.CLOSED), to_school=SchoolFactory(),
                                   link_type="Successor", moved_on=date(2026, 9, 1), created_by=hub_staff)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("participants:school_merges"))
    assert len(many) == len(one)


@pytest.mark.parametrize("who", ["tutor_a", "ab_staff", "ect"])
def test_nobody_else_sees_or_reverses_them(as_user, cast, merge, who):
    assert as_user(cast[who]).get(reverse("participants:school_merges")).status_code == 404
    url = reverse("participants:school_merge_reverse", args=[merge.public_id])
    assert as_user(cast[who]).post(url).status_code == 404
    assert SchoolMerge.objects.get(pk=merge.pk).reversed_at is None


def test_anonymous_is_asked_to_sign_in(client, merge):
    response = client.get(reverse("participants:school_merges"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_hub_staff_reverse_a_move(as_user, hub_staff, merge):
    url = reverse("participants:school_merge_reverse", args=[merge.public_id])
    assert as_user(hub_staff).get(url).status_code == 405

    response = as_user(hub_staff).post(url, follow=True)

    assert "is back at Ash Infants" in response.content.decode()
    assert ECTAtSchoolPeriod.objects.get(pk=merge.moved["ect_periods"][0][0]).finished_on is None
    assert SchoolMerge.objects.get(pk=merge.pk).reversed_by == hub_staff
    again = as_user(hub_staff).post(url, follow=True)
    assert "already been reversed" in again.content.decode()
