"""AB staff's to-do counts and the clocks running out, from the to-do list's own lists (appropriate_body.inductions.todo).

Each of the to-do page's lists is counted (all eleven in one statement) and shown with a link to where
it is worked through; then the statutory clocks (DL-001, DL-002, DL-004, DL-006, DL-011) that run out
within four weeks, or already have, soonest first: each clocked list's first rows, which carry its
earliest deadlines (one small query per list). Six queries, whatever the caseload.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from appropriate_body.inductions.todo import clock_rows, not_ready_item, todo_lists
from hubportal.home.tasks import Task
from hubportal.lib.counts import count_all

# "Running out": due within the next four weeks, or overdue.
HORIZON = timedelta(weeks=4)

# Each to-do list in plain words (rule IDs only in the hint), and where it is worked through.
LABELS = {
    "not_ready": ("Starts in the next two weeks that are not ready", "Suitable post, QTS, tutor and mentor, a contract of a term."),
    "length_requests": ("Requests to reduce or extend induction", "ABD-007: the ECT consents to a reduction, then the AB decides."),
    "not_on_track": ("ECTs not on track", "Check their support plan and monitoring."),
    "reports_to_check": ("Reports to check", "Accept each submitted review and signed assessment, or return it with comments."),
    "claims": ("Claims to check", "Schools registered these ECTs with the appropriate body."),
    "leavers": ("Leavers to release", "The school reported they leave; release their induction period."),
    "moves": ("ECT moves waiting for their current school", "Nothing changes until the current school answers."),
    "riab": ("Not yet handed over to RIAB", "Claims, releases and passes to record in DfE's service."),
    "starting": ("Claims starting in the next two weeks", "Scheduled claims about to open."),
    "paused": ("Inductions paused", "Released with no outcome, waiting for a new claim."),
    "recommendations": ("Headteachers' recommendations awaited", "DL-001: within 10 working days of completing induction."),
    "decisions": ("Decisions due", "DL-004: within 20 working days of the recommendation."),
    "notices": ("Decision notices to send", "DL-006: within 3 working days of the decision."),
    "appeal_replies": ("Appeal replies due", "DL-011: within 20 working days of receiving the notice of appeal."),
    "signed_reports": ("Signed final assessment reports awaited", "DL-002: within 10 working days of the meeting."),
}


@dataclass(frozen=True)
class Clock:
    """One statutory deadline a case is running against."""

    teacher: str
    what: str
    due_on: date
    state: str
    working_days_left: int
    url: str


@dataclass(frozen=True)
class ABOverview:
    tasks: list[Task]
    clocks: list[Clock]


def _url(key: str) -> str:
    if key == "claims":
        return reverse("appropriate_body:claim_list")
    if key == "starting":
        return reverse("appropriate_body:claim_list") + "?status=scheduled"
    if key == "paused":
        return reverse("appropriate_body:caseload") + "?status=Induction+paused"
    if key == "riab":
        return reverse("appropriate_body:riab")
    if key == "reports_to_check":
        return reverse("appropriate_body:reports_to_check")
    return reverse("appropriate_body:todo") + f"#todo-{key}"


def _task(key: str, label: str, count: int) -> Task:
    label, hint = LABELS.get(key, (label, ""))
    return Task(key, label, count, _url(key), hint)


def _clocks(key: str, rows: list, *, horizon: date) -> list[Clock]:
    clocks = []
    for row in rows:
        duty = getattr(row, "next_duty", None)
        if duty is None or duty.status is None or duty.deadline.due_on > horizon:
            continue
        if key == "signed_reports":
            teacher = row.induction.teacher.full_name
            url = reverse("appropriate_body:assessment_page", args=[row.induction_period.school.urn, row.public_id])
        elif key == "appeal_replies":
            teacher = row.completion.induction.teacher.full_name
            url = reverse("appropriate_body:case_completion", args=[row.completion.induction.public_id]) + "#appeal"
        elif key == "length_requests":
            teacher, url = row.induction.teacher.full_name, reverse("appropriate_body:length_request", args=[row.public_id])
        else:
            teacher, url = row.induction.teacher.full_name, reverse("appropriate_body:case_completion", args=[row.induction.public_id])
        clocks.append(Clock(teacher, duty.deadline.label, duty.deadline.due_on, str(duty.status.state),
                            duty.status.working_days_left, url))
    return clocks


def ab_overview(*, today: date) -> ABOverview:
    lists = todo_lists(today=today)
    counts = count_all({key: rows for key, (_, rows, _) in lists.items()})
    # Starts about to happen that are not ready head the list, as on the to-do page (one query: readiness runs in Python).
    tasks = [_task("not_ready", "", not_ready_item(today=today).count)]
    tasks += [_task(key, label, counts[key]) for key, (label, _, _) in lists.items()]
    horizon = today + HORIZON
    clocks = [clock for key, rows in clock_rows(today=today).items() for clock in _clocks(key, rows, horizon=horizon)]
    return ABOverview(tasks, sorted(clocks, key=lambda clock: (clock.due_on, clock.teacher)))
