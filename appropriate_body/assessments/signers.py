"""Who signs a formal assessment, in what order (FA-005), and how a school's tutors and headteachers are reached."""

from appropriate_body.models import Assessment, AssessmentStatus
from participants.models import Role, User


class Signer:
    TUTOR = "tutor"
    HEADTEACHER = "headteacher"
    ECT = "ect"


SIGNING_ORDER = (Signer.TUTOR, Signer.HEADTEACHER, Signer.ECT)
SIGNER_NAMES = {Signer.TUTOR: "the induction tutor", Signer.HEADTEACHER: "the headteacher", Signer.ECT: "the ECT"}


def next_signer(assessment: Assessment) -> str | None:
    """Whose signature FA-005 waits for now, or None."""
    if assessment.status != AssessmentStatus.AWAITING_SIGNATURES:
        return None
    return next((role for role in SIGNING_ORDER if getattr(assessment, f"{role}_signed_at") is None), None)


def signature_conflict(assessment: Assessment, as_role: str, *, actor_id: int, is_the_ect: bool) -> str | None:
    """FA-005 names three signers, so three people: why `actor` may not sign as `as_role`, or None.

    Whatever roles one person holds at the school (a tutor who is also its headteacher, an ECT who is
    also a tutor there), they give one signature per report, and never sign as the school about themselves.
    """
    if is_the_ect and as_role != Signer.ECT:
        return f"You are the ECT this report is about; {SIGNER_NAMES[as_role]} must be someone else"
    for role in SIGNING_ORDER:
        if role != as_role and getattr(assessment, f"{role}_signed_by_id") == actor_id:
            return f"You have already signed this as {SIGNER_NAMES[role]}; {SIGNER_NAMES[as_role]} must be someone else"
    return None


def school_role_emails(school_id: int, role: str) -> list[str]:
    """The active holders of a school role (its induction tutors, its confirmed headteachers), by email.

    A headteacher role still waiting for confirmation is not asked to sign (participants.accounts.roles).
    """
    return list(User.objects.filter(is_active=True, role_assignments__role=role, role_assignments__school_id=school_id,
                                    role_assignments__awaiting_confirmation=False)
                .order_by("email").values_list("email", flat=True).distinct())


def school_tutor_emails(school_id: int) -> list[str]:
    return school_role_emails(school_id, Role.INDUCTION_TUTOR)
