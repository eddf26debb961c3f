"""A participant's next steps (ECT, mentor, NPQ participant): their next event, their latest certificate
and what their induction needs next.

Read through the same rules as My events, My certificates and My golden thread (programmes.events.mine,
programmes.access, hubportal.thread), so the home page never shows something those pages would not.
Five queries at most, whatever the person's history.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from appropriate_body.assessments.signers import Signer, next_signer
from appropriate_body.models import Assessment, AssessmentStatus
from appropriate_body.models.assessments import OPEN_STATUSES
from hubportal.lib.dates import long_date
from hubportal.thread.timeline import event_state, induction_of, induction_status
from participants.models import User
from programmes.access import certificates_of
from programmes.events.mine import invitations_of
from programmes.models import Certificate, EventInvitation, Response


@dataclass(frozen=True)
class InductionStep:
    """What the ECT's induction needs next, in words, and where to do it or read about it."""

    status: str
    text: str
    url: str
    # The ECT has something to do now (comments to add, a report to sign), not just something coming.
    yours: bool = False


@dataclass(frozen=True)
class NextSteps:
    next_event: EventInvitation | None
    next_event_state: str
    latest_certificate: Certificate | None
    induction: InductionStep | None


def next_event(user: User, *, now: datetime) -> EventInvitation | None:
    """The soonest event still to come that the person is invited to and has not declined (nor been cancelled)."""
    # Only the event is shown: not the cohort and programme My events joins for each invitation.
    return (invitations_of(user).select_related(None).select_related("event")
            .filter(event__ends_at__gt=now, event__cancelled_at__isnull=True)
            .exclude(response=Response.DECLINED).order_by("event__starts_at", "pk").first())


def latest_certificate(user: User) -> Certificate | None:
    return certificates_of(user).filter(revoked_at__isnull=True).order_by("-awarded_on", "-issued_at", "-pk").first()


def induction_step(user: User) -> InductionStep | None:
    """None for someone with no induction record (yet); else the step the record waits for."""
    induction = induction_of(user)
    if induction is None:
        return None
    status = induction_status(induction)
    upcoming = (Assessment.objects.filter(induction=induction, status__in=OPEN_STATUSES)
                .select_related("induction_period__school").order_by("due_on", "pk").first())
    record = reverse("appropriate_body:my_induction")
    if upcoming is None:
        return InductionStep(status, "Nothing is waiting for you: no review or assessment is due.", record)
    kind = upcoming.get_kind_display().lower()
    mine = reverse("appropriate_body:my_assessment", args=[upcoming.public_id])
    if upcoming.status == AssessmentStatus.AWAITING_ECT_COMMENTS:
        return InductionStep(status, f"Add your comments to your {kind}.", mine, yours=True)
    if next_signer(upcoming) == Signer.ECT:
        return InductionStep(status, f"Sign your {kind} report.", mine, yours=True)
    if upcoming.status == AssessmentStatus.AWAITING_SIGNATURES:
        return InductionStep(status, f"Your {kind} report is waiting for the school's signatures.", record)
    return InductionStep(status, f"Your next {kind} is due by {long_date(upcoming.due_on)}. Your induction tutor writes it with you.",
                         record)


def next_steps(user: User, *, is_ect: bool, now: datetime) -> NextSteps:
    invitation = next_event(user, now=now)
    return NextSteps(
        invitation, event_state(invitation, now=now) if invitation else "", latest_certificate(user),
        induction_step(user) if is_ect else None,
    )
