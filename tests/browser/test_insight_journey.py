"""Hub staff open the insight dashboard in a real browser: the cold spots are listed and the numbers
on the page are the database's, each counted again here with the ORM, independently of the page's code.
"""

import csv
from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from hubportal.lib.dates import academic_year_of
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School
from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from programmes.models import Enrolment, EventInvitation, Place, Strand
from programmes.tests.factories import build_world

pytestmark = pytest.mark.browser


def expected_cold_spots(year: int) -> set[int]:
    """Open schools with no enrolment this year, nobody present at a held event, and no ECT or mentor in the year."""
    first, last = timezone.datetime(year, 9, 1).date(), timezone.datetime(year + 1, 8, 31).date()
    busy = set(Enrolment.objects.filter(cohort__academic_year=year).exclude(status="declined").values_list("school", flat=True))
    busy |= set(EventInvitation.objects.filter(attended_at__isnull=False, event__cancelled_at__isnull=True,
                                               event__starts_at__date__gte=first, event__starts_at__date__lte=last)
                .values_list("school", flat=True))
    during = Q(started_on__lte=last) & (Q(finished_on__isnull=True) | Q(finished_on__gte=first))
    busy |= set(ECTAtSchoolPeriod.objects.filter(during).values_list("school", flat=True))
    busy |= set(MentorAtSchoolPeriod.objects.filter(during).values_list("school", flat=True))
    return set(School.objects.filter(status__in=["open", "proposed_to_close"]).exclude(pk__in=busy).values_list("urn", flat=True))


def test_hub_staff_see_the_cold_spots_and_numbers_that_match_the_database(page, sign_in_staff, db, tmp_path):
    today = timezone.localdate()
    year = academic_year_of(today)
    world = build_world(year, event_day=max(today - timedelta(days=1), timezone.datetime(year, 9, 1).date()))
    staff = user_with_role(Role.HUB_STAFF, email="insight.staff@example.org", first_name="Hana")
    secret = add_totp(staff)
    sign_in_staff(staff.email, TEST_PASSWORD, secret)

    page.goto("/hub/insight/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hub insight")

    # The cold spots: exactly the open schools taking part in nothing, by name and URN.
    cold = expected_cold_spots(year)
    assert cold == {school.urn for school in world.cold}
    expect(page.locator("#cold-spot-count")).to_have_text(str(len(cold)))
    spots = page.get_by_role("table", name="Schools taking part in nothing")
    expect(spots.locator("tbody tr")).to_have_count(len(cold))
    for school in world.cold:
        row = spots.get_by_role("row").filter(has_text=school.name)
        expect(row.get_by_role("cell").nth(0)).to_have_text(str(school.urn))
    for school in world.hot + [world.closed]:
        expect(spots.get_by_role("row").filter(has_text=school.name)).to_have_count(0)

    # Per local authority: open schools and those taking part.
    authorities = page.get_by_role("table", name="Schools taking part per local authority")
    for authority in ("Gloucestershire", "Herefordshire"):
        open_here = School.objects.filter(status="open", local_authority=authority)
        cells = authorities.get_by_role("row").filter(has_text=authority).get_by_role("cell")
        expect(cells.nth(0)).to_have_text(str(open_here.count()))
        expect(cells.nth(1)).to_have_text(str(open_here.exclude(urn__in=cold).count()))

    # Enrolments per strand: the NPQ total is every state but a declined nomination.
    npq_total = Enrolment.objects.filter(cohort__academic_year=year, cohort__programme__strand=Strand.NPQ).exclude(status="declined").count()
    strands = page.get_by_role("table", name="Enrolments per strand")
    expect(strands.get_by_role("row").filter(has_text=Strand.NPQ.label).get_by_role("cell").last).to_have_text(str(npq_total))

    # Event attendance overall: confirmed places and people marked present at held events.
    held = EventInvitation.objects.filter(event__cancelled_at__isnull=True, event__starts_at__lte=timezone.now(),
                                          event__starts_at__date__gte=timezone.datetime(year, 9, 1).date())
    confirmed, attended = held.filter(place=Place.CONFIRMED).count(), held.filter(attended_at__isnull=False).count()
    overall = page.get_by_role("table", name="Attendance per event").locator("tfoot tr").get_by_role("cell")
    expect(overall.nth(2)).to_have_text(str(confirmed))
    expect(overall.nth(3)).to_have_text(str(attended))
    expect(overall.nth(4)).to_have_text(f"{round(100 * attended / confirmed, 1)}")

    # Every figure downloads: the cold spots as CSV, the same schools.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download schools taking part in nothing (CSV)").click()
    path = tmp_path / "cold.csv"
    download.value.save_as(path)
    assert download.value.suggested_filename == f"hub-insight-{year}-{(year + 1) % 100:02d}-cold_spots.csv"
    with path.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["School", "URN", "Phase", "Local authority", "District"]
    assert {int(row[1]) for row in rows[1:]} == cold


def test_the_cold_spots_and_events_come_a_page_at_a_time(page, sign_in_staff, db, monkeypatch):
    from programmes.insight import figures as insight
    from programmes.insight.engagement import refresh_engagement
    from programmes.insight.years import Year

    monkeypatch.setattr(insight, "EVENTS_PER_PAGE", 10)
    today = timezone.localdate()
    year = academic_year_of(today)
    day = max(today - timedelta(days=1), timezone.datetime(year, 9, 1).date())
    for k in range(13):
        build_world(year, event_day=day, prefix=f"p{k}")
    refresh_engagement(Year(year), now=timezone.now())
    staff = user_with_role(Role.HUB_STAFF, email="insight.pages@example.org", first_name="Hana")
    sign_in_staff(staff.email, TEST_PASSWORD, add_totp(staff))

    page.goto("/hub/insight/")
    expect(page.locator("#engagement-as-at")).to_contain_text("they are refreshed every 5 minutes")
    # 13 worlds of four cold spots: 52, 50 on the first page; the count above is every one of them.
    expect(page.locator("#cold-spot-count")).to_have_text("52")
    expect(page.locator("#showing-cold_spots")).to_have_text("Showing 1 to 50 of 52.")
    spots = page.get_by_role("table", name="Schools taking part in nothing")
    expect(spots.locator("tbody tr")).to_have_count(50)
    cold_pages = page.get_by_role("navigation", name="Schools taking part in nothing: pages")
    cold_pages.get_by_role("link", name="Next page").click()
    expect(page.locator("#showing-cold_spots")).to_have_text("Showing 51 to 52 of 52.")
    expect(spots.locator("tbody tr")).to_have_count(2)

    # The events: 13 held, 10 a page; the footer counts all 13 on either page, and the cold spots stay on their page.
    events = page.get_by_role("table", name="Attendance per event")
    expect(events.locator("tbody tr")).to_have_count(10)
    expect(events.locator("tfoot tr").get_by_role("cell").nth(2)).to_have_text("52")
    page.get_by_role("navigation", name="Attendance per event: pages").get_by_role("link", name="Next page").click()
    expect(events.locator("tbody tr")).to_have_count(3)
    expect(events.locator("tfoot tr").get_by_role("cell").nth(2)).to_have_text("52")
    expect(page.locator("#showing-cold_spots")).to_have_text("Showing 51 to 52 of 52.")
    assert "cold_spots_page=2" in page.url and "events_page=2" in page.url
    page.get_by_role("navigation", name="Schools taking part in nothing: pages").get_by_role("link", name="Previous page").click()
    expect(page.locator("#showing-cold_spots")).to_have_text("Showing 1 to 50 of 52.")
    expect(events.locator("tbody tr")).to_have_count(3)
