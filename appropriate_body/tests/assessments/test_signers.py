"""The signers of one report are different people (FA-005), and a headteacher the school's tutor invited
signs only once hub staff or the school's confirmed headteacher have confirmed them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from appropriate_body.assessments import assessments as domain
from appropriate_body.assessments.signers import school_role_emails
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus
from appropriate_body.tests.factories import NOW, claimed, ect_account, first, written
from appropriate_body.tests.pages import assessment_page
from participants.accounts.invitations import invitation_token
from participants.accounts.roles import confirm_headteacher, grant_role
from participants.models import HeadteacherConfirmation, Invitation, Role
from participants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TWICE = "You have already signed this as the induction tutor; the headteacher must be someone else"


@pytest.fixture
def ready(school_a, tutor_a, ab_staff):
    """A formal assessment the ECT has commented on: waiting for the tutor's signature."""
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    return domain.add_ect_comments(formal, comments="Agreed", actor=own, now=NOW), own


def invite_and_accept_as_headteacher(client, inviter, school, email: str, acceptor=None):
    """The tutor invites `email` to be the school's headteacher from the invitations page; the owner of that address accepts."""
    client.force_login(inviter)
    response = client.post(reverse("participants:invitation_create"), {
        "email": email, "first_name": "", "last_name": "", "role": Role.HEADTEACHER, "school": school.urn})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email=email.lower(), role=Role.HEADTEACHER)
    acceptor = acceptor or UserFactory(email=email)
    client.force_login(acceptor)
    response = client.post(reverse("participants:accept_invitation", args=[invitation_token(invitation)]))
    assert response.status_code == 302
    return acceptor


def test_a_tutor_who_invites_their_own_address_as_headteacher_cannot_sign_as_both(client, ready, tutor_a, school_a, hub_staff):
    formal, _ = ready
    invite_and_accept_as_headteacher(client, tutor_a, school_a, tutor_a.email, acceptor=tutor_a)
    client.force_login(tutor_a)
    client.post(assessment_page(formal), {"action": "sign", "as_role": "tutor"})
    response = client.post(assessment_page(formal), {"action": "sign", "as_role": "headteacher"}, follow=True)
    formal.refresh_from_db()
    assert formal.tutor_signed_by == tutor_a
    assert (formal.headteacher_signed_by, formal.status) == (None, AssessmentStatus.AWAITING_SIGNATURES)
    # Even once hub staff have confirmed the role, one person never signs twice.
    confirm_headteacher(HeadteacherConfirmation.objects.get(user=tutor_a, school=school_a), actor=hub_staff)
    response = client.post(assessment_page(formal), {"action": "sign", "as_role": "headteacher"}, follow=True)
    formal.refresh_from_db()
    assert formal.headteacher_signed_by is None
    assert TWICE in response.content.decode()
    assert "Sign as the headteacher" not in client.get(assessment_page(formal)).content.decode()


def test_one_person_never_holds_two_signatures_on_a_report(ready, tutor_a, school_a):
    formal, own = ready
    grant_role(tutor_a, Role.HEADTEACHER, school=school_a)  # granted without an actor (the admin): confirmed
    formal = domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    with pytest.raises(ValidationError, match=TWICE):
        domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=tutor_a, now=NOW)
    assert Assessment.objects.get(pk=formal.pk).headteacher_signed_at is None


def test_the_ect_never_signs_their_own_report_as_tutor_or_headteacher(ready, tutor_a, school_a):
    formal, own = ready
    grant_role(own, Role.INDUCTION_TUTOR, school=school_a)
    grant_role(own, Role.HEADTEACHER, school=school_a)
    with pytest.raises(ValidationError, match="You are the ECT this report is about; the induction tutor must be someone else"):
        domain.sign(formal, as_role=domain.Signer.TUTOR, actor=own, now=NOW)
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    with pytest.raises(ValidationError, match="the headteacher must be someone else"):
        domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=own, now=NOW)
    # Nor writes it: the record is the tutor's judgement of them.
    assert not domain.can_edit(own, first(formal.induction_period, AssessmentKind.PROGRESS_REVIEW))


def test_the_database_refuses_one_person_in_two_signatures(ready, tutor_a, headteacher_a):
    formal, own = ready
    for pair in ({"tutor_signed_by": tutor_a, "headteacher_signed_by": tutor_a},
                 {"tutor_signed_by": tutor_a, "ect_signed_by": tutor_a},
                 {"headteacher_signed_by": headteacher_a, "ect_signed_by": headteacher_a}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Assessment.objects.filter(pk=formal.pk).update(**pair)


def test_a_headteacher_the_tutor_invited_cannot_sign_until_confirmed_and_sees_why(client, ready, tutor_a, school_a):
    formal, _ = ready
    head = invite_and_accept_as_headteacher(client, tutor_a, school_a, "new.head@example.org")
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    with pytest.raises(ValidationError, match="waiting for confirmation"):
        domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=head, now=NOW)
    client.force_login(head)
    page = client.get(assessment_page(formal)).content.decode()
    assert "Sign as the headteacher" not in page
    assert "Your headteacher role at Alder Primary School is waiting for confirmation" in page
    assert "waiting for confirmation" in client.get(reverse("home")).content.decode()
    client.post(assessment_page(formal), {"action": "sign", "as_role": "headteacher"})
    formal.refresh_from_db()
    assert formal.headteacher_signed_at is None


@pytest.mark.parametrize("confirmer", ["hub_staff", "headteacher_a"])
def test_once_hub_staff_or_the_schools_headteacher_confirm_them_the_new_headteacher_signs(client, request, confirmer, ready, tutor_a,
                                                                                          school_a):
    confirmer = request.getfixturevalue(confirmer)
    formal, _ = ready
    head = invite_and_accept_as_headteacher(client, tutor_a, school_a, "new.head@example.org")
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    assert head.email not in school_role_emails(school_a.pk, Role.HEADTEACHER)  # not asked to sign while waiting
    client.force_login(confirmer)
    waiting = HeadteacherConfirmation.objects.get(user=head)
    client.post(reverse("participants:headteacher_confirmation_decide", args=[waiting.public_id]), {"action": "confirm"})
    assert head.email in school_role_emails(school_a.pk, Role.HEADTEACHER)  # now told when a report waits for them
    client.force_login(head)
    assert "Sign as the headteacher" in client.get(assessment_page(formal)).content.decode()
    client.post(assessment_page(formal), {"action": "sign", "as_role": "headteacher"})
    formal.refresh_from_db()
    assert formal.headteacher_signed_by == head
