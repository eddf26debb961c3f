"""Telling each person when it is their turn on a review or assessment (PR-003, FA-005).

Nobody would otherwise know: the ECT would have to notice that the tutor had submitted, the headteacher
that the tutor had signed. Each step (submit, the ECT's comments, each signature) makes one
`AssessmentNotice` row in the step's own transaction, for whoever acts next, and the email goes once the
step commits (hubportal.outbox: each row sent once, whatever the retries).

What is due is read from the assessment's state, never passed in, so the step and the notice cannot
disagree, and the worker can tell when the step has passed before the email went (the headteacher
signed from the school's page in the meantime): then nothing is sent.

The emails say whose turn it is, for whom and what, with a link; never the judgements or the ECT's
comments (DP-003: those stay behind sign-in, for those directly involved).
"""


from appropriate_body.assessments.signers import Signer, next_signer, school_role_emails
from appropriate_body.models import Assessment, AssessmentNotice, AssessmentStatus
from hubportal.lib.queue import queue_on_commit
from participants.models import Role, Teacher

Notice = AssessmentNotice.Kind

ECT, TUTORS, HEADTEACHERS = "ect", "tutors", "headteachers"
AUDIENCE = {
    Notice.REVIEW_SUBMITTED: ECT,  # PR-003: a copy goes to the ECT
    Notice.COMMENTS_NEEDED: ECT,  # FA-005: the ECT comments first
    Notice.TUTOR_TO_SIGN: TUTORS,
    Notice.HEADTEACHER_TO_SIGN: HEADTEACHERS,
    Notice.ECT_TO_SIGN: ECT,
    # FA-005: the ECT keeps the original and the AB has the copy; the tutors learn it is complete.
    Notice.SIGNED: TUTORS,
}
TO_SIGN = {Signer.TUTOR: Notice.TUTOR_TO_SIGN, Signer.HEADTEACHER: Notice.HEADTEACHER_TO_SIGN, Signer.ECT: Notice.ECT_TO_SIGN}


def notice_due(assessment: Assessment) -> str | None:
    """The notice the assessment's state calls for now, or None while the tutor is still writing it."""
    match assessment.status:
        case AssessmentStatus.SUBMITTED:
            return Notice.REVIEW_SUBMITTED
        case AssessmentStatus.AWAITING_ECT_COMMENTS:
            return Notice.COMMENTS_NEEDED
        case AssessmentStatus.AWAITING_SIGNATURES:
            return TO_SIGN.get(next_signer(assessment))
        case AssessmentStatus.SIGNED:
            return Notice.SIGNED
    return None


def queue_notice(assessment: Assessment) -> AssessmentNotice | None:
    """Call inside the step's transaction, after saving: the row for whoever acts next, sent on commit.

    The unique (assessment, kind, round) makes each notice once per round (a report the AB returned and the
    school changed is commented on and signed again: a new round): a retried step finds the row it made and
    queues nothing more (a row left queued is picked up by the sweep, hubportal.tasks.sweep).
    """
    kind = notice_due(assessment)
    if kind is None:
        return None
    notice, created = AssessmentNotice.objects.get_or_create(assessment=assessment, kind=kind, round=assessment.review_round)
    if created:
        queue_on_commit("appropriate_body.tasks.send_assessment_notices", [notice.pk])
    return notice


def ect_email(teacher: Teacher) -> str:
    """The ECT's sign-in address when they have an account, else the one on the teacher record."""
    account = teacher.user
    return account.email if account is not None and account.is_active and account.email else teacher.email


def recipients(kind: str, assessment: Assessment) -> list[str]:
    """Worked out when sending, not when queued: a tutor who has left the school since is not told."""
    school_id = assessment.induction_period.school_id
    return {
        ECT: lambda: [email] if (email := ect_email(assessment.induction.teacher)) else [],
        TUTORS: lambda: school_role_emails(school_id, Role.INDUCTION_TUTOR),
        HEADTEACHERS: lambda: school_role_emails(school_id, Role.HEADTEACHER),
    }[AUDIENCE[kind]]()
