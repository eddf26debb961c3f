"""A headteacher role granted on an induction tutor's invitation waits for hub staff or the school's
confirmed headteacher (FA-005: the headteacher's signature must be someone other than the tutor's)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.outbox import requeue_stuck
from participants.accounts.emails import send_headteacher_confirmation_requests
from participants.accounts.invitations import accept_invitation, invitation_url, invite_person
from participants.accounts.roles import grant_role, grant_roles
from participants.models import HeadteacherConfirmation, Invitation, Role, RoleAssignment
from participants.tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PAGE = reverse("participants:headteacher_confirmations")
Decision = HeadteacherConfirmation.Decision


def decide_url(request: HeadteacherConfirmation) -> str:
    return reverse("participants:headteacher_confirmation_decide", args=[request.public_id])


def invited_head(inviter, school, email="new.head@example.org"):
    """`email` accepts the inviter's invitation to be the school's headteacher (a new account)."""
    invitation = invite_person(email=email, role=Role.HEADTEACHER, school=school, invited_by=inviter)
    return accept_invitation(invitation, user=UserFactory(email=email))


def role_of(user, school) -> RoleAssignment:
    return RoleAssignment.objects.get(user=user, role=Role.HEADTEACHER, school=school)


def test_a_headteacher_a_tutor_invited_waits_and_the_confirmers_get_one_email(tutor_a, school_a, hub_staff, headteacher_a,
                                                                                  tutor_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        head = invited_head(tutor_a, school_a)
    assert role_of(head, school_a).awaiting_confirmation
    request = HeadteacherConfirmation.objects.get()
    assert (request.user, request.school, request.requested_by, request.decision) == (head, school_a, tutor_a, Decision.PENDING)
    confirmation_emails = [m for m in mail.outbox if m.subject == f"Confirm the headteacher of {school_a.name}"]
    assert [m.to for m in confirmation_emails] == [[headteacher_a.email, hub_staff.email]]  # not the tutors, not the new head
    body = confirmation_emails[0].body
    assert head.email in body and tutor_a.get_full_name() in body and PAGE in body
    assert HeadteacherConfirmation.objects.get().email_state == HeadteacherConfirmation.EmailState.SENT
    # Sent once: the task run again finds the row sent.
    send_headteacher_confirmation_requests.delay([request.pk])
    assert len([m for m in mail.outbox if m.subject.startswith("Confirm the headteacher")]) == 1


def test_headteachers_the_hub_appoints_or_seeds_and_existing_ones_are_confirmed(hub_staff, headteacher_a, school_a, school_b,
                                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        by_hub = invited_head(hub_staff, school_b, "hub.appointed@example.org")
    seeded = UserFactory(email="seeded.head@example.org")
    grant_roles([(seeded, Role.HEADTEACHER, school_b)])
    assert not role_of(by_hub, school_b).awaiting_confirmation and not role_of(seeded, school_b).awaiting_confirmation
    assert not role_of(headteacher_a, school_a).awaiting_confirmation
    assert not HeadteacherConfirmation.objects.exists()
    assert not [m for m in mail.outbox if m.subject.startswith("Confirm the headteacher")]


def test_a_headteacher_invited_by_the_schools_confirmed_headteacher_is_confirmed(headteacher_a, school_a, tutor_a):
    grant_role(headteacher_a, Role.INDUCTION_TUTOR, school=school_a)  # the head who is also a tutor invites
    deputy = invited_head(headteacher_a, school_a, "deputy@example.org")
    assert not role_of(deputy, school_a).awaiting_confirmation


@pytest.mark.parametrize("confirmer", ["hub_staff", "headteacher_a"])
def test_hub_staff_or_the_schools_headteacher_confirm_on_the_page(client, request, confirmer, tutor_a, school_a):
    confirmer = request.getfixturevalue(confirmer)
    head = invited_head(tutor_a, school_a)
    client.force_login(confirmer)
    page = client.get(PAGE).content.decode()
    assert head.email in page and school_a.name in page and tutor_a.get_full_name() in page
    waiting = HeadteacherConfirmation.objects.get()
    response = client.post(decide_url(waiting), {"action": "confirm"}, follow=True)
    assert f"is confirmed as the headteacher of {school_a.name}" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.decision, waiting.decided_by) == (Decision.CONFIRMED, confirmer) and waiting.decided_at is not None
    assert not role_of(head, school_a).awaiting_confirmation
    assert "Decided recently" in response.content.decode()
    # Decided once: a second answer changes nothing.
    response = client.post(decide_url(waiting), {"action": "refuse"}, follow=True)
    assert "was already confirmed" in response.content.decode()
    assert RoleAssignment.objects.filter(user=head, role=Role.HEADTEACHER).exists()


def test_refusing_removes_the_role_and_keeps_the_record(client, hub_staff, tutor_a, school_a):
    head = invited_head(tutor_a, school_a)
    client.force_login(hub_staff)
    waiting = HeadteacherConfirmation.objects.get()
    client.post(decide_url(waiting), {"action": "refuse"})
    waiting.refresh_from_db()
    assert (waiting.decision, waiting.decided_by, waiting.user) == (Decision.REFUSED, hub_staff, head)
    assert not RoleAssignment.objects.filter(user=head, role=Role.HEADTEACHER).exists()


def test_outsiders_get_404_and_decide_nothing(client, tutor_a, tutor_b, school_a, school_b, ect, no_role_user):
    head = invited_head(tutor_a, school_a)
    other_head = user_with_role(Role.HEADTEACHER, school=school_b, email="head.b@example.org")
    second_waiting = invited_head(tutor_a, school_a, "second.head@example.org")
    waiting = HeadteacherConfirmation.objects.get(user=head)
    for outsider in (tutor_a, tutor_b, other_head, head, second_waiting, ect, no_role_user):
        client.force_login(outsider)
        # Another school's headteacher has a page of their own school's requests, without this one.
        listed = client.get(PAGE)
        assert listed.status_code == 200 if outsider == other_head else listed.status_code == 404, outsider
        assert outsider == head or head.email not in listed.content.decode()
        for action in ("confirm", "refuse"):
            assert client.post(decide_url(waiting), {"action": action}).status_code == 404, outsider
    client.logout()
    assert client.post(decide_url(waiting), {"action": "confirm"})["Location"].startswith("/accounts/login/")
    waiting.refresh_from_db()
    assert waiting.decision == Decision.PENDING and role_of(head, school_a).awaiting_confirmation


def test_a_headteacher_sees_only_their_own_schools_requests(client, tutor_a, tutor_b, school_a, school_b):
    invited_head(tutor_a, school_a)
    elsewhere = invited_head(tutor_b, school_b, "birch.head@example.org")
    head_b = user_with_role(Role.HEADTEACHER, school=school_b, email="head.b@example.org")
    client.force_login(head_b)
    page = client.get(PAGE).content.decode()
    assert elsewhere.email in page and "new.head@example.org" not in page
    assert client.post(decide_url(HeadteacherConfirmation.objects.get(user__email="new.head@example.org")),
                       {"action": "confirm"}).status_code == 404


def test_hub_staff_granting_a_waiting_role_again_confirms_it_on_the_record(hub_staff, tutor_a, school_a):
    head = invited_head(tutor_a, school_a)
    grant_role(head, Role.HEADTEACHER, school=school_a, actor=hub_staff)
    assert not role_of(head, school_a).awaiting_confirmation
    assert HeadteacherConfirmation.objects.get(user=head).decided_by == hub_staff


def test_a_request_a_dead_worker_left_unsent_goes_out_with_the_sweep(tutor_a, school_a, hub_staff):
    invited_head(tutor_a, school_a)  # its email was queued on a commit that never ran here: as if the worker died
    HeadteacherConfirmation.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    requeue_stuck(HeadteacherConfirmation)  # what the one sweep (hubportal.tasks.sweep) does for each outbox
    assert [m.to for m in mail.outbox if m.subject.startswith("Confirm the headteacher")] == [[hub_staff.email]]


def test_the_tutor_and_the_new_headteacher_are_told_on_the_pages_that_confirmation_comes_first(client, tutor_a, school_a):
    client.force_login(tutor_a)
    sent = client.post("/invitations/new/", {"email": "new.head@example.org", "first_name": "Nia", "last_name": "Head",
                                              "role": Role.HEADTEACHER, "school": school_a.urn}, follow=True)
    assert "must confirm them before they can sign" in sent.content.decode()

    head = UserFactory(email="new.head@example.org")
    client.force_login(head)
    invitation = Invitation.objects.get(email="new.head@example.org")
    accepted = client.post(urlsplit(invitation_url(invitation)).path, follow=True).content.decode()
    assert "is waiting for confirmation by hub staff" in accepted
    assert "You are now headteacher" not in accepted
