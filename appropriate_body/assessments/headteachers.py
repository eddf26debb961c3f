"""What waits for a headteacher: the reports of their schools that the tutor has signed and they have not (FA-005)."""

from appropriate_body import access
from appropriate_body.models import Assessment, AssessmentStatus


def headteacher_panel(user) -> dict:
    """The headteacher's home panel: their schools, and reports the tutor has signed and they have not (FA-005)."""
    schools = list(access.headed_schools(user).order_by("name"))
    to_sign = access.with_parts(Assessment.objects.filter(
        induction_period__school__in=schools, status=AssessmentStatus.AWAITING_SIGNATURES,
        tutor_signed_at__isnull=False, headteacher_signed_at__isnull=True,
    )).order_by("due_on", "pk")
    return {"schools": schools, "to_sign": list(to_sign)}
