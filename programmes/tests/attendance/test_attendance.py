"""The register on the day: marking, closing, the summary, the CSV, and who may do it."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participants.models import Role
from participants.tests.factories import SchoolFactory, user_with_role
from programmes.attendance.attendance import attendance_summary, close_register, mark_attendance
from programmes.models import Event, EventInvitation, Place, Response
from programmes.tests.factories import EventFactory, invite

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ada(event, school_a):
    return invite(event, "Ada", "Lovelace", school=school_a)


def url(name, event, invitation=None):
    kwargs = {"event": event.public_id}
    if invitation is not None:
        kwargs["invitation"] = invitation.public_id
    return reverse(f"programmes:{name}", kwargs=kwargs)


# The domain

@pytest.mark.django_db
def test_mark_and_unmark(ada, facilitator):
    now = timezone.now()
    marked = mark_attendance(ada, present=True, actor=facilitator, now=now)
    assert (marked.attended_at, marked.marked_by) == (now, facilitator)
    # Marking again keeps the first time and marker.
    again = mark_attendance(ada, present=True, actor=user_with_role(Role.HUB_STAFF), now=now + timedelta(minutes=5))
    assert (again.attended_at, again.marked_by) == (now, facilitator)
    unmarked = mark_attendance(ada, present=False, actor=facilitator, now=now)
    ada.refresh_from_db()
    assert unmarked.attended_at is None and ada.attended_at is None and ada.marked_by is None
    mark_attendance(ada, present=False, actor=facilitator, now=now)
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
def test_only_a_confirmed_place_can_be_marked_present(event, facilitator):
    waiting = invite(event, "Wendy", "Waiting", place=Place.WAITING)
    with pytest.raises(ValidationError, match="does not have a confirmed place"):
        mark_attendance(waiting, present=True, actor=facilitator, now=timezone.now())
    waiting.refresh_from_db()
    assert waiting.attended_at is None


@pytest.mark.django_db
def test_a_closed_register_refuses_changes(event, ada, facilitator):
    now = timezone.now()
    mark_attendance(ada, present=True, actor=facilitator, now=now)
    closed = close_register(event, actor=facilitator, now=now)
    assert (closed.register_closed_at, closed.register_closed_by) == (now, facilitator)
    # The event's history names who closed it, though no request is signed in here.
    assert event.history.latest("history_date").history_user == facilitator
    for present in (False, True):
        with pytest.raises(ValidationError, match="The register is closed"):
            mark_attendance(ada, present=present, actor=facilitator, now=now)
    ada.refresh_from_db()
    assert ada.attended_at == now
    # Closing again keeps the first closing.
    assert close_register(event, actor=user_with_role(Role.HUB_STAFF), now=now + timedelta(hours=1)).register_closed_at == now


@pytest.mark.django_db
def test_the_register_cannot_close_before_the_event_starts(facilitator):
    later = EventFactory(starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=1, hours=3))
    with pytest.raises(ValidationError, match="before the event starts"):
        close_register(later, actor=facilitator, now=timezone.now())
    later.refresh_from_db()
    assert later.register_closed_at is None


@pytest.mark.django_db
def test_a_cancelled_event_has_no_register(event, ada, facilitator):
    Event.objects.filter(pk=event.pk).update(cancelled_at=timezone.now())
    with pytest.raises(ValidationError, match="cancelled"):
        mark_attendance(ada, present=True, actor=facilitator, now=timezone.now())


@pytest.mark.django_db
def test_summary_counts(event, ada, facilitator, django_assert_num_queries):
    bob = invite(event, "Bob", "Brown")
    invite(event, "Cat", "Jones")
    EventInvitation.objects.create(event=event, email="decliner@example.org", response=Response.DECLINED)
    invite(event, "Wes", "Waiting", place=Place.WAITING)
    invite(event, "Nia", "Noreply", place=Place.NONE)
    mark_attendance(ada, present=True, actor=facilitator, now=timezone.now())
    mark_attendance(bob, present=True, actor=facilitator, now=timezone.now())
    with django_assert_num_queries(1):
        summary = attendance_summary(event)
    assert (summary.invited, summary.accepted, summary.present, summary.absent, summary.on_register) == (6, 3, 2, 1, 3)


# Who may take the register

@pytest.mark.django_db
def test_facilitator_of_the_event_and_hub_staff_take_the_register(client, event, ada, facilitator, hub_staff):
    for user in (facilitator, hub_staff):
        client.force_login(user)
        page = client.get(url("register", event))
        assert page.status_code == 200
        assert "Mark Ada Lovelace present" in page.content.decode()


@pytest.mark.django_db
def test_a_facilitator_of_another_event_gets_404(client, event, ada):
    other = user_with_role(Role.FACILITATOR, email="other.facilitator@example.org")
    EventFactory(title="Mentor conference").facilitators.add(other)
    client.force_login(other)
    assert client.get(url("register", event)).status_code == 404
    assert client.get(url("register_export", event)).status_code == 404
    assert client.post(url("register_mark", event, ada), {"present": "1"}).status_code == 404
    assert client.post(url("register_close", event)).status_code == 404
    ada.refresh_from_db()
    event.refresh_from_db()
    assert ada.attended_at is None and event.register_closed_at is None
    # Their own list shows only their event.
    listing = client.get(reverse("programmes:register_events")).content.decode()
    assert "Mentor conference" in listing and event.title not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["tutor_b", "tutor_a", "ect", "ab_staff", "no_role"])
def test_other_roles_get_404(client, cast, event, role):
    client.force_login(cast[role])
    assert client.get(url("register", event)).status_code == 404
    assert client.get(reverse("programmes:register_events")).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_posts_only_take_post(client, event, ada, facilitator):
    response = client.get(url("register", event))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(facilitator)
    assert client.get(url("register_mark", event, ada)).status_code == 405
    assert client.get(url("register_close", event)).status_code == 405


@pytest.mark.django_db
def test_the_event_page_links_to_the_register(client, event, hub_staff):
    client.force_login(hub_staff)
    page = client.get(reverse("programmes:event_detail", kwargs={"event": event.public_id})).content.decode()
    assert url("register", event) in page and "Take the register" in page


@pytest.mark.django_db
def test_register_events_lists_upcoming_first(client, facilitator, event):
    past = EventFactory(title="Last year conference", starts_at=timezone.now() - timedelta(days=365), ends_at=timezone.now() - timedelta(days=365, hours=-6))
    past.facilitators.add(facilitator)
    future = EventFactory(title="Next term clinic", starts_at=timezone.now() + timedelta(days=60), ends_at=timezone.now() + timedelta(days=60, hours=2))
    future.facilitators.add(facilitator)
    EventFactory(title="Someone else event")
    client.force_login(facilitator)
    page = client.get(reverse("programmes:register_events")).content.decode()
    assert page.index(event.title) < page.index("Next term clinic") < page.index("Last year conference")
    assert "Someone else event" not in page


# The page

@pytest.mark.django_db
def test_the_register_lists_confirmed_places_and_anyone_present(client, event, ada, facilitator):
    invite(event, "Wes", "Waiting", place=Place.WAITING)
    invite(event, "Bob", "Brown")
    client.force_login(facilitator)
    page = client.get(url("register", event)).content.decode()
    assert "Ada Lovelace" in page and "Bob Brown" in page and "Wes Waiting" not in page
    assert "0 of 2 present" in page and 'aria-live="polite"' in page


@pytest.mark.django_db
def test_search_by_name(client, event, ada, facilitator):
    invite(event, "Bob", "Brown")
    client.force_login(facilitator)
    page = client.get(url("register", event), {"q": "ada love"}).content.decode()
    assert "Ada Lovelace" in page and "Bob Brown" not in page and "<html" in page
    # As you type, htmx asks for the list alone.
    partial = client.get(url("register", event), {"q": "brown"}, HTTP_HX_TARGET="register-list", **HTMX).content.decode()
    assert "Bob Brown" in partial and "Ada Lovelace" not in partial and "<html" not in partial
    assert 'id="register-list"' in partial
    nobody = client.get(url("register", event), {"q": "zzz"}).content.decode()
    assert "Nobody on the register matches" in nobody


@pytest.mark.django_db
def test_a_normal_post_marks_and_redirects_back(client, event, ada, facilitator):
    client.force_login(facilitator)
    response = client.post(url("register_mark", event, ada), {"present": "1", "q": "ada"})
    assert response.status_code == 302 and response["Location"] == url("register", event) + "?q=ada"
    ada.refresh_from_db()
    assert ada.attended_at is not None and ada.marked_by == facilitator
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1 present" in page and "Present ✓ — undo" in page and "marking Ada Lovelace present" in page
    client.post(url("register_mark", event, ada), {"present": "0"})
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
def test_an_htmx_post_answers_the_row_and_the_count(client, event, ada, facilitator):
    invite(event, "Bob", "Brown")
    client.force_login(facilitator)
    response = client.post(url("register_mark", event, ada), {"present": "1"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="register-row-{ada.public_id}"' in body and "Present ✓ — undo" in body
    assert 'hx-swap-oob="true"' in body and "1 of 2 present" in body
    ada.refresh_from_db()
    assert ada.attended_at is not None


@pytest.mark.django_db
def test_a_bad_present_value_changes_nothing(client, event, ada, facilitator):
    client.force_login(facilitator)
    assert client.post(url("register_mark", event, ada), {"present": "yes"}).status_code == 400
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
def test_closing_shows_the_summary_read_only(client, event, ada, facilitator):
    invite(event, "Bob", "Brown")
    client.force_login(facilitator)
    client.post(url("register_mark", event, ada), {"present": "1"})
    confirm = client.get(url("register", event), {"close": "1"}).content.decode()
    assert "Yes, close the register" in confirm and "1 will be recorded as absent" in confirm
    response = client.post(url("register_close", event))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.register_closed_by == facilitator
    page = client.get(url("register", event)).content.decode()
    assert "Attendance summary" in page and "Mark Bob Brown present" not in page and "Present ✓" not in page
    # A tick after closing is refused, with the reason, and changes nothing.
    bob = event.invitations.get(first_name="Bob")
    refused = client.post(url("register_mark", event, bob), {"present": "1"}, **HTMX).content.decode()
    assert "The register is closed" in refused
    bob.refresh_from_db()
    assert bob.attended_at is None


@pytest.mark.django_db
def test_closing_before_the_start_is_refused(client, facilitator):
    later = EventFactory(starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=1, hours=3))
    later.facilitators.add(facilitator)
    client.force_login(facilitator)
    page = client.get(url("register", later)).content.decode()
    assert "can be closed once the event has started" in page
    assert "Yes, close the register" not in client.get(url("register", later), {"close": "1"}).content.decode()
    response = client.post(url("register_close", later), follow=True)
    assert "cannot be closed before the event starts" in response.content.decode()
    later.refresh_from_db()
    assert later.register_closed_at is None


# The CSV

@pytest.mark.django_db
def test_csv_export_is_complete_and_formula_safe(client, event, ada, facilitator, school_a):
    invite(event, "=HYPERLINK(\"x\")", "Smith", school=SchoolFactory(name="+Evil School"))
    invite(event, "Wes", "Waiting", place=Place.WAITING)
    mark_attendance(ada, present=True, actor=facilitator, now=timezone.now())
    client.force_login(facilitator)
    response = client.get(url("register_export", event))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email", "School", "Reply", "Place", "Present", "Marked at", "Marked by"]
    by_email = {row[1]: row for row in rows[1:]}
    assert len(by_email) == 2  # the waiting list is not on the register
    ada_row = by_email["ada.lovelace@example.org"]
    assert ada_row[0] == "Ada Lovelace" and ada_row[2] == school_a.name and ada_row[3] == "Accepted"
    assert ada_row[4] == "Place confirmed" and ada_row[5] == "yes" and ada_row[6] and ada_row[7] == "Fay Cilitator"
    evil = next(row for row in rows[1:] if row[0].startswith("'"))
    assert evil[0] == "'=HYPERLINK(\"x\") Smith" and evil[2] == "'+Evil School" and evil[5] == "no" and evil[6] == ""


# Speed: the page's queries do not grow with the register

@pytest.mark.django_db
@pytest.mark.parametrize("attendees", [1, 60])
def test_register_page_queries_are_pinned(client, event, facilitator, attendees, django_assert_max_num_queries):
    schools = [SchoolFactory() for _ in range(3)]
    for number in range(attendees):
        person = invite(event, f"Person{number}", f"Surname{number}", school=schools[number % 3])
        if number % 2:
            mark_attendance(person, present=True, actor=facilitator, now=timezone.now())
    client.force_login(facilitator)
    # Session, user, roles, the event (scoped to the facilitator), the counts, the rows with school and marker.
    with django_assert_max_num_queries(6):
        page = client.get(url("register", event))
    assert page.content.decode().count('id="register-row-') == attendees
