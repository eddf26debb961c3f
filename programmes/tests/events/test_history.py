"""An event's history: every write through programmes.events.events names its actor, and hub staff read who
changed what, and when, on the event's page."""

import importlib
import re
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from participants.models import Role
from participants.tests.factories import add_totp, user_with_role
from programmes.cohorts.cohorts import cohort_for
from programmes.events.events import EVENT_FIELDS, cancel_event, copy_event, create_event, event_history, update_event
from programmes.models import CohortStage, Event, EventKind, Strand
from programmes.tests.events.days import in_days
from tests.date_boxes import as_date_boxes

baseline_migration = importlib.import_module("programmes.migrations.0014_event_history")


def shown(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def details(event: Event, **changes) -> dict:
    """The event's details as the edit form hands them over, with `changes`."""
    return {**{field: getattr(event, field) for field in EVENT_FIELDS}, **changes}


@pytest.fixture
def editor(db):
    user = user_with_role(Role.HUB_STAFF, email="second.staff@example.org", first_name="Eddie", last_name="Editor")
    add_totp(user)  # hub staff sign in with a second factor
    return user


@pytest.fixture
def conference(hub_staff):
    return create_event({
        "title": "Mentor conference", "kind": EventKind.MENTOR_CONFERENCE, "venue": "Kingsholm, Gloucester",
        "starts_at": in_days(30), "ends_at": in_days(30, 16), "capacity": 100,
    }, actor=hub_staff)


@pytest.mark.django_db
def test_creating_records_the_creator(conference, hub_staff):
    [record] = conference.history.all()
    assert (record.history_type, record.history_user) == ("+", hub_staff)
    [entry] = event_history(conference)
    assert (entry.summary, entry.who, entry.changes) == ("Created", "Hana Hub", ())


@pytest.mark.django_db
def test_editing_records_the_editor_and_the_fields_changed(conference, editor):
    cohort = cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)
    changes = {"venue": "Hub, Room 1", "starts_at": in_days(30, 10), "cohort": cohort, "capacity": None}
    update_event(conference, details(conference, **changes), actor=editor)

    latest = conference.history.first()
    assert (latest.history_type, latest.history_user) == ("~", editor)
    changed, created = event_history(conference)
    assert (changed.summary, changed.who, created.summary) == ("Changed", "Eddie Editor", "Created")
    assert [(c.label, c.old, c.new) for c in changed.changes] == [
        ("Starts", shown(in_days(30)), shown(in_days(30, 10))),
        ("Venue", "Kingsholm, Gloucester", "Hub, Room 1"),
        ("Cohort", "not set", cohort.name),
        ("Capacity", "100", "No limit"),
    ]


@pytest.mark.django_db
def test_saving_without_a_change_adds_no_entry(conference, editor):
    update_event(conference, details(conference), actor=editor)
    assert [entry.summary for entry in event_history(conference)] == ["Created"]


@pytest.mark.django_db
def test_cancelling_records_who_cancelled_and_why(conference, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(conference, reason="The venue has flooded.", actor=editor)

    conference.refresh_from_db()
    assert conference.history.first().history_user == editor
    cancelled = event_history(conference)[0]
    assert (cancelled.summary, cancelled.who) == ("Cancelled", "Eddie Editor")
    assert [(c.label, c.old, c.new) for c in cancelled.changes] == [
        ("Cancelled", "not set", shown(conference.cancelled_at)),
        ("Reason for cancelling", "not set", "The venue has flooded."),
    ]


@pytest.mark.django_db
def test_a_copy_is_created_by_whoever_copied_it(conference, editor):
    copy = copy_event(conference, actor=editor)
    [record] = copy.history.all()
    assert (record.history_type, record.history_user) == ("+", editor)
    assert len(conference.history.all()) == 1  # the original is not changed by copying it


@pytest.mark.django_db
def test_creating_an_event_costs_one_query_more_for_its_history_row(hub_staff, facilitator, django_assert_num_queries):
    data = {"title": "Clinic", "kind": EventKind.AB_CLINIC, "online_url": "https://meet.example.org/c",
            "starts_at": in_days(5), "ends_at": in_days(5, 10), "facilitators": [facilitator.pk]}
    # Savepoint; the event, its history row; the facilitators it has, the one added; release.
    with django_assert_num_queries(6):
        create_event(data, actor=hub_staff)


@pytest.mark.django_db
def test_events_made_before_the_history_get_a_created_record_so_their_first_change_shows(hub_staff, editor):
    # bulk_create saves no history, as for the events already there when migration 0013 runs.
    [event] = Event.objects.bulk_create([Event(title="Old clinic", kind=EventKind.AB_CLINIC, venue="Hub", starts_at=in_days(3),
                                               ends_at=in_days(3, 11), created_by=hub_staff)])
    baseline_migration.record_events_as_they_are(apps, None)

    [record] = event.history.all()
    assert (record.history_type, record.history_user, record.history_date) == ("+", hub_staff, event.created_at)
    assert record.history_change_reason == baseline_migration.BASELINE_REASON
    update_event(event, details(event, title="Clinic"), actor=editor)
    changed, created = event_history(event)
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("Title", "Old clinic", "Clinic")]
    assert (created.summary, created.who) == ("Created", "Hana Hub")


@pytest.mark.django_db
def test_the_event_page_shows_hub_staff_who_changed_what(client, conference, editor):
    client.force_login(editor)
    day = timezone.localdate() + timedelta(days=30)
    response = client.post(reverse("programmes:event_edit", args=[conference.public_id]), as_date_boxes({
        "title": "Mentor conference", "kind": EventKind.MENTOR_CONFERENCE, "cohort": "", "venue": "Hub, Room 1", "online_url": "",
        "start_date": day, "start_time": "09:00", "end_date": "", "end_time": "16:00", "capacity": "120",
        "reply_by": "", "cpd_hours": "0", "description": "",
    }, ["start_date", "end_date", "reply_by"]))
    assert response.status_code == 302

    page = client.get(reverse("programmes:event_detail", args=[conference.public_id])).content.decode()
    history = page.split('id="history-heading"', 1)[1]
    assert re.search(r'moj-timeline__title">Changed</h3>\s*<p class="moj-timeline__byline">by Eddie Editor', history)
    assert re.search(r'moj-timeline__title">Created</h3>\s*<p class="moj-timeline__byline">by Hana Hub', history)
    assert "Venue: Kingsholm, Gloucester" in history and "Hub, Room 1" in history
    assert "Capacity: 100" in history and "120" in history
    assert history.index("Changed") < history.index("Created")  # newest first
