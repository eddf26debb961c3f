"""Induction tutors booking their school's ECTs and mentors onto an event, and seeing who is coming."""

import io
from datetime import date, timedelta

import pytest
import zxingcpp
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from hubportal.lib.outbox import EmailState
from programmes.cohorts.cohorts import cohort_for
from programmes.events.bookings import book_places, booking_candidates, events_for_school
from programmes.events.replies import reply
from programmes.models import CohortStage, EventInvitation, EventKind, EventNotice, Place, Response, Strand
from programmes.tests.factories import EventFactory
from programmes.tests.pages import qr_image_part
from registration.ects import register_ect
from registration.tests.factories import ect_details, mentor_details, register

TODAY = date(2026, 11, 24)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_one():
    return cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)


@pytest.fixture
def conference(year_one):
    now = timezone.now()
    return EventFactory(
        title="ECT Welcome Conference (Year 1)", kind=EventKind.ECT_WELCOME_Y1, cohort=year_one, school_booking=True,
        starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=20, hours=6), capacity=3,
        reply_by=timezone.localdate() + timedelta(days=10),
    )


def register_with_mentor(school, actor, *, today=date(2026, 8, 20), mentor=None, new_mentor=None, **details):
    return register_ect(school, ect_details(**details), actor=actor, today=today, mentor=mentor, new_mentor=new_mentor).period


@pytest.fixture
def staff(school_a, hub_staff):
    """School A: two Year 1 ECTs sharing a mentor, a Year 2 ECT (last year's start) and a second mentor."""
    first = register_with_mentor(school_a, hub_staff, first_name="Ada", last_name="Adams", new_mentor=mentor_details(first_name="Mo", last_name="Moss"))
    second = register_with_mentor(school_a, hub_staff, first_name="Bea", last_name="Brown", mentor=first.mentor)
    earlier = register_with_mentor(school_a, hub_staff, first_name="Cal", last_name="Cole", started_on=date(2025, 9, 1),
                                   today=date(2025, 8, 20), new_mentor=mentor_details(first_name="Nat", last_name="Nash"))
    return {"ada": first, "bea": second, "cal": earlier}


def teacher_ids(*periods):
    return [period.teacher_id for period in periods]


def test_candidates_are_the_schools_ects_then_mentors_with_the_cohort_and_its_mentors_suggested(conference, school_a, staff, school_b, hub_staff):
    register(school_b, hub_staff, first_name="Other", last_name="School")
    candidates = booking_candidates(conference, school_a, today=TODAY)
    assert [(c.name, c.role, c.suggested) for c in candidates] == [
        ("Ada Adams", "ECT", True), ("Bea Brown", "ECT", True), ("Cal Cole", "ECT", False),
        ("Mo Moss", "Mentor", True), ("Nat Nash", "Mentor", False),
    ]


def test_a_booking_fills_free_places_in_order_then_the_waiting_list(conference, school_a, staff, tutor_a, django_capture_on_commit_callbacks):
    mo = staff["ada"].mentor
    with django_capture_on_commit_callbacks(execute=True):
        result = book_places(conference, school_a, teacher_ids(staff["ada"], staff["bea"], staff["cal"], mo), actor=tutor_a, now=timezone.now())
    assert result.confirmed == ["Ada Adams", "Bea Brown", "Cal Cole"]
    assert result.waiting == ["Mo Moss"] and result.unchanged == []
    invitations = {i.first_name: i for i in conference.invitations.all()}
    assert invitations["Mo"].place == Place.WAITING and invitations["Mo"].waiting_since is not None
    assert all(i.booked_by == tutor_a and i.school == school_a and i.response == Response.ACCEPTED for i in invitations.values())
    # Each of the four got one email saying their school booked them, and where they stand.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(i.email for i in invitations.values())
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to[invitations["Ada"].email].subject == "Your place is booked: ECT Welcome Conference (Year 1)"
    assert "Tara Tutor at Alder Primary School has booked you onto" in by_to[invitations["Ada"].email].body
    assert "you are on the waiting list" in by_to[invitations["Mo"].email].body


