"""Hub staff read the events list in a real browser: upcoming events 25 at a time, soonest first, then past
ones 25 at a time, newest first (each page checked with axe)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from programmes.models import Event, EventKind

pytestmark = pytest.mark.browser


def test_past_events_are_read_a_page_at_a_time(page, sign_in_staff, db):
    now = timezone.now()
    Event.objects.create(title="Welcome conference", kind=EventKind.ECT_WELCOME_Y1, venue="Hub",
                         starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=20, hours=6))
    for n in range(27):
        starts = now - timedelta(days=100 - n)
        Event.objects.create(title=f"Held session {n:02d}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                             ends_at=starts + timedelta(hours=2))
    staff = user_with_role(Role.HUB_STAFF, email="events.pages@example.org", first_name="Hana")
    sign_in_staff(staff.email, TEST_PASSWORD, add_totp(staff))

    page.goto("/events/")
    expect(page.get_by_role("table", name="Upcoming events")).to_contain_text("Welcome conference")
    past = page.get_by_role("table", name="Past events")
    expect(past.get_by_role("row").nth(1)).to_contain_text("Held session 26")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages of past events").get_by_role("link", name="Next page").click()
    expect(page.get_by_role("table", name="Past events")).to_contain_text("Held session 00")
    expect(page.get_by_role("table", name="Past events")).not_to_contain_text("Held session 26")


def test_upcoming_events_are_read_a_page_at_a_time_keeping_the_past_page(page, sign_in_staff, db):
    now = timezone.now()
    for n in range(27):
        starts = now + timedelta(days=1 + n)
        Event.objects.create(title=f"Coming session {n:02d}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                             ends_at=starts + timedelta(hours=2))
    for n in range(26):
        starts = now - timedelta(days=100 - n)
        Event.objects.create(title=f"Held session {n:02d}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                             ends_at=starts + timedelta(hours=2))
    staff = user_with_role(Role.HUB_STAFF, email="events.upcoming@example.org", first_name="Hana")
    sign_in_staff(staff.email, TEST_PASSWORD, add_totp(staff))

    page.goto("/events/?page=2")
    upcoming = page.get_by_role("table", name="Upcoming events")
    expect(upcoming.get_by_role("row").nth(1)).to_contain_text("Coming session 00")
    expect(upcoming).not_to_contain_text("Coming session 25")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages of upcoming events").get_by_role("link", name="Next page").click()
    expect(page.get_by_role("table", name="Upcoming events")).to_contain_text("Coming session 26")
    expect(page.get_by_role("table", name="Upcoming events")).not_to_contain_text("Coming session 00")
    expect(page.get_by_role("table", name="Past events")).to_contain_text("Held session 00")
    expect(page.get_by_role("navigation", name="Pages of upcoming events").get_by_role("link", name="Previous page")).to_be_visible()
