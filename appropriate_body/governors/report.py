"""A school's termly report on induction for its governing body (REC-005, DP-003).

REC-005: the governing body may ask for general termly progress reports; it is not entitled to
individual assessment reports. So the report is counts only, computed from the AB's records each
time it is asked for (nothing is stored): how many ECTs were in induction at the school in the
term (year 1 and year 2), how many the latest review or assessment found on track, how the
reviews and assessments due in the term were kept to time, who joined, left or completed, and the
CPD hours the school's staff took at the hub's sessions. It never holds a name, a TRN, a date of
an individual's review, or anything written in a record, and absences are left out altogether
(DP-004: they are special category data, and a count of days for a handful of ECTs points at people).

Counts are shown as they are, however small: the school already knows its ECTs, and a count
suppressed to "fewer than 5" would leave a small school's governors with no report at all. The
page tells the headteacher that with few ECTs a count can point at a person, so they share it
with that in mind; no name is ever in it.

A fixed number of queries whatever the number of ECTs: the periods, the reviews and assessments,
and the CPD figures.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from django.db.models import Q

from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus, InductionPeriod
from appropriate_body.models.assessments import DONE_STATUSES
from appropriate_body.rules.deadlines import DeadlineState, deadline_status
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR, Term
from appropriate_body.rules.terms import TERMS_PER_PART, estimated_terms_served
from participants.models import School

# How far back the term picker reaches: this academic year and the two before it.
YEARS_BACK = 2
ONE_DAY = timedelta(days=1)


def term_slug(term: Term) -> str:
    """"2026-autumn": the term as the page's ?term= names it."""
    return f"{term.school_year}-{term.name}"


def term_from_slug(slug: str) -> Term | None:
    year, _, name = slug.partition("-")
    if not year.isdigit() or name not in DEFAULT_CALENDAR.names:
        return None
    return DEFAULT_CALENDAR.term(int(year), DEFAULT_CALENDAR.names.index(name) + 1)


def terms_to_choose(today: date) -> list[Term]:
    """The term today is in, then every earlier term back to the autumn YEARS_BACK years before, newest first."""
    current = DEFAULT_CALENDAR.term_containing(today)
    terms, term = [], DEFAULT_CALENDAR.term(current.school_year - YEARS_BACK, 1)
    while term <= current:
        terms.append(term)
        term = DEFAULT_CALENDAR.next_term(term)
    return terms[::-1]


def chosen_term(slug: str | None, *, today: date) -> Term:
    """The term asked for when it is one to choose; otherwise the term today is in."""
    choices = terms_to_choose(today)
    term = term_from_slug(slug or "")
    return term if term in choices else choices[0]


@dataclass(frozen=True)
class Timeliness:
    """The reviews (or assessments) due in the term and how each stands today (deadline_status)."""

    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_yet_due: int = 0

    @property
    def outstanding(self) -> int:
        return self.overdue + self.not_yet_due


class CpdFigures(Protocol):
    """A school's CPD hours at the hub's sessions (programmes.insight.school_cpd), as far as the report reads it."""

    hours: Decimal
    programme_hours: Decimal
    event_hours: Decimal
    sessions: int
    people: int
    attendances_without_hours: int


@dataclass(frozen=True)
class TermlyReport:
    school: School
    term: Term
    today: date
    ects: int
    year_1: int
    year_2: int  # and beyond: an extended induction stays here
    on_track: int
    not_on_track: int
    not_yet_reviewed: int
    reviews: Timeliness
    assessments: Timeliness
    started: int
    left: int  # released or moved on before completing (no outcome here)
    completed: int
    cpd: CpdFigures

    @property
    def is_over(self) -> bool:
        return self.today > self.term.end


def _overlaps(period: InductionPeriod, term: Term) -> bool:
    return period.started_on <= term.end and (period.finished_on is None or period.finished_on >= term.start)


def _served_before(periods: list[InductionPeriod], day: date) -> Decimal:
    """FTE terms served before `day` (ABS-001's parts): recorded terms of a finished period, an estimate of the rest."""
    served = Decimal(0)
    for period in periods:
        if period.started_on >= day:
            continue
        if period.finished_on is not None and period.finished_on < day:
            served += period.number_of_terms
        else:
            served += estimated_terms_served(period.started_on, day - ONE_DAY, period.fte)
    return served


def _timeliness(assessments: list[Assessment], *, today: date) -> Timeliness:
    states = Counter(deadline_status(a.due_on, today=today, done_on=a.done_on).state for a in assessments)
    return Timeliness(
        due=len(assessments), on_time=states[DeadlineState.DONE], late=states[DeadlineState.DONE_LATE],
        overdue=states[DeadlineState.OVERDUE], not_yet_due=states[DeadlineState.DUE] + states[DeadlineState.DUE_TODAY],
    )


