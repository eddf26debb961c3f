"""A headteacher role an induction tutor granted accepts nothing for the school until it is confirmed,
the service agreement included: the school's acceptance is a signature too (AB-007)."""

import pytest

from appropriate_body.models import ServiceAgreement
from appropriate_body.tests.agreements.test_pages import answers, make_terms, page_of
from participants.accounts.invitations import accept_invitation, invite_person
from participants.accounts.roles import confirm_headteacher
from participants.models import HeadteacherConfirmation, Role
from participants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_headteacher_waiting_for_confirmation_cannot_accept_the_agreement(client, tutor_a, hub_staff, school_a):
    make_terms(2026, days_left=100)
    invitation = invite_person(email="new.head@example.org", role=Role.HEADTEACHER, school=school_a, invited_by=tutor_a)
    head = accept_invitation(invitation, user=UserFactory(email="new.head@example.org"))
    client.force_login(head)
    page = client.get(page_of(school_a)).content.decode()
    assert 'name="year-2026-signatory_name"' not in page
    assert "Your headteacher role at Alder Primary School is waiting for confirmation" in page
    response = client.post(page_of(school_a), answers())
    assert response.status_code == 200 and not ServiceAgreement.objects.exists()
    assert "Your headteacher role at Alder Primary School is waiting for confirmation" in response.content.decode()
    confirm_headteacher(HeadteacherConfirmation.objects.get(user=head), actor=hub_staff)
    client.post(page_of(school_a), answers())
    assert ServiceAgreement.objects.get().accepted_by == head
