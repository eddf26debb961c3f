"""Induction tutors invite further tutors, for their own schools only (issue 3, item 6)."""

import pytest
from django.core import mail
from django.urls import reverse

from participants import access
from participants.accounts.invitations import NewAccount, accept_invitation, invite_person
from participants.accounts.roles import grant_role
from participants.models import Invitation, Role

pytestmark = pytest.mark.django_db

CREATE = "/invitations/new/"


def answers(school, **overrides):
    return {"email": "Tess.New@Example.org", "first_name": "Tess", "last_name": "New",
            "role": Role.INDUCTION_TUTOR, "school": school.urn, **overrides}


def test_a_tutor_is_offered_only_the_tutor_and_headteacher_roles_at_their_own_schools(client, tutor_a, school_a, school_b):
    client.force_login(tutor_a)
    response = client.get(CREATE)
    assert response.status_code == 200
    form = response.context["form"]
    assert [value for value, _ in form.fields["role"].choices if value] == [Role.INDUCTION_TUTOR, Role.HEADTEACHER]
    assert list(form.fields["school"].queryset) == [school_a]
    content = response.content.decode()
    assert "Hub staff" not in content and school_b.name not in content


def test_the_school_page_link_preselects_the_school(client, tutor_a, school_a, school_b):
    client.force_login(tutor_a)
    form = client.get(CREATE, {"school": school_a.urn}).context["form"]
    assert form.initial["school"] == school_a and form.initial["role"] == Role.INDUCTION_TUTOR
    # Another school's URN in the link preselects nothing.
    assert client.get(CREATE, {"school": school_b.urn}).context["form"].initial.get("school") is None


def test_a_tutor_invites_another_tutor_for_their_school(client, tutor_a, school_a, django_capture_on_commit_callbacks):
    client.force_login(tutor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, answers(school_a))
    assert response.status_code == 302 and response["Location"] == reverse("participants:invitation_list")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.school, invitation.invited_by) == (
        "tess.new@example.org", Role.INDUCTION_TUTOR, school_a, tutor_a,
    )
    assert [m.to for m in mail.outbox] == [["tess.new@example.org"]]
    assert b"tess.new@example.org" in client.get("/invitations/").content


def test_the_invited_tutor_then_runs_that_school(tutor_a, school_a, school_b):
    invitation = invite_person(email="tess@example.org", role=Role.INDUCTION_TUTOR, school=school_a, invited_by=tutor_a)
    user = accept_invitation(invitation, new_account=NewAccount("Tess", "New", "a-long-enough-passphrase"))
    assert list(access.tutored_schools(user)) == [school_a]
    assert access.can_manage_ects(user, school_a) and not access.can_manage_ects(user, school_b)


def test_a_tutor_cannot_post_another_school(client, tutor_a, school_a, school_b):
    client.force_login(tutor_a)
    response = client.post(CREATE, answers(school_b))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["school"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", [Role.HUB_STAFF, Role.AB_STAFF, Role.ECT, Role.MENTOR])
def test_a_tutor_cannot_post_another_role(client, tutor_a, school_a, role):
    client.force_login(tutor_a)
    response = client.post(CREATE, answers(school_a, role=role))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["role"]
    assert not Invitation.objects.exists()


def test_a_tutor_of_two_schools_chooses_between_them(client, tutor_a, school_a, school_b):
    grant_role(tutor_a, Role.INDUCTION_TUTOR, school=school_b)
    client.force_login(tutor_a)
    assert set(client.get(CREATE).context["form"].fields["school"].queryset) == {school_a, school_b}
    assert client.post(CREATE, answers(school_b)).status_code == 302
    assert Invitation.objects.get().school == school_b


def test_a_tutor_sees_and_resends_only_their_schools_tutor_invitations(client, hub_staff, tutor_a, school_a, school_b):
    own = invite_person(email="own@example.org", role=Role.INDUCTION_TUTOR, school=school_a, invited_by=hub_staff)
    other = invite_person(email="other@example.org", role=Role.INDUCTION_TUTOR, school=school_b, invited_by=hub_staff)
    invite_person(email="an.ect@example.org", role=Role.ECT, invited_by=hub_staff)
    client.force_login(tutor_a)
    listed = {invitation.email for invitation in client.get("/invitations/").context["page"]}
    assert listed == {"own@example.org"}
    assert client.post(reverse("participants:invitation_resend", args=[own.public_id])).status_code == 302
    assert client.post(reverse("participants:invitation_resend", args=[other.public_id])).status_code == 404


def test_people_without_the_tutor_role_cannot_invite(client, cast, school_a):
    for role in ("ab_staff", "ect", "mentor", "facilitator", "no_role"):
        client.force_login(cast[role])
        assert client.get(CREATE).status_code == 404, role
        assert client.post(CREATE, answers(school_a)).status_code == 404, role
    assert not Invitation.objects.exists()
    client.logout()
    response = client.get(CREATE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_tutor_invites_their_schools_headteacher(client, tutor_a, school_a, django_capture_on_commit_callbacks):
    client.force_login(tutor_a)
    missing = client.post(CREATE, {**answers(school_a, role=Role.HEADTEACHER), "school": ""})
    assert missing.context["form"].errors["school"] == ["Choose the school for the headteacher."]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE, answers(school_a, role=Role.HEADTEACHER))
    invitation = Invitation.objects.get(email="tess.new@example.org")
    assert [m.to for m in mail.outbox] == [["tess.new@example.org"]]
    assert (invitation.role, invitation.school) == (Role.HEADTEACHER, school_a)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_the_invitation_is_saved_and_will_go_out(client, tutor_a, school_a, broker_down):
    from hubportal.middleware import QueueHandoverMiddleware

    client.force_login(tutor_a)
    response = client.post(CREATE, answers(school_a), follow=True)
    assert response.status_code == 200
    assert QueueHandoverMiddleware.MESSAGE in response.content.decode()
    assert Invitation.objects.get().email_state == Invitation.EmailState.QUEUED
    assert mail.outbox == []
