"""The AB's caseload: every induction it holds, filtered by status and school in the database."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from appropriate_body.inductions.cases import CaseStatus
from appropriate_body.models import Appeal, Induction, InductionPeriod, Outcome
from participants.models import School

# Failed, with an appeal to TRA that has no outcome yet (DL-009..DL-011): a filter over the failed.
APPEALING = "Failed, appealing"
STATUSES = [CaseStatus.IN_PROGRESS, CaseStatus.PAUSED, CaseStatus.PASSED, CaseStatus.FAILED, APPEALING]


def with_state(inductions: QuerySet[Induction]) -> QuerySet[Induction]:
    periods = InductionPeriod.objects.filter(induction=OuterRef("pk"))
    return inductions.annotate(
        has_open_period=Exists(periods.filter(finished_on__isnull=True)),
        passed=Exists(periods.filter(outcome=Outcome.PASS)),
        failed=Exists(periods.filter(outcome=Outcome.FAIL)),
    )


def filter_caseload(inductions: QuerySet[Induction], *, status: str = "", school: School | None = None, query: str = "") -> QuerySet[Induction]:
    inductions = with_state(inductions)
    if status == CaseStatus.PASSED:
        inductions = inductions.filter(passed=True)
    elif status == CaseStatus.FAILED:
        inductions = inductions.filter(failed=True)
    elif status == APPEALING:
        open_appeals = Appeal.objects.filter(completion__induction=OuterRef("pk"), outcome="")
        inductions = inductions.filter(failed=True).filter(Exists(open_appeals))
    elif status == CaseStatus.IN_PROGRESS:
        inductions = inductions.filter(has_open_period=True, passed=False, failed=False)
    elif status == CaseStatus.PAUSED:
        inductions = inductions.filter(has_open_period=False, passed=False, failed=False)
    if school is not None:
        inductions = inductions.filter(Exists(InductionPeriod.objects.filter(induction=OuterRef("pk"), school=school)))
    for word in query.split():
        inductions = inductions.filter(Q(teacher__first_name__icontains=word) | Q(teacher__last_name__icontains=word) | Q(teacher__trn=word))
    return inductions.order_by("teacher__last_name", "teacher__first_name", "pk")
