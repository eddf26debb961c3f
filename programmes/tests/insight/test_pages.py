"""The insight pages: the hub dashboard (hub staff) and a school's own (its headteachers and tutors)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import Role
from participants.tests.factories import user_with_role
from programmes.insight import figures as insight
from programmes.insight.engagement import refresh_engagement
from programmes.insight.years import Year
from programmes.models import EngagementRefresh, Enrolment, SchoolEngagement
from programmes.tests.factories import this_year
from programmes.tests.insight.test_figures import build_world

HUB = reverse("programmes:hub_insight")


def event_day():
    """A day already past in this academic year (the first of September when that is today)."""
    today = timezone.localdate()
    return max(today - timedelta(days=1), timezone.datetime(this_year(), 9, 1).date())


@pytest.fixture
def world(db):
    return build_world(this_year(), event_day=event_day())


def school_url(school) -> str:
    return reverse("programmes:school_insight", args=[school.urn])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


# The hub dashboard


def test_hub_staff_see_every_section_with_the_cold_spots(client, hub_staff, world):
    client.force_login(hub_staff)
    response = client.get(HUB)
    assert response.status_code == 200
    page = response.content.decode()
    for cold in world.cold:
        assert cold.name in page
    assert 'id="cold-spot-count">4<' in page
    for key in ("strands", "cohorts", "local_authorities", "phases", "districts", "cold_spots", "events", "npq"):
        assert f'id="table-{key}"' in page
        assert f"format=csv&amp;table={key}" in page
    # Charts are images with a name, each beside a table with a caption and headed rows and columns.
    assert page.count('<svg role="img" aria-label="Bar chart:') == 5
    assert '<th scope="col"' in page and '<th scope="row"' in page and "<caption" in page
    assert "takes part" in page and "Completion rate = completed ÷ enrolled" in page


def test_year_defaults_to_this_one_and_can_be_chosen(client, hub_staff, world):
    client.force_login(hub_staff)
    assert client.get(HUB).context["year"].start == this_year()
    earlier = client.get(HUB, {"year": this_year() - 1})
    assert earlier.context["year"].start == this_year() - 1
    # A year earlier: last year's enrolment and the ECT who finished took part; this year's enrolments,
    # event and mentor did not yet, and the ECT starting before this year was already there.
    spots = {row[0] for row in earlier.context["tables"]["cold_spots"].rows}
    enrolled, attended, with_ect, with_mentor = world.hot
    declined, last_year, ect_before, cancelled = world.cold
    assert spots == {s.name for s in (enrolled, attended, with_mentor, declined, cancelled)}
    assert client.get(HUB, {"year": "nonsense"}).context["year"].start == this_year()
    assert client.get(HUB, {"year": "1900"}).context["year"].start == this_year()


def test_every_table_downloads_as_csv_named_by_its_year(client, hub_staff, world):
    client.force_login(hub_staff)
    year = this_year()
    response = client.get(HUB, {"year": year, "format": "csv", "table": "cold_spots"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="hub-insight-{year}-{(year + 1) % 100:02d}-cold_spots.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["School", "URN", "Phase", "Local authority", "District"]
    assert sorted(int(row[1]) for row in rows[1:]) == sorted(s.urn for s in world.cold)
    for key in ("strands", "cohorts", "local_authorities", "phases", "districts", "events", "npq"):
        response = client.get(HUB, {"format": "csv", "table": key})
        assert response.status_code == 200 and len(csv_rows(response)) > 1, key
    events = csv_rows(client.get(HUB, {"format": "csv", "table": "events"}))
    assert events[0] == ["Event", "Date", "Kind", "Confirmed places", "Attended", "Attendance rate (%)"]
    assert events[1][3:] == ["4", "3", "75.0"]
    assert client.get(HUB, {"format": "csv", "table": "secrets"}).status_code == 404


def test_only_hub_staff_see_the_hub_dashboard(client, world, ab_staff, tutor_a, headteacher_a, facilitator):
    response = client.get(HUB)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for outsider in (ab_staff, tutor_a, headteacher_a, facilitator):
        client.force_login(outsider)
        assert client.get(HUB).status_code == 404
        assert client.get(HUB, {"format": "csv", "table": "cold_spots"}).status_code == 404


def test_the_dashboards_are_read_only(client, hub_staff, headteacher_a, school_a):
    client.force_login(hub_staff)
    assert client.post(HUB).status_code == 405
    client.force_login(headteacher_a)
    assert client.post(school_url(school_a)).status_code == 405


@pytest.mark.django_db
def test_hub_queries_do_not_grow_with_schools_people_and_events(client, hub_staff, django_assert_max_num_queries):
    client.force_login(hub_staff)
    year, day = this_year(), event_day()
    for scale, prefix in ((1, "small"), (6, "large")):
        build_world(year, event_day=day, scale=scale, prefix=prefix)
        refresh_engagement(Year(year), now=timezone.now())
        # Session, user, roles, MFA check; when the figures were refreshed; cohorts, schools taking part per local authority,
        # district and phase, a page of cold spots; events' totals, a page of events; NPQs.
        with django_assert_max_num_queries(11):
            response = client.get(HUB)
        assert response.status_code == 200
    assert response.context["cold_spot_count"] == 4 * 7
    assert len(response.context["tables"]["cold_spots"].rows) == 4 * 7


def test_the_page_says_when_the_figures_were_refreshed_and_a_year_never_refreshed_is_refreshed_once(client, hub_staff, world):
    client.force_login(hub_staff)
    assert not EngagementRefresh.objects.exists()
    response = client.get(HUB)
    refreshed = EngagementRefresh.objects.get(academic_year=this_year())
    assert SchoolEngagement.objects.filter(academic_year=this_year()).count() == 8
    page = response.content.decode()
    as_at = timezone.localtime(refreshed.refreshed_at)
    assert f"Figures as at {as_at:%H:%M}, {as_at.day} {as_at:%B %Y}; they are refreshed every 5 minutes." in page
    assert 'id="engagement-late"' not in page
    # Seen again: no second refresh; the figures stay as they were until the next one.
    enrolled = world.hot[0]
    Enrolment.objects.filter(school=enrolled).delete()
    again = client.get(HUB)
    assert EngagementRefresh.objects.get(academic_year=this_year()).refreshed_at == refreshed.refreshed_at
    assert again.context["cold_spot_count"] == 4
    refresh_engagement(Year(this_year()), now=timezone.now())
    assert client.get(HUB).context["cold_spot_count"] == 5


def test_figures_not_refreshed_for_three_intervals_carry_a_warning(client, hub_staff, world, settings):
    client.force_login(hub_staff)
    refresh_engagement(Year(this_year()), now=timezone.now() - timedelta(minutes=16))
    assert 'id="engagement-late"' in client.get(HUB).content.decode()
    settings.INSIGHT_REFRESH_MINUTES = 10
    assert 'id="engagement-late"' not in client.get(HUB).content.decode()
    # An older year is refreshed once a day, and says so.
    older = client.get(HUB, {"year": this_year() - 3}).content.decode()
    assert "they are refreshed once a day." in older and 'id="engagement-late"' not in older


@pytest.mark.django_db
def test_cold_spots_and_events_come_a_page_at_a_time_with_totals_over_all_and_csvs_in_full(client, hub_staff):
    year, day = this_year(), event_day()
    for k in range(13):
        build_world(year, event_day=day, prefix=f"w{k}")
    refresh_engagement(Year(year), now=timezone.now())
    client.force_login(hub_staff)
    first = client.get(HUB, {"year": year})
    cold, events = first.context["tables"]["cold_spots"], first.context["tables"]["events"]
    # 13 worlds of four cold spots each: 52 across two pages; 13 events held, one page.
    assert first.context["cold_spot_count"] == 52 and cold.page.paginator.count == 52 and len(cold.rows) == 50
    assert len(events.rows) == 13 and events.footer[3:] == [4 * 13, 3 * 13, 75.0]
    page = first.content.decode()
    assert 'id="showing-cold_spots">Showing 1 to 50 of 52.' in page
    assert f'href="?year={year}&amp;cold_spots_page=2#heading-cold_spots" rel="next"' in page
    second = client.get(HUB, {"year": year, "cold_spots_page": 2, "events_page": 1})
    rows = second.context["tables"]["cold_spots"].rows
    assert len(rows) == 2 and {row[1] for row in rows}.isdisjoint(row[1] for row in cold.rows)
    assert f"?year={year}&amp;cold_spots_page=1&amp;events_page=1#heading-cold_spots" in second.content.decode()
    # A page past the end shows the last; nonsense shows the first.
    assert client.get(HUB, {"cold_spots_page": 99}).context["tables"]["cold_spots"].page.number == 2
    assert client.get(HUB, {"cold_spots_page": "x"}).context["tables"]["cold_spots"].page.number == 1
    # The downloads give every row, and the events' footer.
    spots = csv_rows(client.get(HUB, {"year": year, "format": "csv", "table": "cold_spots"}))
    assert len(spots) == 1 + 52
    held = csv_rows(client.get(HUB, {"year": year, "format": "csv", "table": "events"}))
    assert len(held) == 1 + 13 + 1 and held[-1] == ["All events", "", "", "52", "39", "75.0"]


@pytest.mark.django_db
def test_events_pages_split_the_years_events_and_the_footer_covers_them_all(client, hub_staff, monkeypatch):
    monkeypatch.setattr(insight, "EVENTS_PER_PAGE", 5)
    year, day = this_year(), event_day()
    for k in range(7):
        build_world(year, event_day=day, prefix=f"e{k}")
    client.force_login(hub_staff)
    titles = []
    for number in (1, 2):
        table = client.get(HUB, {"events_page": number}).context["tables"]["events"]
        titles += [row[0] for row in table.rows]
        assert table.footer[3:] == [4 * 7, 3 * 7, 75.0]
    assert sorted(titles) == sorted(f"e{k}Mentor conference 0" for k in range(7))


@pytest.mark.django_db
def test_districts_come_a_page_at_a_time_with_the_footer_over_every_district(client, hub_staff, world, monkeypatch):
    client.force_login(hub_staff)
    refresh_engagement(Year(this_year()), now=timezone.now())
    whole = insight.engagement_tables(Year(this_year()))[2]
    assert len(whole.rows) >= 2
    monkeypatch.setattr(insight, "DISTRICTS_PER_PAGE", 1)
    seen = []
    for number in range(1, len(whole.rows) + 1):
        response = client.get(HUB, {"districts_page": number})
        table = response.context["tables"]["districts"]
        assert len(table.rows) == 1 and table.footer == whole.footer
        seen += table.rows
    assert seen == whole.rows
    assert 'href="?districts_page=2#heading-districts" rel="next"' in client.get(HUB).content.decode()
    assert len(csv_rows(client.get(HUB, {"format": "csv", "table": "districts"}))) == 1 + len(whole.rows) + 1


# A school's own dashboard


def test_a_schools_leaders_see_its_own_figures(client, world):
    enrolled = world.hot[0]
    head = user_with_role(Role.HEADTEACHER, school=enrolled, email="head@example.org")
    tutor = user_with_role(Role.INDUCTION_TUTOR, school=enrolled, email="tutor@example.org")
    for leader in (head, tutor):
        client.force_login(leader)
        response = client.get(school_url(enrolled))
        assert response.status_code == 200
        page = response.content.decode()
        assert enrolled.name in page and 'id="table-npq"' in page
        engagement = " ".join(page[page.index('id="school-engagement"'):].split("</dl>")[0].split())
        assert re.search(r"Enrolments in this year’s programmes</dt>\s*<dd[^>]*>\s*<strong[^>]*>Yes</strong>", engagement)
        tables = response.context["tables"]
        assert {row[0]: row[-1] for row in tables["strands"].rows}["National professional qualifications"] == 5
        # Another school's cold spots are not this page's business.
        assert world.cold[0].name not in page


def test_a_school_csv_is_named_by_school_and_year(client, world):
    attended = world.hot[1]
    client.force_login(user_with_role(Role.HEADTEACHER, school=attended, email="head@example.org"))
    year = this_year()
    response = client.get(school_url(attended), {"format": "csv", "table": "events"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="school-{attended.urn}-insight-{year}-{(year + 1) % 100:02d}-events.csv"'
    )
    assert csv_rows(response)[1][3:] == ["2", "2", "100.0"]
    assert client.get(school_url(attended), {"format": "csv", "table": "cold_spots"}).status_code == 404


def test_a_leader_of_school_b_gets_404_on_school_as_dashboard(client, school_a, school_b, tutor_b, ab_staff, ect):
    head_b = user_with_role(Role.HEADTEACHER, school=school_b, email="head.b@example.org")
    response = client.get(school_url(school_a))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for outsider in (head_b, tutor_b, ab_staff, ect):
        client.force_login(outsider)
        assert client.get(school_url(school_a)).status_code == 404
        assert client.get(school_url(school_a), {"format": "csv", "table": "strands"}).status_code == 404
    client.force_login(head_b)
    assert client.get(school_url(school_b)).status_code == 200
    assert client.get(reverse("programmes:school_insight", args=[999999])).status_code == 404


def test_hub_staff_open_any_schools_dashboard(client, hub_staff, school_a):
    client.force_login(hub_staff)
    assert client.get(school_url(school_a)).status_code == 200


@pytest.mark.django_db
def test_school_queries_do_not_grow_with_its_people(client, django_assert_max_num_queries):
    year, day = this_year(), event_day()
    world = build_world(year, event_day=day, prefix="small")
    enrolled = world.hot[0]
    client.force_login(user_with_role(Role.HEADTEACHER, school=enrolled, email="head@example.org"))
    for extra in (0, 5):
        for k in range(extra):
            more = build_world(year, event_day=day, prefix=f"more{k}")
            # Move the new world's people onto the measured school.
            from programmes.models import Enrolment, EventInvitation

            Enrolment.objects.filter(school__in=more.hot + more.cold).update(school=enrolled)
            EventInvitation.objects.filter(school__in=more.hot + more.cold).update(school=enrolled)
        # Session, user, roles; the school; cohorts, events, NPQs, taking part.
        with django_assert_max_num_queries(8):
            response = client.get(school_url(enrolled))
        assert response.status_code == 200
    # The first world's event invited no one from the measured school; the five others' did.
    assert len(response.context["tables"]["events"].rows) == 5
