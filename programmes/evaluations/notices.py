"""Telling people an evaluation is open for them: one email each, on the day it opens.

Who is told is who may answer (programmes.evaluations.evaluations.evaluations_for, read the other way round), and
only people with an account: answering needs signing in. The rows are an outbox (programmes.evaluations.emails):
announcing twice, or a redelivered task, sends nobody a second email. An evaluation that opens today is
announced when hub staff open it; one that opens later is announced by the daily beat job.
"""

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from hubportal.lib.queue import queue_chunks_on_commit
from participants.models import Role, RoleAssignment, User
from programmes.models import Enrolment, Evaluation, EvaluationNotice, EventInvitation
from programmes.models.evaluations import TOOK_PART


def may_answer(evaluation: Evaluation) -> QuerySet[User]:
    """Everyone with an active account who may answer `evaluation` (evaluations_for's rule, per evaluation)."""
    active = User.objects.filter(is_active=True)
    if evaluation.kind == Evaluation.Kind.EVENT:
        present = EventInvitation.objects.filter(event_id=evaluation.event_id, attended_at__isnull=False).filter(
            Q(user=OuterRef("pk")) | Q(email__iexact=OuterRef("email"))
        )
        return active.filter(Exists(present))
    if evaluation.kind == Evaluation.Kind.PROGRAMME_YEAR:
        enrolled = Enrolment.objects.filter(cohort_id=evaluation.cohort_id, teacher__user=OuterRef("pk"), status__in=TOOK_PART)
        return active.filter(Exists(enrolled))
    leads = RoleAssignment.objects.filter(user=OuterRef("pk"), role__in=[Role.HEADTEACHER, Role.INDUCTION_TUTOR], school__isnull=False)
    return active.filter(Exists(leads))


def announce(evaluation: Evaluation, *, today: date) -> int:
    """Queue the "evaluation open" email for everyone who may answer and has not been told; returns how many
    were queued. Nothing before the evaluation opens or after it closes."""
    if not evaluation.is_open_on(today):
        return 0
    with transaction.atomic():
        people = may_answer(evaluation).values_list("pk", flat=True)
        EvaluationNotice.objects.bulk_create(
            [EvaluationNotice(evaluation=evaluation, user_id=user_id) for user_id in people],
            ignore_conflicts=True,  # one_evaluation_notice_per_person: those already told keep their row
        )
        queued = evaluation.notices.filter(email_state=EvaluationNotice.EmailState.QUEUED)
        waiting = list(queued.order_by("pk").values_list("pk", flat=True))
        queue_chunks_on_commit("programmes.tasks.send_survey_notices", waiting)
    return len(waiting)


def announce_opening(*, today: date) -> int:
    """The beat job: every evaluation open today whose people have not all been told."""
    open_today = Evaluation.objects.filter(opens_on__lte=today, closes_on__gte=today)
    return sum(announce(evaluation, today=today) for evaluation in open_today)
