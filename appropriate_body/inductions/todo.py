"""The AB's to-do list: what needs a decision or a chase, each list counted in the database (RIAB-010, REC-001).

A fixed number of queries whatever the caseload: each item is one count and its first few
rows, never a loop over inductions.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from appropriate_body.assessments.assessments import signed_report_status
from appropriate_body.claims.readiness import starts_not_ready
from appropriate_body.concerns.concerns import concerns_to_follow_up
from appropriate_body.inductions.decisions import Duty, deadlines_for
from appropriate_body.length_requests.requests import next_clock
from appropriate_body.models import (
    Appeal,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Claim,
    CompletionDecision,
    InductionPeriod,
    LengthRequest,
)
from appropriate_body.reviews.reviews import reports_awaiting_review
from appropriate_body.riab.handover import inductions_outstanding
from appropriate_body.rules.deadlines import ab_appeal_response_due, deadline_status
from hubportal.lib.counts import count_all
from participants.models import TeacherTransfer

# Rows shown under each item; the count says how many there are in all.
SHOWN = 5
# Scheduled starts this close are worth a look before they open.
STARTING_SOON = timedelta(days=14)


@dataclass
class TodoItem:
    key: str
    label: str
    count: int
    rows: list = field(default_factory=list)
    # Why it is on the list, with the rule it follows (shown as a hint, never in the heading).
    why: str = ""


def claims_to_check() -> QuerySet[Claim]:
    return Claim.objects.filter(status=Claim.Status.PENDING).select_related("ect_period__teacher", "ect_period__school").order_by("created_at", "pk")


def starting_soon(*, today: date) -> QuerySet[Claim]:
    return (Claim.objects.filter(status=Claim.Status.SCHEDULED, induction_start_date__lte=today + STARTING_SOON)
            .select_related("ect_period__teacher", "ect_period__school").order_by("induction_start_date", "pk"))


def leavers_to_release() -> QuerySet[InductionPeriod]:
    """INT-002: the school reported the ECT leaves (or has left) while the hub's period there is still open.

    Read from the date stored on the period (appropriate_body.inductions.state) through its partial index.
    """
    return (InductionPeriod.objects.filter(finished_on__isnull=True, other_appropriate_body="", school_left_on__isnull=False)
            .select_related("induction__teacher", "school", "ect_period").order_by("school_left_on", "pk"))


def moves_waiting() -> QuerySet[TeacherTransfer]:
    """Another school registered an ECT whom a school holds: nothing changes until the current school answers."""
    return (TeacherTransfer.objects.filter(kind=TeacherTransfer.Kind.ECT, status__in=[TeacherTransfer.Status.PENDING,
                                                                                        TeacherTransfer.Status.DISPUTED])
            .select_related("teacher", "from_school", "to_school").order_by("started_on", "pk"))


def paused() -> QuerySet[InductionPeriod]:
    """Released with no outcome and nothing open since: the latest period of an induction waiting for a new claim
    (stored on the period by appropriate_body.inductions.state, read through its partial index)."""
    return InductionPeriod.objects.filter(paused=True).select_related("induction__teacher", "school").order_by("finished_on", "pk")


def not_on_track() -> QuerySet[Assessment]:
    """Early warning (PR-004, FA-006, ABD-004): ECTs whose latest recorded review or assessment says not on track.

    Read from the flag stored on that report (appropriate_body.assessments.not_on_track) through its partial index.
    """
    return (Assessment.objects.filter(latest_not_on_track=True)
            .select_related("induction__teacher", "induction_period__school").order_by("due_on", "pk"))


def prohibited_on_record() -> QuerySet[InductionPeriod]:
    """ELIG-008: open periods whose teacher's record, read again during induction, now shows a prohibition."""
    return (InductionPeriod.objects.filter(finished_on__isnull=True, other_appropriate_body="", induction__record_prohibited=True)
            .select_related("induction__teacher", "school").order_by("induction__record_read_at", "pk"))


def _completions(**state) -> QuerySet[CompletionDecision]:
    return CompletionDecision.objects.filter(**state).select_related("induction__teacher").order_by("completed_on", "pk")


def _item(key: str, label: str, rows: QuerySet, why: str = "", *, count: int) -> TodoItem:
    # An empty list costs its share of the counts alone.
    return TodoItem(key, label, count, list(rows[:SHOWN]) if count else [], why)


def _with_next_duty(item: TodoItem, *, today: date) -> TodoItem:
    """Each completion shown with its latest clock (DL-001, DL-004 or DL-006) and how it stands."""
    for completion in item.rows:
        duties = [duty for duty in deadlines_for(completion, today=today) if duty.status]
        completion.next_duty = duties[-1] if duties else None
    return item


def appeal_replies_due() -> QuerySet[Appeal]:
    """DL-011: appeals the AB has not yet answered; once TRA has decided, a reply no longer helps."""
    return (Appeal.objects.filter(response_sent_on__isnull=True, outcome="")
            .select_related("completion__induction__teacher").order_by("copy_received_on", "pk"))


def _with_reply_due(item: TodoItem, *, today: date) -> TodoItem:
    """Each appeal with DL-011's due date and how it stands (from its own dates: no further query)."""
    for appeal in item.rows:
        due = ab_appeal_response_due(appeal.copy_received_on)
        appeal.next_duty = Duty(due, deadline_status(due.due_on, today=today))
    return item


def signed_reports_awaited() -> QuerySet[Assessment]:
    """DL-002: final assessments whose meeting is recorded but whose report is not yet signed by all three."""
    return (Assessment.objects.filter(kind=AssessmentKind.FINAL_ASSESSMENT, meeting_on__isnull=False)
            .exclude(status__in=[AssessmentStatus.SIGNED, AssessmentStatus.NOT_NEEDED])
            .select_related("induction__teacher", "induction_period__school").order_by("meeting_on", "pk"))


