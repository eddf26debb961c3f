"""An invitation joins an account to a teacher's record only at the address that record holds."""

import pytest
from django.utils import timezone

from participants.accounts.invitations import NewAccount, accept_invitation, invite_teachers
from participants.models import Invitation, Role, Teacher, invitation_expiry
from participants.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = NewAccount(first_name="Mal", last_name="Lory", password="a-long-enough-passphrase")


def test_an_invitation_to_another_address_than_the_records_never_claims_the_record(school_a, tutor_a):
    teacher = TeacherFactory(email="own@school-a.example")
    # However it came about (an address overwritten and put back, an old link): not the address on record.
    stray = Invitation.objects.create(email="someone@else.example", role=Role.ECT, school=school_a, teacher=teacher,
                                      invited_by=tutor_a, expires_at=invitation_expiry())
    user = accept_invitation(stray, new_account=NEW_ACCOUNT)
    teacher.refresh_from_db()
    assert teacher.user is None and not Teacher.objects.filter(user=user).exists()


def test_a_teachers_invitation_goes_to_the_address_on_record_and_claims_it(school_a, tutor_a, django_capture_on_commit_callbacks):
    teacher = TeacherFactory(email="own@school-a.example")
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = invite_teachers([teacher], role=Role.ECT, school=school_a, invited_by=tutor_a)
    assert invitation.email == "own@school-a.example"
    Invitation.objects.filter(pk=invitation.pk).update(email_state="sent", email_sent_at=timezone.now())
    user = accept_invitation(invitation, new_account=NEW_ACCOUNT)
    teacher.refresh_from_db()
    assert teacher.user == user
