"""Hub staff's event pages: create, edit, copy, invite an audience, re-send, and the progress bar."""

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.models import Role
from programmes.models import Cohort, CohortStage, Event, EventInvitation, EventKind, Place, Response
from programmes.tests.events.days import LONDON, in_days
from registration.tests.factories import register
from tests.date_boxes import as_date_boxes

EVENT_DATES = ("start_date", "end_date", "reply_by")

EmailState = EventInvitation.EmailState


def valid_post(**overrides) -> dict:
    day = timezone.localdate() + timedelta(days=40)
    data = {
        "title": "Mentor conference", "kind": EventKind.MENTOR_CONFERENCE, "cohort": "", "venue": "Hub, Room 1",
        "online_url": "", "start_date": day.isoformat(), "start_time": "09:30", "end_date": "", "end_time": "15:00",
        "capacity": "80", "reply_by": (day - timedelta(days=7)).isoformat(), "cpd_hours": "5.5", "description": "All day.",
    }
    data.update(overrides)
    return as_date_boxes(data, EVENT_DATES)


def year_1_value() -> str:
    cohort = Cohort.objects.get(academic_year=2026, stage=CohortStage.YEAR_1, programme__slug="ecte")
    return f"cohort:{cohort.pk}"


# Create and edit

@pytest.mark.django_db
def test_hub_staff_create_an_event_with_facilitators(staff_client, facilitator, hub_staff):
    page = staff_client.get(reverse("programmes:event_create"))
    assert page.status_code == 200
    assert facilitator.email in page.content.decode()
    # A checkbox for each person with the facilitator role (not a "Hold Ctrl" multi-select), and only them.
    boxes = re.findall(r'<input[^>]*name="facilitators"[^>]*>', page.content.decode())
    assert [re.search(r'value="(\d+)"', box).group(1) for box in boxes] == [str(facilitator.pk)]
    assert all('type="checkbox"' in box for box in boxes)
    response = staff_client.post(reverse("programmes:event_create"), valid_post(facilitators=[facilitator.pk]))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programmes:event_detail", args=[event.public_id])
    starts = timezone.localtime(event.starts_at)
    assert (starts.hour, starts.minute, timezone.localtime(event.ends_at).hour) == (9, 30, 15)
    assert (event.capacity, str(event.cpd_hours), event.created_by) == (80, "5.5", hub_staff)
    assert list(event.facilitators.all()) == [facilitator]


@pytest.mark.django_db
def test_blank_capacity_means_no_limit_and_an_online_link_is_enough(staff_client):
    staff_client.post(reverse("programmes:event_create"), valid_post(capacity="", venue="", online_url="https://meet.example.org/x"))
    event = Event.objects.get()
    assert (event.capacity, event.venue, event.online_url) == (None, "", "https://meet.example.org/x")


