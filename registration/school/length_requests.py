"""What the school's ECT page shows of the AB's checks before the start (readiness) and of requests to change
the induction's length (ABD-007): read through appropriate_body's access and domain functions."""

from appropriate_body import access as ab_access
from appropriate_body.claims.readiness import readiness_of
from appropriate_body.models import Claim, Induction, LengthRequest
from participants.models import ECTAtSchoolPeriod


def school_panel(user, period: ECTAtSchoolPeriod, claim: Claim | None) -> dict:
    """Readiness for a claim not yet started; the requests and the open induction at this school. Tutors act on them."""
    not_started = claim is not None and claim.status in (Claim.Status.PENDING, Claim.Status.SCHEDULED)
    induction = Induction.objects.filter(teacher=period.teacher_id, periods__school=period.school_id,
                                         periods__finished_on__isnull=True, periods__other_appropriate_body="").first()
    requests = list(LengthRequest.objects.filter(induction=induction, school=period.school_id)) if induction else []
    return {"readiness": readiness_of(claim) if not_started else None, "induction": induction, "requests": requests,
            "is_tutor": ab_access.is_tutor_of(user, period.school_id)}
