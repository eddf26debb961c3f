"""Inviting an audience (each person once, whatever is repeated) and replying by the emailed link."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from participants.models import Role
from programmes.events.audiences import AudienceKind, AudienceRule
from programmes.events.emails import send_event_invitations
from programmes.events.invitations import invite_audience
from programmes.events.links import find_by_token, reply_token
from programmes.events.replies import reply
from programmes.models import Cohort, CohortStage, Event, EventInvitation, EventKind, Place, Response
from registration.tests.factories import register

TODAY = date(2026, 8, 20)


@pytest.fixture
def conference(hub_staff):
    starts = timezone.now() + timedelta(days=30)
    return Event.objects.create(
        title="ECT Welcome Conference: Year 1", kind=EventKind.ECT_WELCOME_Y1, venue="Kingsholm, Gloucester",
        starts_at=starts, ends_at=starts + timedelta(hours=6), capacity=2, created_by=hub_staff,
    )


def year_1_rule():
    cohort = Cohort.objects.get(academic_year=2026, stage=CohortStage.YEAR_1, programme__slug="ecte")
    return AudienceRule(AudienceKind.COHORT, cohort_id=cohort.pk)


@pytest.mark.django_db
def test_each_person_gets_one_invitation_with_the_ics_and_a_reply_link(
    conference, school_a, tutor_a, hub_staff, django_capture_on_commit_callbacks
):
    for n in range(3):
        register(school_a, tutor_a, email=f"ect{n}@example.org", first_name=f"Ect{n}")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = invite_audience(conference, [year_1_rule()], ["ect0@example.org", "guest@example.org"], actor=hub_staff, today=TODAY)
    assert created == 4
    assert sorted(m.to[0] for m in mail.outbox) == ["ect0@example.org", "ect1@example.org", "ect2@example.org", "guest@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ect1@example.org"])
    assert message.subject.startswith("Invitation: ECT Welcome Conference: Year 1")
    assert "Hello Ect1," in message.body and "Kingsholm, Gloucester" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics" and mimetype.startswith("text/calendar")
    assert str(Calendar.from_ical(content).walk("VEVENT")[0]["summary"]) == conference.title
    token = re.search(r"/events/reply/([^/\s]+)/", message.body).group(1)
    assert find_by_token(token).email == "ect1@example.org"
    assert set(EventInvitation.objects.values_list("email_state", flat=True)) == {EventInvitation.EmailState.SENT}

    # A double click, and the same batch re-queued: nobody new, nothing sent again.
    with django_capture_on_commit_callbacks(execute=True):
        again = invite_audience(conference, [year_1_rule()], ["ect0@example.org", "guest@example.org"], actor=hub_staff, today=TODAY)
    send_event_invitations(list(EventInvitation.objects.values_list("pk", flat=True)))
    assert again == 0 and len(mail.outbox) == 4


@pytest.mark.django_db
def test_a_cancelled_or_past_event_cannot_be_sent(conference, hub_staff):
    conference.cancelled_at = timezone.now()
    conference.save()
    with pytest.raises(Exception, match="cancelled"):
        invite_audience(conference, [AudienceRule(AudienceKind.ROLE, role=Role.INDUCTION_TUTOR)], [], actor=hub_staff, today=TODAY)


@pytest.mark.django_db
def test_acceptances_fill_the_places_then_the_waiting_list_in_order(conference):
    people = [EventInvitation.objects.create(event=conference, email=f"p{n}@example.org") for n in range(4)]
    results = [reply(person, accept=True, dietary_needs="Vegetarian" if n == 0 else "") for n, person in enumerate(people)]
    assert [r.place for r in results] == [Place.CONFIRMED, Place.CONFIRMED, Place.WAITING, Place.WAITING]
    assert results[2].waiting_since < results[3].waiting_since
    assert results[0].dietary_needs == "Vegetarian"
    # Accepting twice keeps the place rather than counting it again.
    assert reply(people[0], accept=True).place == Place.CONFIRMED
    assert EventInvitation.objects.filter(place=Place.CONFIRMED).count() == 2
    declined = reply(people[1], accept=False)
    assert (declined.response, declined.place) == (Response.DECLINED, Place.NONE)


@pytest.mark.django_db
def test_the_reply_page_by_link(client, conference):
    invitation = EventInvitation.objects.create(event=conference, email="p@example.org", first_name="Pat")
    url = f"/events/reply/{reply_token(invitation)}/"
    page = client.get(url)
    assert page.status_code == 200 and b"ECT Welcome Conference" in page.content
    missing = client.post(url, {})
    assert b"Select whether you will come" in missing.content and b"<title>Error: " in missing.content
    done = client.post(url, {"answer": "accept", "access_needs": "Step-free access"}, follow=True)
    assert b"your place is confirmed" in done.content
    invitation.refresh_from_db()
    assert (invitation.place, invitation.access_needs) == (Place.CONFIRMED, "Step-free access")
    assert client.get("/events/reply/forged-token/").status_code == 404


@pytest.mark.django_db
def test_after_the_reply_by_date_an_acceptance_is_refused_and_nothing_changes(client, conference):
    conference.reply_by = timezone.localdate() - timedelta(days=1)
    conference.save()
    invitation = EventInvitation.objects.create(event=conference, email="late@example.org", first_name="Lee")
    response = client.post(f"/events/reply/{reply_token(invitation)}/", {"answer": "accept", "dietary_needs": "Vegan"})
    closed_on = conference.reply_by.strftime("%-d %B %Y")
    assert f"Replies to this event closed on {closed_on}. To ask about a place, contact the hub." in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.response, invitation.place, invitation.dietary_needs, invitation.replied_at) == ("", "", "", None)


@pytest.mark.django_db
def test_after_the_reply_by_date_people_can_still_decline_update_their_needs_or_take_an_offer(conference):
    accepted = reply(EventInvitation.objects.create(event=conference, email="a@example.org"), accept=True)
    offered = EventInvitation.objects.create(event=conference, email="o@example.org", response=Response.ACCEPTED, place=Place.OFFERED,
                                             offer_expires_at=timezone.now() + timedelta(hours=10))
    leaving = reply(EventInvitation.objects.create(event=conference, email="d@example.org"), accept=True)
    conference.reply_by = timezone.localdate() - timedelta(days=1)
    conference.save()
    assert reply(accepted, accept=True, access_needs="A hearing loop").access_needs == "A hearing loop"
    assert reply(offered, accept=True).place == Place.CONFIRMED
    assert reply(leaving, accept=False).response == Response.DECLINED


@pytest.mark.django_db
def test_replies_close_at_the_end_of_the_reply_by_day_not_its_start(conference):
    conference.reply_by = timezone.localdate()
    conference.save()
    invitation = EventInvitation.objects.create(event=conference, email="today@example.org")
    assert reply(invitation, accept=True).place == Place.CONFIRMED


@pytest.mark.django_db
def test_a_tampered_reply_link_says_so_plainly_and_changes_nothing(client, conference):
    invitation = EventInvitation.objects.create(event=conference, email="p@example.org")
    token = reply_token(invitation)
    for bad in (token[:-3] + "abc", token.split(":")[0], "forged-token"):
        response = client.post(f"/events/reply/{bad}/", {"answer": "accept"})
        assert response.status_code == 404
        assert "This reply link is not recognised" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.response, invitation.place) == ("", "")


@pytest.mark.django_db
def test_the_link_of_an_event_that_has_taken_place_offers_no_reply(client, conference):
    conference.starts_at, conference.ends_at = timezone.now() - timedelta(days=2), timezone.now() - timedelta(days=2, hours=-6)
    conference.save()
    invitation = EventInvitation.objects.create(event=conference, email="p@example.org")
    url = f"/events/reply/{reply_token(invitation)}/"
    page = client.get(url).content.decode()
    assert "This event has already taken place, so replies are closed." in page and "Send reply" not in page
    refused = client.post(url, {"answer": "accept"})
    assert "This event has already taken place" in refused.content.decode()
    invitation.refresh_from_db()
    assert (invitation.response, invitation.place) == ("", "")


@pytest.mark.django_db
def test_after_the_reply_by_date_the_page_says_only_a_decline_is_still_taken(client, conference):
    conference.reply_by = timezone.localdate() - timedelta(days=1)
    conference.save()
    invitation = EventInvitation.objects.create(event=conference, email="p@example.org")
    page = client.get(f"/events/reply/{reply_token(invitation)}/").content.decode()
    assert "Replies to accept closed on" in page and "You can still tell us you cannot come" in page