def termly_report(school: School, term: Term, *, today: date, cpd: CpdFigures) -> TermlyReport:
    """The term's figures for `school`; `cpd` are its staff's hours at the hub's sessions in the term, which are
    programmes' records, so the caller above both apps (registration.governors) reads them."""
    # This AB's periods at the school overlapping the term, and every period of the same inductions
    # (an earlier school's or AB's time counts towards year 1 or 2), in one query.
    here = Q(school=school, other_appropriate_body="", started_on__lte=term.end) & (Q(finished_on__isnull=True) | Q(finished_on__gte=term.start))
    periods = list(InductionPeriod.objects.filter(induction__in=InductionPeriod.objects.filter(here).values("induction_id"))
                   .only("induction_id", "school_id", "other_appropriate_body", "started_on", "finished_on", "number_of_terms", "fte",
                         "outcome"))
    by_induction: dict[int, list[InductionPeriod]] = {}
    for period in periods:
        by_induction.setdefault(period.induction_id, []).append(period)
    at_school = [p for p in periods if p.school_id == school.pk and not p.other_appropriate_body and _overlaps(p, term)]
    in_induction = {p.induction_id for p in at_school}

    # ABS-001: year 1 is the first 3 FTE terms of induction, year 2 the rest, as it stood when the term began.
    year_1 = sum(1 for induction_id in in_induction if _served_before(by_induction[induction_id], term.start) < TERMS_PER_PART)

    # The school's reviews and assessments due by the end of the term: those due in it, for the deadlines,
    # and the earlier ones, for each ECT's latest judgement. Only the columns counted are read.
    records = list(
        Assessment.objects.filter(induction_period__school=school, due_on__lte=term.end)
        .filter(Q(due_on__gte=term.start) | Q(induction_id__in=in_induction, status__in=DONE_STATUSES, on_track__isnull=False))
        .exclude(status=AssessmentStatus.NOT_NEEDED)
        .only("induction_id", "kind", "status", "due_on", "on_track", "submitted_at", "ect_signed_at")
        .order_by("due_on", "pk")
    )
    due_in_term = [a for a in records if a.due_on >= term.start]
    # PR-003/FA-001: whether each ECT is on track is what their latest review or assessment due by the end of
    # the term said, once written (a review due in the term and written late still speaks for the term).
    latest: dict[int, bool] = {}
    for assessment in records:
        if assessment.induction_id in in_induction and assessment.is_done and assessment.on_track is not None:
            latest[assessment.induction_id] = assessment.on_track
    on_track = sum(1 for value in latest.values() if value)

    return TermlyReport(
        school=school, term=term, today=today,
        ects=len(in_induction), year_1=year_1, year_2=len(in_induction) - year_1,
        on_track=on_track, not_on_track=len(latest) - on_track, not_yet_reviewed=len(in_induction) - len(latest),
        reviews=_timeliness([a for a in due_in_term if a.kind == AssessmentKind.PROGRESS_REVIEW], today=today),
        assessments=_timeliness([a for a in due_in_term if a.kind != AssessmentKind.PROGRESS_REVIEW], today=today),
        started=sum(1 for p in at_school if p.started_on >= term.start),
        left=sum(1 for p in at_school if p.finished_on is not None and p.finished_on <= term.end and not p.outcome),
        completed=sum(1 for p in at_school if p.finished_on is not None and p.finished_on <= term.end and p.outcome),
        cpd=cpd,
    )


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[tuple[str, str]]  # (what is counted, the figure)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def _timeliness_rows(what: str, figures: Timeliness) -> list[tuple[str, str]]:
    return [
        (f"{what} due in the term", str(figures.due)),
        ("Done by the due date", str(figures.on_time)),
        ("Done late", str(figures.late)),
        ("Not done and overdue", str(figures.overdue)),
        ("Not done, not yet due", str(figures.not_yet_due)),
    ]


def sections(report: TermlyReport) -> list[Section]:
    """The figures as the page and the PDF both show them, so the two never disagree."""
    cpd = report.cpd
    return [
        Section("Early career teachers in induction", [
            ("In induction at the school in the term", str(report.ects)),
            ("In year 1 when the term began", str(report.year_1)),
            ("In year 2 (or an extension) when the term began", str(report.year_2)),
            ("Began induction at the school in the term", str(report.started)),
            ("Completed induction in the term", str(report.completed)),
            ("Left the school before completing", str(report.left)),
        ]),
        Section("Progress", [
            ("On track at their latest review or assessment", str(report.on_track)),
            ("Not on track at their latest review or assessment", str(report.not_on_track)),
            ("No review or assessment written yet", str(report.not_yet_reviewed)),
        ]),
        Section("Progress reviews", _timeliness_rows("Progress reviews", report.reviews)),
        Section("Formal assessments", _timeliness_rows("Formal and interim assessments", report.assessments)),
        Section("CPD with the hub", [
            ("CPD hours at the hub's sessions", _hours(cpd.hours)),
            ("of which at programme sessions", _hours(cpd.programme_hours)),
            ("of which at other events", _hours(cpd.event_hours)),
            ("Sessions attended", str(cpd.sessions)),
            ("Staff who attended", str(cpd.people)),
            ("Attendances at sessions with no CPD hours recorded", str(cpd.attendances_without_hours)),
        ]),
    ]