@pytest.mark.parametrize("overrides, field, message", [
    ({"title": ""}, "title", "Enter a title"),
    ({"kind": ""}, "kind", "Select the kind of event"),
    ({"start_date": ""}, "start_date", "Enter the date of the event"),
    ({"start_date": "2026-02-30"}, "start_date", "Date must be a real date"),
    ({"start_date": "2026-02-"}, "start_date", "Date must include a day"),
    ({"end_time": "09:00"}, "end_time", "The end must be after the start"),
    ({"end_time": "09:30"}, "end_time", "The end must be after the start"),
    ({"venue": "", "online_url": ""}, "venue", "Enter a venue or an online link"),
    ({"online_url": "not a link"}, "online_url", "Enter the online link as a full web address"),
    ({"capacity": "0"}, "capacity", "Capacity must be at least 1"),
    ({"capacity": "lots"}, "capacity", "Capacity must be a whole number"),
    ({"cpd_hours": "-1"}, "cpd_hours", "CPD hours must be 0 or more"),
    ({"facilitators": ["999999"]}, "facilitators", "Select facilitators from the list"),
])
@pytest.mark.django_db
def test_bad_input_is_shown_on_the_field_at_fault(staff_client, facilitator, overrides, field, message):
    # (A facilitator to choose: the template pack draws a checkbox field's error with its boxes.)
    response = staff_client.post(reverse("programmes:event_create"), valid_post(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert response.content.decode().count(message) >= 2  # in the summary and by the field
    assert "<title>Error: " in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_reply_by_after_the_start_is_refused(staff_client):
    day = timezone.localdate() + timedelta(days=40)
    response = staff_client.post(reverse("programmes:event_create"), valid_post(reply_by=(day + timedelta(days=1)).isoformat()))
    assert response.context["form"].errors["reply_by"] == ["The reply-by date must be on or before the day the event starts"]
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_non_facilitator_cannot_be_made_a_facilitator(staff_client, tutor_a):
    response = staff_client.post(reverse("programmes:event_create"), valid_post(facilitators=[tutor_a.pk]))
    assert response.context["form"].errors["facilitators"] == ["Select facilitators from the list"]


@pytest.mark.django_db
def test_edit_shows_the_details_and_saves_changes(staff_client, conference, facilitator):
    page = staff_client.get(reverse("programmes:event_edit", args=[conference.public_id]))
    assert page.context["form"].initial["start_time"].hour == 9
    assert 'value="Kingsholm, Gloucester"' in page.content.decode()
    day = timezone.localdate() + timedelta(days=30)
    response = staff_client.post(
        reverse("programmes:event_edit", args=[conference.public_id]),
        valid_post(title="Welcome conference (moved)", start_date=day.isoformat(), reply_by="", facilitators=[facilitator.pk]),
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Welcome conference (moved)"
    assert conference.reply_by is None and list(conference.facilitators.all()) == [facilitator]


class FormFields(HTMLParser):
    """What a browser posts back from a page's form untouched: each input's value, each textarea, each selected option."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


@pytest.mark.django_db
def test_the_edit_form_shows_every_date_and_time_and_saving_it_unchanged_keeps_them(staff_client, conference):
    conference.reply_by = timezone.localdate() + timedelta(days=20)
    conference.ends_at = in_days(31, 13)
    conference.save()
    page = staff_client.get(reverse("programmes:event_edit", args=[conference.public_id]))
    html = page.content.decode()
    # Dates fill GOV.UK's day, month and year boxes; times are hh:mm.
    for name, value in [("start_date", in_days(30).date()), ("end_date", in_days(31).date()), ("reply_by", conference.reply_by)]:
        for part, number in (("day", value.day), ("month", value.month), ("year", value.year)):
            assert re.search(rf'name="{name}_{part}" id="[^"]*" value="{number}"', html), (name, part)
    assert re.search(r'name="start_time" value="09:00"', html) and re.search(r'name="end_time" value="13:00"', html)

    fields = FormFields()
    fields.feed(html)
    before = Event.objects.values().get(pk=conference.pk)
    response = staff_client.post(reverse("programmes:event_edit", args=[conference.public_id]), fields.data)
    assert response.status_code == 302
    assert Event.objects.values().get(pk=conference.pk) == before


@pytest.mark.django_db
def test_capacity_cannot_drop_below_the_places_confirmed(staff_client, conference):
    for n in range(3):
        EventInvitation.objects.create(event=conference, email=f"p{n}@example.org", response=Response.ACCEPTED, place=Place.CONFIRMED)
    response = staff_client.post(reverse("programmes:event_edit", args=[conference.public_id]), valid_post(capacity="2"))
    assert response.context["form"].errors["capacity"] == ["Capacity must be at least 3, the number of places already confirmed"]
    conference.refresh_from_db()
    assert conference.capacity == 100 and conference.title == "ECT Welcome Conference: Year 1"


@pytest.mark.django_db
def test_copy_makes_next_years_event_on_the_same_weekday_with_nobody_invited(staff_client, conference, facilitator):
    conference.facilitators.add(facilitator)
    conference.reply_by = timezone.localdate() + timedelta(days=20)
    conference.save()
    EventInvitation.objects.create(event=conference, email="someone@example.org")
    response = staff_client.post(reverse("programmes:event_copy", args=[conference.public_id]))
    copy = Event.objects.exclude(pk=conference.pk).get()
    assert response["Location"] == reverse("programmes:event_edit", args=[copy.public_id])
    old, new = timezone.localtime(conference.starts_at), timezone.localtime(copy.starts_at)
    assert (new.date() - old.date()).days == 364 and new.weekday() == old.weekday()
    assert (new.hour, timezone.localtime(copy.ends_at).hour) == (9, 16)  # local times kept across GMT/BST
    assert copy.reply_by == conference.reply_by + timedelta(days=364)
    assert (copy.title, copy.venue, copy.capacity, copy.kind) == (conference.title, conference.venue, 100, conference.kind)
    assert list(copy.facilitators.all()) == [facilitator]
    assert not copy.invitations.exists()


# Audience, sending, re-sending

@pytest.mark.django_db
def test_check_how_many_then_send_each_person_once(staff_client, conference, school_a, tutor_a, django_capture_on_commit_callbacks):
    for n in range(3):
        register(school_a, tutor_a, email=f"ect{n}@example.org", first_name=f"Ect{n}")
    EventInvitation.objects.create(event=conference, email="ect0@example.org", email_state=EmailState.SENT)
    url = reverse("programmes:event_detail", args=[conference.public_id])
    page = staff_client.get(url)
    assert "Everyone in cohort Early career teacher entitlement 2026/27 Year 1" in page.content.decode()
    assert "Mentors of the ECTs in cohort" in page.content.decode()

    checked = staff_client.get(url, {"check": "1", "rules": [year_1_value()], "extras": "guest@example.org\n"})
    assert checked.context["check"] == {"matched": 4, "already": 1, "new": 3, "extras_text": "guest@example.org"}
    assert "4 people match, 1 of them already invited" in checked.content.decode()
    assert not mail.outbox

    assert "Everyone with the role “NPQ participant”" in checked.content.decode()

    # "Send invitations" posts the checked audience back as hidden fields.
    send_form = checked.content.decode().split(f'action="{reverse("programmes:event_invite", args=[conference.public_id])}"')[1]
    send_form = send_form.split("</form>")[0]
    send = {"rules": re.findall(r'name="rules" value="([^"]*)"', send_form),
            "extras": re.search(r'name="extras" value="([^"]*)"', send_form).group(1)}
    assert send == {"rules": [year_1_value()], "extras": "guest@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("programmes:event_invite", args=[conference.public_id]), send, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "3 invitations queued to send." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["ect1@example.org", "ect2@example.org", "guest@example.org"]

    # A second send (a double click) invites nobody new and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("programmes:event_invite", args=[conference.public_id]), send, follow=True)
    assert mail.outbox == []
    assert "already been invited" in response.content.decode()
    assert conference.invitations.count() == 4
    assert "4 of 4 sent, 0 failed" in response.content.decode()


@pytest.mark.django_db
def test_roles_can_be_invited_whole(staff_client, conference, tutor_a, tutor_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("programmes:event_invite", args=[conference.public_id]), {"rules": [f"role:{Role.INDUCTION_TUTOR}"]})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([tutor_a.email, tutor_b.email])


@pytest.mark.django_db
def test_a_bad_extra_address_is_named_by_its_line_and_nothing_is_sent(staff_client, conference):
    response = staff_client.post(
        reverse("programmes:event_invite", args=[conference.public_id]), {"extras": "good@example.org\n\nnot-an-address\n"}
    )
    assert response.status_code == 200
    errors = response.context["audience_form"].errors["extras"]
    assert "Line 3 (“not-an-address”) is not an email address" in errors
    assert not conference.invitations.exists() and not mail.outbox
    checked = staff_client.get(reverse("programmes:event_detail", args=[conference.public_id]), {"check": "1", "extras": "x@"})
    assert checked.context["check"] is None and "Line 1 (“x@”) is not an email address" in checked.content.decode()


@pytest.mark.django_db
def test_an_empty_audience_is_refused(staff_client, conference):
    response = staff_client.post(reverse("programmes:event_invite", args=[conference.public_id]), {"extras": "  \n"})
    assert response.context["audience_form"].errors["rules"] == ["Select who to invite, or enter email addresses"]


@pytest.mark.django_db
def test_a_cancelled_event_cannot_be_sent(staff_client, conference):
    Event.objects.filter(pk=conference.pk).update(cancelled_at=timezone.now())
    response = staff_client.post(reverse("programmes:event_invite", args=[conference.public_id]), {"extras": "a@example.org"}, follow=True)
    assert "This event has been cancelled" in response.content.decode()
    assert not conference.invitations.exists()


@pytest.mark.django_db
def test_a_failed_invitation_can_be_resent_once(staff_client, conference, django_capture_on_commit_callbacks):
    failed = EventInvitation.objects.create(event=conference, email="bounce@example.org", email_state=EmailState.FAILED,
                                            email_error="550 mailbox unavailable")
    page = staff_client.get(reverse("programmes:event_detail", args=[conference.public_id]))
    assert 'govuk-tag--red">Failed</strong><span class="govuk-visually-hidden">:</span> 550 mailbox unavailable' in page.content.decode()
    resend = reverse("programmes:event_invitation_resend", args=[conference.public_id, failed.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(resend, follow=True)
    assert "queued to send again" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.email_state, failed.email_error) == (EmailState.SENT, "")
    assert [m.to for m in mail.outbox] == [["bounce@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(resend, follow=True)
    assert "Only a failed invitation can be re-sent" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_resend_names_an_invitation_of_that_event_only(staff_client, conference, hub_staff):
    other = Event.objects.create(title="Other", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=in_days(5), ends_at=in_days(5, 12))
    invitation = EventInvitation.objects.create(event=other, email="a@example.org", email_state=EmailState.FAILED)
    response = staff_client.post(reverse("programmes:event_invitation_resend", args=[conference.public_id, invitation.public_id]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.email_state == EmailState.FAILED


# The progress bar

@pytest.mark.django_db
def test_progress_polls_while_any_are_queued_and_stops_when_none_remain(staff_client, conference):
    url = reverse("programmes:event_progress", args=[conference.public_id])
    assert "No invitations sent yet" in staff_client.get(url).content.decode()
    EventInvitation.objects.create(event=conference, email="a@example.org", email_state=EmailState.SENT)
    EventInvitation.objects.create(event=conference, email="b@example.org", email_state=EmailState.FAILED, email_error="550")
    queued = EventInvitation.objects.create(event=conference, email="c@example.org", email_state=EmailState.QUEUED)
    html = staff_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in html and f'hx-get="{url}?' in html
    assert "1 of 3 sent, 1 failed" in html
    assert 'role="progressbar"' in html and 'aria-valuenow="1"' in html and 'aria-valuemax="3"' in html
    assert "<html" not in html  # a partial, not a page
    queued.email_state = EmailState.SENT
    queued.save()
    html = staff_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html and "2 of 3 sent, 1 failed" in html and 'aria-valuenow="2"' in html
    detail = staff_client.get(reverse("programmes:event_detail", args=[conference.public_id])).content.decode()
    assert 'id="event-progress"' in detail and "2 of 3 sent, 1 failed" in detail


# Query counts (the events list: test_list_page.py)

@pytest.mark.django_db
def test_detail_queries_do_not_grow_with_recipients(staff_client, conference, school_a, django_assert_max_num_queries):
    for count in (1, 120):
        EventInvitation.objects.bulk_create(
            [EventInvitation(event=conference, email=f"p{n}@example.org", school=school_a, email_state=EmailState.FAILED)
             for n in range(conference.invitations.count(), count)]
        )
        # Session, user, roles, MFA; event, cohort choices, page count, progress counts, facilitators, page rows, history.
        with django_assert_max_num_queries(11):
            response = staff_client.get(reverse("programmes:event_detail", args=[conference.public_id]))
        assert len(response.context["page"].object_list) == min(count, 100)
        assert school_a.name in response.content.decode()


# Access

HUB_PAGES = ["event_list", "event_create", "event_detail", "event_edit", "event_progress"]


def url_for(name: str, event: Event) -> str:
    return reverse(f"programmes:{name}", args=[] if name in ("event_list", "event_create") else [event.public_id])


@pytest.mark.parametrize("name", HUB_PAGES)
@pytest.mark.django_db
def test_only_hub_staff_see_the_pages(client, conference, name, tutor_b, facilitator, ab_staff):
    url = url_for(name, conference)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for outsider in (tutor_b, facilitator, ab_staff):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_outsiders_cannot_change_anything(client, conference, tutor_a, tutor_b):
    failed = EventInvitation.objects.create(event=conference, email="f@example.org", email_state=EmailState.FAILED)
    posts = [
        (reverse("programmes:event_create"), valid_post()),
        (reverse("programmes:event_edit", args=[conference.public_id]), valid_post(title="Hacked")),
        (reverse("programmes:event_copy", args=[conference.public_id]), {}),
        (reverse("programmes:event_invite", args=[conference.public_id]), {"extras": "x@example.org"}),
        (reverse("programmes:event_invitation_resend", args=[conference.public_id, failed.public_id]), {}),
    ]
    for user in (tutor_a, tutor_b):
        client.force_login(user)
        for url, data in posts:
            assert client.post(url, data).status_code == 404
    client.logout()
    for url, data in posts:
        assert client.post(url, data)["Location"].startswith("/accounts/login/")
    assert Event.objects.get().title == "ECT Welcome Conference: Year 1"
    assert list(conference.invitations.values_list("email_state", flat=True)) == [EmailState.FAILED]


@pytest.mark.parametrize("name", ["event_copy", "event_invite"])
@pytest.mark.django_db
def test_post_only_views_refuse_get(staff_client, conference, name):
    assert staff_client.get(reverse(f"programmes:{name}", args=[conference.public_id])).status_code == 405
    assert staff_client.put(reverse("programmes:event_edit", args=[conference.public_id])).status_code == 405


@pytest.mark.django_db
def test_a_missing_event_is_404(staff_client):
    import uuid
    assert staff_client.get(reverse("programmes:event_detail", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.django_db
def test_nav_shows_events_to_hub_staff_only(staff_client, client, tutor_a):
    link = f'href="{reverse("programmes:event_list")}"'
    assert link in staff_client.get(reverse("home")).content.decode()
    client.force_login(tutor_a)
    assert link not in client.get(reverse("home")).content.decode()


# The domain functions, called directly (as the admin or a command would)

@pytest.mark.django_db
def test_create_event_checks_its_rules_whoever_calls_it(hub_staff):
    from django.core.exceptions import ValidationError

    from programmes.events.events import create_event

    data = {"title": "Clinic", "kind": EventKind.AB_CLINIC, "venue": "", "online_url": "",
            "starts_at": in_days(3, 12), "ends_at": in_days(3, 11), "reply_by": timezone.localdate() + timedelta(days=5)}
    with pytest.raises(ValidationError) as raised:
        create_event(data, actor=hub_staff)
    assert set(raised.value.message_dict) == {"ends_at", "venue", "reply_by"}
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_copying_keeps_the_local_start_time_across_a_clock_change(hub_staff):
    from programmes.events.events import copy_event

    # 26 October 2026 is GMT; 364 days on, 25 October 2027, is still BST.
    event = Event.objects.create(title="Tutor training", kind=EventKind.TUTOR_TRAINING, venue="Hub",
                                 starts_at=datetime(2026, 10, 26, 9, tzinfo=LONDON), ends_at=datetime(2026, 10, 26, 12, tzinfo=LONDON))
    copy = copy_event(event, actor=hub_staff)
    starts = timezone.localtime(copy.starts_at)
    assert (starts.date().isoformat(), starts.hour, timezone.localtime(copy.ends_at).hour) == ("2027-10-25", 9, 12)
    assert copy.created_by == hub_staff


@pytest.mark.django_db
def test_a_past_event_offers_no_audience_form(staff_client):
    event = Event.objects.create(title="Done", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=in_days(-3), ends_at=in_days(-3, 12))
    page = staff_client.get(reverse("programmes:event_detail", args=[event.public_id])).content.decode()
    assert "already taken place" in page and "Check how many" not in page
