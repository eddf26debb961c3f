"""Confirming headteachers a tutor invited: hub staff and the school's confirmed headteacher only."""

from participants.accounts.invitations import accept_invitation, invite_person
from participants.models import HeadteacherConfirmation, Role
from participants.tests.factories import UserFactory

from . import LOGIN, answers

ROWS = {
    # The cast's headteacher of school A is confirmed (the hub granted the role); tutors confirm nobody.
    "participants:headteacher_confirmations": answers(404, anonymous=LOGIN, hub_staff=200, headteacher_a=200),
    "participants:headteacher_confirmation_decide": answers(405),  # POST only; see test_headteacher_confirmation
}


def samples(context: dict) -> dict:
    """A headteacher of school A that its tutor invited, waiting for confirmation."""
    tutor = next(a.user for a in context["school_a"].role_assignments.filter(role=Role.INDUCTION_TUTOR).select_related("user"))
    invitation = invite_person(email="walk.head@example.org", role=Role.HEADTEACHER, school=context["school_a"], invited_by=tutor)
    accept_invitation(invitation, user=UserFactory(email="walk.head@example.org"))
    return {"confirmation": HeadteacherConfirmation.objects.get(user__email="walk.head@example.org").public_id}
