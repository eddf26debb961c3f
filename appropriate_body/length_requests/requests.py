"""A school asks the AB to change the length of an ECT's induction (ABD-007).

Reduction (LEN-005 part-time, LEN-006 prior experience): the ECT's current school asks with its
evidence; the ECT consents, declines or insists on the full period (LEN-006); only after consent
may the AB agree (setting the reduction through inductions.periods.record_reduction) or refuse.
Extension recommended at completion (EXT-002): the school asks with a reason from the allowed
list and the AB agrees (inductions.periods.add_extension) or refuses; the ECT's consent is not
needed for an extension.

Two clocks, in working days (settings, rules.working_days): the ECT answers within
LENGTH_REQUEST_ECT_ANSWER_DAYS of the request; the AB decides within LENGTH_REQUEST_DECISION_DAYS
of the consent (of the request, for an extension). Each step makes its emails in its own transaction
(length_request_notices), so each person is told once.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from appropriate_body.inductions.periods import add_extension, record_reduction
from appropriate_body.length_requests.notices import notify
from appropriate_body.models import Induction, InductionPeriod, LengthRequest, LengthRequestNotice
from appropriate_body.rules.deadlines import Deadline, DeadlineStatus, deadline_status
from appropriate_body.rules.terms import InvalidTerms, check_extension_terms, terms_required
from appropriate_body.rules.working_days import add_working_days_beginning_with
from participants.models import School, User

Kind, Basis, Status, Answer = LengthRequest.Kind, LengthRequest.Basis, LengthRequest.Status, LengthRequest.EctAnswer
Notice = LengthRequestNotice.Kind


def current_school(induction: Induction) -> School | None:
    """The school of the induction's open period with the hub: whose tutors may ask."""
    period = InductionPeriod.objects.filter(induction=induction, finished_on__isnull=True, other_appropriate_body="").select_related("school").first()
    return period.school if period else None


def _check_terms(kind: str, terms) -> Decimal:
    try:
        if kind == Kind.REDUCTION:
            terms_required([], terms)  # LEN-006: no less than 1 term left to serve
            value = Decimal(str(terms))
            if value <= 0:
                raise InvalidTerms("Enter the reduction in terms, like 1.5")
            return value
        return check_extension_terms(terms)
    except (InvalidTerms, ArithmeticError) as problem:
        raise ValidationError({"terms": [str(problem)]}) from None


def _check_request(kind: str, *, basis: str, terms, evidence: str) -> tuple[Decimal, dict]:
    errors: dict = {}
    allowed = LengthRequest.REDUCTION_BASES if kind == Kind.REDUCTION else LengthRequest.EXTENSION_BASES
    if basis not in allowed:
        errors["basis"] = ["Select the basis for the reduction" if kind == Kind.REDUCTION else "Select the reason for the extension"]
    try:
        terms = _check_terms(kind, terms)
    except ValidationError as problem:
        errors |= problem.message_dict
    if not evidence.strip():
        errors["evidence"] = ["Enter the evidence the appropriate body needs to decide"]
    return terms, errors


