"""Invitations: the only way in. Single use, expiring, sent once through Celery."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from participants.accounts.emails import send_invitation_email
from participants.accounts.invitations import (
    InvitationNotUsable,
    NewAccount,
    accept_invitation,
    find_invitation,
    invitation_token,
    invite_person,
    resend_invitation,
)
from participants.models import Invitation, Role, RoleAssignment, User

NEW_ACCOUNT = NewAccount(first_name="Ada", last_name="Lovelace", password="a-long-enough-passphrase")


@pytest.fixture
def invite(hub_staff, django_capture_on_commit_callbacks):
    def _invite(**kwargs):
        kwargs = {"email": "new.person@example.org", "role": Role.ECT, "invited_by": hub_staff, **kwargs}
        with django_capture_on_commit_callbacks(execute=True):
            return invite_person(**kwargs)

    return _invite


def test_invitation_email_is_sent_once_on_commit(invite, settings):
    invitation = invite(first_name="Ada")
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert settings.HUB_NAME in message.subject
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    link = settings.SITE_URL + f"/join/{invitation_token(invitation)}/"
    assert link in message.body
    html = message.alternatives[0][0]
    assert link in html and "Ada" in html

    # A repeated or redelivered task finds the row already sent and sends nothing.
    send_invitation_email(invitation.pk)
    assert len(mail.outbox) == 1


def test_no_email_when_the_transaction_rolls_back(hub_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invite_person(email="x@example.org", role=Role.ECT, invited_by=hub_staff)
    assert len(callbacks) == 1  # queued for commit, not before
    assert mail.outbox == []


def test_tutor_invitation_needs_a_school(invite):
    with pytest.raises(ValidationError) as error:
        invite(role=Role.INDUCTION_TUTOR)
    assert "school" in error.value.message_dict


def test_hub_wide_roles_ignore_a_school(invite, school_a):
    invitation = invite(role=Role.MENTOR, school=school_a)
    assert invitation.school is None


def test_inviting_someone_who_already_has_the_role_is_refused(invite, tutor_a, school_a):
    with pytest.raises(ValidationError) as error:
        invite(email=tutor_a.email, role=Role.INDUCTION_TUTOR, school=school_a)
    assert "already has this role" in str(error.value)


def test_inviting_again_replaces_the_earlier_link(invite):
    first = invite()
    second = invite()
    first.refresh_from_db()
    assert first.status == "revoked" and second.status == "pending"
    assert find_invitation(invitation_token(first)).pk == first.pk


def test_accepting_creates_a_verified_account_with_the_role(invite, school_a):
    invitation = invite(role=Role.INDUCTION_TUTOR, school=school_a)
    user = accept_invitation(invitation, new_account=NEW_ACCOUNT)
    assert user.email == "new.person@example.org"
    assert user.check_password(NEW_ACCOUNT.password)
    assert EmailAddress.objects.get(user=user).verified
    assert RoleAssignment.objects.filter(user=user, role=Role.INDUCTION_TUTOR, school=school_a).exists()
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.accepted_by == user


def test_a_link_works_once(invite):
    invitation = invite()
    accept_invitation(invitation, new_account=NEW_ACCOUNT)
    with pytest.raises(InvitationNotUsable):
        accept_invitation(invitation, new_account=NEW_ACCOUNT)
    assert User.objects.filter(email="new.person@example.org").count() == 1


def test_an_expired_link_does_not_work(invite):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvitationNotUsable):
        accept_invitation(invitation, new_account=NEW_ACCOUNT)
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_an_existing_user_adds_the_role(invite, ect, school_a):
    invitation = invite(email=ect.email, role=Role.INDUCTION_TUTOR, school=school_a)
    accept_invitation(invitation, user=ect)
    assert set(ect.role_assignments.values_list("role", flat=True)) == {Role.ECT, Role.INDUCTION_TUTOR}


def test_someone_else_cannot_use_an_invitation(invite, mentor):
    invitation = invite()
    with pytest.raises(ValidationError):
        accept_invitation(invitation, user=mentor)
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_forged_tokens_find_nothing(invite):
    invitation = invite()
    token = invitation_token(invitation)
    assert find_invitation(token[:-2] + "xx") is None
    assert find_invitation("not-a-token") is None


def test_resend_requeues_with_a_fresh_expiry(invite, django_capture_on_commit_callbacks):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        email_state=Invitation.EmailState.FAILED, expires_at=timezone.now() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(invitation)
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.SENT and invitation.status == "pending"
    assert len(mail.outbox) == 2


def test_a_failed_send_is_recorded_with_its_reason(invite, settings, monkeypatch):
    import smtplib

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"new.person@example.org": (550, b"No such mailbox")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    invitation = invite()
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.FAILED
    # In words for staff, not Python's exception text.
    assert invitation.email_error == "The recipient's server refused the address."


# The pages --------------------------------------------------------------------------------------


def test_hub_staff_invite_through_the_form(client, hub_staff, school_a, django_capture_on_commit_callbacks):
    client.force_login(hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/invitations/new/", {
            "email": "Tutor.New@Example.org", "first_name": "Tess", "last_name": "New",
            "role": Role.INDUCTION_TUTOR, "school": school_a.urn,
        })
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "tutor.new@example.org" and invitation.school == school_a
    assert len(mail.outbox) == 1
    listing = client.get("/invitations/")
    assert b"tutor.new@example.org" in listing.content and b"Sent" in listing.content


def test_the_form_shows_errors_on_the_field(client, hub_staff):
    client.force_login(hub_staff)
    response = client.post("/invitations/new/", {"email": "not-an-email", "role": Role.INDUCTION_TUTOR})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: " in content
    assert "There is a problem" in content
    assert 'href="#id_email"' in content and 'href="#id_school"' in content
    assert Invitation.objects.count() == 0


def test_accepting_in_the_browser_signs_the_new_person_in(client, invite):
    invitation = invite()
    url = f"/join/{invitation_token(invitation)}/"
    page = client.get(url)
    assert page.status_code == 200 and b"new.person@example.org" in page.content
    response = client.post(url, {
        "first_name": "Ada", "last_name": "Lovelace", "password1": NEW_ACCOUNT.password, "password2": NEW_ACCOUNT.password,
    })
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and b"Welcome, Ada" in home.content
    # The link is spent: a second visit explains, and creates nothing.
    client.logout()
    again = client.get(url)
    assert again.status_code == 410 and b"already been used" in again.content


def test_a_weak_password_is_refused_on_its_field(client, invite):
    invitation = invite()
    response = client.post(f"/join/{invitation_token(invitation)}/", {
        "first_name": "Ada", "last_name": "Lovelace", "password1": "12345", "password2": "12345",
    })
    assert response.status_code == 200
    assert b'href="#id_password1"' in response.content
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_an_expired_link_explains_itself(client, invite):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/join/{invitation_token(invitation)}/")
    assert response.status_code == 410 and b"expired" in response.content


def test_a_mangled_link_is_not_found(client):
    assert client.get("/join/garbage/").status_code == 404


def test_an_existing_user_signs_in_then_accepts(client, invite, ect, school_a):
    invitation = invite(email=ect.email, role=Role.INDUCTION_TUTOR, school=school_a)
    url = f"/join/{invitation_token(invitation)}/"
    anonymous = client.get(url)
    assert b"Sign in to accept" in anonymous.content
    assert client.post(url).status_code == 200  # not signed in: nothing happens
    assert not ect.role_assignments.filter(role=Role.INDUCTION_TUTOR).exists()
    client.force_login(ect)
    response = client.post(url)
    assert response.status_code == 302
    assert ect.role_assignments.filter(role=Role.INDUCTION_TUTOR, school=school_a).exists()


def test_signed_in_as_someone_else_is_told_to_sign_out(client, invite, mentor):
    invitation = invite()
    client.force_login(mentor)
    response = client.post(f"/join/{invitation_token(invitation)}/")
    assert response.status_code == 200 and b"Sign out, then open the link again" in response.content
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_resend_takes_post_from_hub_staff_only(client, invite, tutor_a, hub_staff):
    invitation = invite()
    url = f"/invitations/{invitation.public_id}/resend/"
    client.force_login(tutor_a)
    assert client.post(url).status_code == 404
    client.force_login(hub_staff)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302


def test_the_invitation_list_query_count_does_not_grow(client, hub_staff, school_a, django_assert_max_num_queries):
    client.force_login(hub_staff)
    for n in range(30):
        Invitation.objects.create(email=f"p{n}@example.org", role=Role.INDUCTION_TUTOR, school=school_a,
                                  invited_by=hub_staff, expires_at=timezone.now() + timedelta(days=1))
    with django_assert_max_num_queries(12):
        assert client.get("/invitations/").status_code == 200


def test_people_sign_in_with_the_password_they_chose(client, invite):
    invitation = invite()
    accept_invitation(invitation, new_account=NEW_ACCOUNT)
    response = client.post("/accounts/login/", {"login": "new.person@example.org", "password": NEW_ACCOUNT.password})
    assert response.status_code == 302 and response["Location"] == "/"




def test_the_subject_is_plain_text_not_html(invite, settings):
    settings.HUB_NAME = "St Mary's & St John's TSH"
    invite()
    assert mail.outbox[0].subject == "You're invited to St Mary's & St John's TSH"


def test_the_nightly_job_deletes_only_long_expired_unused_invitations(invite, hub_staff):
    from participants.accounts.tasks import expire_invitations

    long_gone = invite(email="old@example.org")
    recent = invite(email="recent@example.org")
    used = invite(email="used@example.org")
    accept_invitation(used, new_account=NEW_ACCOUNT)
    Invitation.objects.filter(pk__in=[long_gone.pk, used.pk]).update(expires_at=timezone.now() - timedelta(days=91))
    Invitation.objects.filter(pk=recent.pk).update(expires_at=timezone.now() - timedelta(days=89))
    assert expire_invitations() == 1
    assert set(Invitation.objects.values_list("email", flat=True)) == {"recent@example.org", "used@example.org"}


def test_the_form_preselects_no_role_and_says_what_to_fix(client, hub_staff):
    client.force_login(hub_staff)
    page = client.get("/invitations/new/").content.decode()
    assert '<option value="" selected>Choose a role</option>' in page
    response = client.post("/invitations/new/", {"email": ""})
    content = response.content.decode()
    assert "Enter the email address of the person to invite" in content and "Choose a role" in content


def test_a_send_abandoned_by_a_dead_worker_is_taken_over(hub_staff, settings):
    stale = timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)
    invitation = Invitation.objects.create(
        email="stuck@example.org", role=Role.ECT, invited_by=hub_staff, expires_at=timezone.now() + timedelta(days=1),
        email_state=Invitation.EmailState.SENDING, email_claimed_at=timezone.now() - stale / 2,
    )
    send_invitation_email(invitation.pk)  # a live claim: another worker may be sending right now
    assert mail.outbox == []
    Invitation.objects.filter(pk=invitation.pk).update(email_claimed_at=timezone.now() - stale - timedelta(seconds=1))
    send_invitation_email(invitation.pk)
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.SENT and len(mail.outbox) == 1


# The school is typed, never listed ----------------------------------------------------------------


def test_without_javascript_a_school_is_typed_by_a_name_only_it_has(client, hub_staff, school_a, school_b,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/invitations/new/", {"email": "tess@example.org", "role": Role.INDUCTION_TUTOR, "school": "alder"})
    assert response.status_code == 302
    assert Invitation.objects.get().school == school_a


def test_a_school_several_match_is_refused_on_its_field_and_kept(client, hub_staff, school_a):
    from participants.tests.factories import SchoolFactory

    SchoolFactory(urn=110009, name="Alder Primary School Nursery")
    SchoolFactory(urn=110010, name="Alder Primary School Nursery", town="Elsewhere")
    client.force_login(hub_staff)
    typed = {"email": "tess@example.org", "role": Role.INDUCTION_TUTOR, "school": "alder nursery"}
    response = client.post("/invitations/new/", typed)
    assert response.status_code == 200 and not Invitation.objects.exists()
    assert response.context["form"].errors["school"] == ["More than one school matches \u201calder nursery\u201d; enter its URN"]
    content = response.content.decode()
    assert 'href="#id_school"' in content and 'value="alder nursery"' in content
    # The exact name of one school is taken though longer names contain it.
    assert client.post("/invitations/new/", {**typed, "school": "Alder Primary School"}).status_code == 302
    assert Invitation.objects.get().school == school_a


def test_a_chosen_school_is_kept_when_another_field_is_wrong(client, hub_staff, school_a):
    client.force_login(hub_staff)
    response = client.post("/invitations/new/", {"email": "not-an-email", "role": Role.INDUCTION_TUTOR,
                                                 "school": "Alder Primary School (110001)"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["email"]
    assert 'value="Alder Primary School (110001)"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 300])
def test_the_invitation_form_carries_no_list_of_schools(client, hub_staff, count, django_assert_max_num_queries):
    from participants.models import School

    School.objects.bulk_create(School(urn=200000 + n, name=f"Hazel Primary School {n:03d}") for n in range(count))
    client.force_login(hub_staff)
    with django_assert_max_num_queries(6):
        page = client.get("/invitations/new/", {"school": "200000"}).content.decode()
    assert page.count("Hazel Primary School") == 1  # the school the link names, in the box
    assert 'value="Hazel Primary School 000 (200000)"' in page and 'data-source="/schools/search/"' in page
    with django_assert_max_num_queries(8):
        refused = client.post("/invitations/new/", {"email": "x", "role": Role.INDUCTION_TUTOR, "school": "hazel"})
    assert refused.status_code == 200 and "Hazel Primary School 0" not in refused.content.decode()