def test_booking_again_changes_nobody_and_emails_nobody_twice(conference, school_a, staff, tutor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book_places(conference, school_a, teacher_ids(staff["ada"]), actor=tutor_a, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        again = book_places(conference, school_a, teacher_ids(staff["ada"], staff["bea"]), actor=tutor_a, now=timezone.now())
    assert again.unchanged == ["Ada Adams"] and again.confirmed == ["Bea Brown"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff["ada"].teacher.email, staff["bea"].teacher.email])


def test_someone_already_invited_gets_one_booked_notice_not_a_second_invitation(conference, school_a, staff, tutor_a, django_capture_on_commit_callbacks):
    ada = staff["ada"].teacher
    invitation = EventInvitation.objects.create(event=conference, email=ada.email, first_name="Ada", last_name="Adams",
                                                teacher=ada, email_state=EmailState.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        book_places(conference, school_a, [ada.pk], actor=tutor_a, now=timezone.now())
    invitation.refresh_from_db()
    assert invitation.place == Place.CONFIRMED and invitation.school == school_a
    assert list(invitation.notices.values_list("kind", "email_state")) == [(EventNotice.Kind.BOOKED, EmailState.SENT)]
    assert [m.subject for m in mail.outbox] == ["Your place is booked: ECT Welcome Conference (Year 1)"]


def test_someone_who_declined_can_be_booked_by_their_tutor(conference, school_a, staff, tutor_a):
    ada = staff["ada"].teacher
    invitation = EventInvitation.objects.create(event=conference, email=ada.email, teacher=ada, email_state=EmailState.SENT)
    reply(invitation, accept=False)
    book_places(conference, school_a, [ada.pk], actor=tutor_a, now=timezone.now())
    invitation.refresh_from_db()
    assert (invitation.response, invitation.place) == (Response.ACCEPTED, Place.CONFIRMED)


@pytest.mark.parametrize("change, message", [
    ({"school_booking": False}, "This event is not open to bookings by schools"),
    ({"reply_by": date(2026, 1, 1)}, "Replies to this event closed on 1 January 2026"),
    ({"cancelled_at": timezone.now()}, "This event has been cancelled"),
])
def test_booking_is_refused_when_the_event_is_not_open_to_it(conference, school_a, staff, tutor_a, change, message):
    for field, value in change.items():
        setattr(conference, field, value)
    conference.save()
    with pytest.raises(ValidationError) as refused:
        book_places(conference, school_a, teacher_ids(staff["ada"]), actor=tutor_a, now=timezone.now())
    assert message in refused.value.messages[0]
    assert not conference.invitations.exists()


def test_booking_someone_from_another_school_is_refused_and_saves_nothing(conference, school_a, school_b, staff, tutor_a, hub_staff):
    elsewhere = register(school_b, hub_staff, first_name="Other", last_name="School")
    with pytest.raises(ValidationError, match="no longer at your school"):
        book_places(conference, school_a, teacher_ids(staff["ada"], elsewhere), actor=tutor_a, now=timezone.now())
    assert not conference.invitations.exists()


def test_the_schools_events_count_its_people(conference, school_a, school_b, staff, tutor_a, hub_staff):
    book_places(conference, school_a, teacher_ids(staff["ada"], staff["bea"], staff["cal"], staff["ada"].mentor), actor=tutor_a, now=timezone.now())
    closed = EventFactory(title="Not for schools", starts_at=timezone.now() + timedelta(days=5), ends_at=timezone.now() + timedelta(days=5, hours=1))
    [row] = events_for_school(school_a, now=timezone.now())
    assert (row, row.school_invited, row.school_confirmed, row.school_waiting) == (conference, 4, 3, 1)
    assert closed not in events_for_school(school_a, now=timezone.now())
    [other] = events_for_school(school_b, now=timezone.now())
    assert (other.school_invited, other.school_confirmed) == (0, 0)


# The pages

def detail_url(school, event):
    return reverse("programmes:school_event_detail", kwargs={"urn": school.urn, "event": event.public_id})


def test_the_tutor_books_in_one_go_from_the_page(client, conference, school_a, staff, tutor_a, django_capture_on_commit_callbacks):
    client.force_login(tutor_a)
    page = client.get(detail_url(school_a, conference))
    # The cohort's ECTs and their mentor are ticked for the tutor.
    assert [(c.name, ticked) for c, holding, ticked in page.context["rows"]] == [
        ("Ada Adams", True), ("Bea Brown", True), ("Cal Cole", False), ("Mo Moss", True), ("Nat Nash", False),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(school_a, conference), {"people": teacher_ids(staff["ada"], staff["bea"], staff["ada"].mentor)}, follow=True)
    assert "3 people booked: Ada Adams, Bea Brown, Mo Moss." in response.content.decode()
    assert [a.name for a in response.context["attendees"]] == ["Ada Adams", "Bea Brown", "Mo Moss"]
    assert len(mail.outbox) == 3


def test_the_page_names_a_missing_choice_and_a_tampered_one(client, conference, school_a, school_b, staff, tutor_a, hub_staff):
    elsewhere = register(school_b, hub_staff, first_name="Other", last_name="School")
    client.force_login(tutor_a)
    empty = client.post(detail_url(school_a, conference), {})
    assert empty.context["form"].errors["people"] == ["Select at least one person to book"]
    tampered = client.post(detail_url(school_a, conference), {"people": [elsewhere.teacher_id]})
    assert "no longer at your school" in tampered.context["form"].errors["people"][0]
    assert not conference.invitations.exists()


def test_after_the_reply_by_date_the_page_offers_no_booking_and_refuses_a_post(client, conference, school_a, staff, tutor_a):
    conference.reply_by = timezone.localdate() - timedelta(days=1)
    conference.save()
    client.force_login(tutor_a)
    page = client.get(detail_url(school_a, conference))
    assert page.context["can_book"] is False and "replies have closed" in page.content.decode()
    response = client.post(detail_url(school_a, conference), {"people": teacher_ids(staff["ada"])}, follow=True)
    assert "can no longer be booked" in response.content.decode()
    assert not conference.invitations.exists()


def test_the_tutor_cancels_a_place_and_the_next_person_waiting_is_offered_it(client, conference, school_a, staff, tutor_a, django_capture_on_commit_callbacks):
    book_places(conference, school_a, teacher_ids(staff["ada"], staff["bea"], staff["cal"], staff["ada"].mentor), actor=tutor_a, now=timezone.now())
    ada = conference.invitations.get(first_name="Ada")
    client.force_login(tutor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:school_event_cancel_place", kwargs={"urn": school_a.urn, "event": conference.public_id, "invitation": ada.public_id}))
    ada.refresh_from_db()
    assert (ada.response, ada.place) == (Response.DECLINED, Place.NONE)
    assert conference.invitations.get(first_name="Mo").place == Place.OFFERED


def test_another_schools_tutor_gets_404_for_the_page_and_a_place(client, conference, school_a, staff, tutor_a, tutor_b):
    book_places(conference, school_a, teacher_ids(staff["ada"]), actor=tutor_a, now=timezone.now())
    ada = conference.invitations.get()
    client.force_login(tutor_b)
    assert client.get(detail_url(school_a, conference)).status_code == 404
    cancel = reverse("programmes:school_event_cancel_place", kwargs={"urn": school_a.urn, "event": conference.public_id, "invitation": ada.public_id})
    assert client.post(cancel).status_code == 404
    ada.refresh_from_db()
    assert ada.place == Place.CONFIRMED


def test_an_event_neither_open_to_schools_nor_inviting_the_school_is_404(client, school_a, tutor_a):
    private = EventFactory(title="Hub staff day", starts_at=timezone.now() + timedelta(days=5), ends_at=timezone.now() + timedelta(days=5, hours=1))
    client.force_login(tutor_a)
    assert client.get(detail_url(school_a, private)).status_code == 404


def test_the_pages_queries_do_not_grow_with_people(client, conference, school_a, staff, tutor_a, hub_staff, django_assert_max_num_queries):
    book_places(conference, school_a, teacher_ids(staff["ada"], staff["bea"]), actor=tutor_a, now=timezone.now())
    for number in range(15):
        register(school_a, hub_staff, first_name=f"Extra{number}", last_name="Teacher")
    client.force_login(tutor_a)
    with django_assert_max_num_queries(12):
        assert client.get(detail_url(school_a, conference)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("programmes:school_event_list", kwargs={"urn": school_a.urn})).status_code == 200


def test_a_booked_place_email_carries_the_check_in_qr_and_a_waiting_one_does_not(conference, school_a, staff, tutor_a, django_capture_on_commit_callbacks):
    from programmes.attendance.checkin import checkin_url, short_code

    with django_capture_on_commit_callbacks(execute=True):
        book_places(conference, school_a, teacher_ids(staff["ada"], staff["bea"], staff["cal"], staff["ada"].mentor), actor=tutor_a, now=timezone.now())
    ada, mo = conference.invitations.get(first_name="Ada"), conference.invitations.get(first_name="Mo")
    by_to = {m.to[0]: m for m in mail.outbox}
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_image_part(by_to[ada.email]).get_payload(decode=True))), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in decoded] == [checkin_url(ada)]
    assert short_code(ada) in by_to[ada.email].body
    assert "check-in code" not in by_to[mo.email].body
    assert not any(part.get_content_type() == "image/png" for part in by_to[mo.email].message().walk())


def test_places_go_to_ects_before_mentors_whatever_their_names(conference, school_a, hub_staff, tutor_a):
    conference.capacity = 1
    conference.save()
    zed = register_with_mentor(school_a, hub_staff, first_name="Zed", last_name="Zulu", new_mentor=mentor_details(first_name="Al", last_name="Aardvark"))
    result = book_places(conference, school_a, teacher_ids(zed.mentor, zed), actor=tutor_a, now=timezone.now())
    assert (result.confirmed, result.waiting) == (["Zed Zulu"], ["Al Aardvark"])
