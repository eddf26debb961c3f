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


def school_role_emails(school_id: int, role: str) -> list[str]:
    """The active holders of a school role (its induction tutors, its headteachers), by email."""
    return list(User.objects.filter(is_active=True, role_assignments__role=role, role_assignments__school_id=school_id)
                .order_by("email").values_list("email", flat=True).distinct())


def school_tutor_emails(school_id: int) -> list[str]:
    return school_role_emails(school_id, Role.INDUCTION_TUTOR)