def _request(induction: Induction, kind: str, *, school: School, basis: str, terms, evidence: str,
             headteacher_name: str, actor: User, today: date) -> LengthRequest:
    terms, errors = _check_request(kind, basis=basis, terms=terms, evidence=evidence)
    if kind == Kind.REDUCTION and not headteacher_name.strip():
        # LEN-005/006: the headteacher is consulted on a reduction.
        errors["headteacher_name"] = ["Enter the name of the headteacher you consulted"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        induction = Induction.objects.select_for_update().get(pk=induction.pk)
        if current_school(induction) != school:
            raise ValidationError("Only the ECT's current school can ask for this")
        if induction.periods.exclude(outcome="").exists():
            raise ValidationError("This teacher's induction already has an outcome")
        if LengthRequest.objects.filter(induction=induction, kind=kind, status__in=LengthRequest.OPEN).exists():
            raise ValidationError(f"There is already an open {Kind(kind).label.lower()} request for this ECT")
        request = LengthRequest(
            induction=induction, school=school, kind=kind, basis=basis, terms=terms, evidence=evidence.strip(),
            headteacher_consulted=bool(headteacher_name.strip()), headteacher_name=headteacher_name.strip(),
            # ABD-007: a reduction waits for the ECT; an extension goes straight to the AB.
            status=Status.AWAITING_ECT if kind == Kind.REDUCTION else Status.AWAITING_DECISION,
            requested_on=today, requested_by=actor,
        )
        request._history_user = actor
        request.save()
        notify(request, Notice.ECT_ASKED if kind == Kind.REDUCTION else Notice.AB_TOLD)
    return request


def request_reduction(induction: Induction, *, school: School, basis: str, terms, evidence: str, headteacher_name: str,
                      actor: User, today: date) -> LengthRequest:
    """LEN-005/LEN-006: the tutor of the ECT's current school asks, with the evidence and the headteacher consulted."""
    return _request(induction, Kind.REDUCTION, school=school, basis=basis, terms=terms, evidence=evidence,
                    headteacher_name=headteacher_name, actor=actor, today=today)


def request_extension(induction: Induction, *, school: School, reason: str, terms, evidence: str, actor: User,
                      today: date) -> LengthRequest:
    """EXT-002: the school recommends an extension at completion, for one of the allowed reasons."""
    return _request(induction, Kind.EXTENSION, school=school, basis=reason, terms=terms, evidence=evidence,
                    headteacher_name="", actor=actor, today=today)


def _locked(request: LengthRequest) -> LengthRequest:
    return LengthRequest.objects.select_for_update().select_related("induction").get(pk=request.pk)


def answer_request(request: LengthRequest, *, answer: str, actor: User, today: date) -> LengthRequest:
    """The ECT's answer to a reduction (LEN-006: consent, decline, or insist on the full period); only the ECT answers."""
    if answer not in Answer.values:
        raise ValidationError({"answer": ["Select your answer"]})
    with transaction.atomic():
        request = _locked(request)
        if request.induction.teacher.user_id != actor.pk:
            raise ValidationError("Only the ECT can answer this request")
        if request.status != Status.AWAITING_ECT:
            raise ValidationError("This request is no longer waiting for your answer")
        request.ect_answer, request.ect_answered_on = answer, today
        # A decline, or insisting on the full period, ends the request: the AB cannot reduce without consent.
        request.status = Status.AWAITING_DECISION if answer == Answer.CONSENTED else Status.DECLINED
        request._history_user = actor
        request.save(update_fields=["ect_answer", "ect_answered_on", "status"])
        notify(request, Notice.AB_TOLD if answer == Answer.CONSENTED else Notice.SCHOOL_DECISION)
    return request


def decide_request(request: LengthRequest, *, agree: bool, terms=None, reason: str = "", actor: User, today: date) -> LengthRequest:
    """ABD-007/EXT-002: the AB agrees (with the terms it sets) or refuses with a reason; never before the ECT's consent."""
    with transaction.atomic():
        request = _locked(request)
        if request.status == Status.AWAITING_ECT:
            raise ValidationError("The ECT has not yet consented to this reduction, and the appropriate body can only "
                                  "decide once they have (LEN-006)")
        if request.status != Status.AWAITING_DECISION:
            raise ValidationError("This request has already been decided")
        if agree:
            terms = _check_terms(request.kind, request.terms if terms in (None, "") else terms)
            if request.kind == Kind.REDUCTION:
                record_reduction(request.induction, terms=terms, actor=actor)
            else:
                request.extension = add_extension(request.induction, terms=terms, decided_on=today, actor=actor,
                                                  reason=f"{request.get_basis_display()}: {request.evidence}")
            request.status, request.decided_terms = Status.AGREED, terms
        else:
            if not reason.strip():
                raise ValidationError({"reason": ["Enter the reason for refusing, which the school and the ECT will read"]})
            request.status, request.refusal_reason = Status.REFUSED, reason.strip()
        request.decided_on, request.decided_by = today, actor
        request._history_user = actor
        request.save(update_fields=["status", "decided_terms", "refusal_reason", "decided_on", "decided_by", "extension"])
        notify(request, Notice.SCHOOL_DECISION)
        notify(request, Notice.ECT_DECISION)
    return request


# --- Clocks ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Clock:
    deadline: Deadline
    status: DeadlineStatus


def ect_answer_due(request: LengthRequest) -> Deadline:
    return Deadline("ABD-007", "ECT's answer to the reduction",
                    add_working_days_beginning_with(request.requested_on, settings.LENGTH_REQUEST_ECT_ANSWER_DAYS))


def decision_due(request: LengthRequest) -> Deadline | None:
    """From the ECT's consent for a reduction, from the request for an extension; None while there is no consent."""
    start = request.requested_on if request.kind == Kind.EXTENSION else (
        request.ect_answered_on if request.ect_answer == Answer.CONSENTED else None)
    if start is None:
        return None
    return Deadline("ABD-007", "Appropriate body's decision on the request",
                    add_working_days_beginning_with(start, settings.LENGTH_REQUEST_DECISION_DAYS))


def clocks(request: LengthRequest, *, today: date) -> list[Clock]:
    """Each clock on the request with how it stands (from the row alone: no query)."""
    found = []
    if request.kind == Kind.REDUCTION:
        due = ect_answer_due(request)
        found.append(Clock(due, deadline_status(due.due_on, today=today, done_on=request.ect_answered_on)))
    if (due := decision_due(request)) is not None:
        found.append(Clock(due, deadline_status(due.due_on, today=today, done_on=request.decided_on)))
    return found


def next_clock(request: LengthRequest, *, today: date) -> Clock | None:
    """The clock still running, for the to-do list."""
    running = [clock for clock in clocks(request, today=today) if clock.status.state not in ("done", "done late")]
    return running[0] if running else None