def _with_report_due(item: TodoItem, *, today: date) -> TodoItem:
    """Each report with DL-002's due date and how it stands (from the row's own dates: no further query)."""

    for assessment in item.rows:
        assessment.next_duty = signed_report_status(assessment, today=today)
    return item


def length_requests_open() -> QuerySet[LengthRequest]:
    """ABD-007: reductions waiting for the ECT's consent, and requests waiting for the AB's decision."""
    return (LengthRequest.objects.filter(status__in=LengthRequest.OPEN).select_related("induction__teacher", "school")
            .order_by("requested_on", "pk"))


def _with_request_clock(item: TodoItem, *, today: date) -> TodoItem:
    """Each request with its running clock (the ECT's answer, or the AB's decision), from the row alone."""
    for request in item.rows:
        request.next_duty = next_clock(request, today=today)
    return item


def not_ready_item(*, today: date) -> TodoItem:
    """INST-005/ELIG-003/ROLE-001/MIN-001: starts in the next two weeks failing a readiness check; one query,
    as the checks run in Python over the few claims starting that soon."""
    failing = starts_not_ready(today=today)
    return TodoItem("not_ready", "Starts in the next two weeks that are not ready", len(failing), failing[:SHOWN],
                    "Each fails a check before the start: suitable post, QTS, tutor and mentor, or a contract of a term.")


def todo_lists(*, today: date) -> dict[str, tuple[str, QuerySet, str]]:
    """Every list of the to-do page by key: its heading, its rows and why it is there (the rule, for a "Why"
    hint), in the order each list is worked through."""
    return {
        "prohibited": ("ECTs the teaching record now shows prohibited", prohibited_on_record(),
                       "A prohibition added during induction: the ECT cannot go on teaching while it stands (ELIG-008)."),
        "not_on_track": ("ECTs not on track", not_on_track(),
                         "Check the school has a support plan and is monitoring it (ABD-004)."),
        "reports_to_check": ("Reports to check", reports_awaiting_review(),
                             "Accept each submitted review and signed assessment, or return it to the school with comments (SG24 5.11)."),
        "concerns": ("Concerns to follow up", concerns_to_follow_up(today=today),
                     "Open concerns with an action overdue, or no actions agreed yet (ABD-004)."),
        "claims": ("Claims to check", claims_to_check(),
                   "Check each teacher's record, then accept the claim or reject it with a reason (REGN-002)."),
        "leavers": ("Leavers to release", leavers_to_release(), "The school reported that these ECTs leave."),
        "moves": ("ECT moves waiting for their current school", moves_waiting(),
                  "Their current school must confirm or dispute the move."),
        "starting": ("Claims starting in the next two weeks", starting_soon(today=today), ""),
        "paused": ("Inductions paused", paused(), "Released, and waiting for a new claim."),
        "recommendations": ("Headteachers' recommendations to chase", _completions(recommendation_received_on__isnull=True),
                            "The headteacher recommends an outcome within 10 working days of completing induction (DL-001)."),
        "decisions": ("Decisions to make", _completions(recommendation_received_on__isnull=False, decided_on__isnull=True),
                      "The appropriate body decides within 20 working days of the recommendation (DL-004)."),
        "notices": ("Decision notices to send", _completions(decided_on__isnull=False, notices_sent_on__isnull=True),
                    "Notices go to the ECT, headteacher, employer and the Teaching Regulation Agency (DL-006)."),
        "appeal_replies": ("Appeals to reply to", appeal_replies_due(),
                           "The appropriate body replies within 20 working days of receiving TRA's copy (DL-011)."),
        "signed_reports": ("Signed final assessment reports to chase", signed_reports_awaited(),
                           "The signed report is due within 10 working days of the final assessment meeting (DL-002)."),
        "length_requests": ("Requests to reduce or extend induction", length_requests_open(),
                            "The ECT consents to a reduction first; then the appropriate body decides (ABD-007)."),
        "riab": ("Not yet handed over to RIAB", inductions_outstanding(),
                 "Claims, releases and passes still to record in DfE's service (RIAB-001), by its bulk CSVs."),
    }


# The lists whose rows run against a statutory clock, and how each row's is worked out (from the row alone).
CLOCKS = {
    "recommendations": _with_next_duty, "decisions": _with_next_duty, "notices": _with_next_duty,
    "appeal_replies": _with_reply_due, "signed_reports": _with_report_due, "length_requests": _with_request_clock,
}


def todo_list(*, today: date) -> list[TodoItem]:
    # Starts about to happen that are not ready head the list: they cannot wait for the rest.
    items = [not_ready_item(today=today)]
    lists = todo_lists(today=today)
    # Every list counted in one statement, as the AB's home page counts them: one round trip, not one a list.
    counts = count_all({key: rows for key, (_, rows, _) in lists.items()})
    for key, (label, rows, why) in lists.items():
        item = _item(key, label, rows, why, count=counts[key])
        items.append(CLOCKS[key](item, today=today) if key in CLOCKS else item)
    return items


def clock_rows(*, today: date) -> dict[str, list]:
    """The first rows of each clocked list, each with its `next_duty`: a list's rows are in the order its clock
    starts, so these carry its earliest deadlines. One query per list, without the counts."""
    lists = todo_lists(today=today)
    return {key: with_clock(TodoItem(key, lists[key][0], 0, list(lists[key][1][:SHOWN])), today=today).rows
            for key, with_clock in CLOCKS.items()}
