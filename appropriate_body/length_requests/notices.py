"""Who hears of each step of a length request (ABD-007), once each: one row per (request, kind), sent on commit.

The ECT is asked to consent to a reduction; the AB is told when a request is ready for its decision;
the school and the ECT are told the decision (and the school that the ECT declined). Recipients are
worked out when sending, so a tutor who has left the school since is not told.
"""

from appropriate_body.assessments.notices import ect_email
from appropriate_body.assessments.signers import school_tutor_emails
from appropriate_body.models import LengthRequest, LengthRequestNotice
from hubportal.lib.queue import queue_on_commit
from participants.models import Role, User

Notice = LengthRequestNotice.Kind


def notify(request: LengthRequest, kind: str) -> LengthRequestNotice | None:
    """Call inside the step's transaction: a retried step finds the row it made and queues nothing more."""
    notice, created = LengthRequestNotice.objects.get_or_create(request=request, kind=kind)
    if created:
        queue_on_commit(LengthRequestNotice.send_task, [notice.pk])
    return notice if created else None


def ab_staff_emails() -> list[str]:
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.AB_STAFF)
                .order_by("email").values_list("email", flat=True).distinct())


def recipients(notice: LengthRequestNotice) -> list[str]:
    request = notice.request
    if notice.kind in (Notice.ECT_ASKED, Notice.ECT_DECISION):
        return [email] if (email := ect_email(request.induction.teacher)) else []
    if notice.kind == Notice.AB_TOLD:
        return ab_staff_emails()
    return school_tutor_emails(request.school_id)
