"""What waits for a headteacher: the reports of their schools that the tutor has signed and they have not (FA-005)."""

from appropriate_body import access
from appropriate_body.models import Assessment, AssessmentStatus


def headteacher_panel(user) -> dict:
    """The headteacher's home panel: their schools, the reports the tutor has signed and they have not (FA-005),
    and the schools where their role still waits for confirmation (they sign there once it is confirmed).

    Never a report they cannot sign: their own as an ECT, or one they signed as the tutor.
    """
    schools = list(access.headed_schools(user).order_by("name"))
    confirmed = set(access.confirmed_headed_schools(user).values_list("pk", flat=True))
    to_sign = access.with_parts(Assessment.objects.filter(
        induction_period__school__in=confirmed, status=AssessmentStatus.AWAITING_SIGNATURES,
        tutor_signed_at__isnull=False, headteacher_signed_at__isnull=True,
    ).exclude(induction__teacher__user=user).exclude(tutor_signed_by=user)).order_by("due_on", "pk")
    return {"schools": schools, "to_sign": list(to_sign), "awaiting_confirmation": [s for s in schools if s.pk not in confirmed],
            "confirms_others": bool(confirmed)}
