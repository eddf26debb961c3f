"""Demo inductions for `seed_demo` (issue 6, item 8): the AB's caseload at every stage.

Every demo registration whose claim the AB accepted gets its induction: an open period for those
still at school (full-time or part-time, as registered), a released one for leavers, a passed or
failed one for those who completed. A share are shaped to show the AB's harder cases: transferred
in from another AB, absent past the 30-day threshold, extended, failed and appealing (and one
whose appeal was dismissed). Rows go in with bulk_create and the state wanted; a second run
creates nothing (teachers with an induction are skipped).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appropriate_body.agreements.agreements import publish_terms
from appropriate_body.assessments.assessments import period_schedule
from appropriate_body.inductions.state import refresh_induction_state
from appropriate_body.models import (
    Absence,
    AgreementTerms,
    Appeal,
    AppealOutcome,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Claim,
    CompletionDecision,
    Decision,
    Extension,
    Induction,
    InductionPeriod,
    Outcome,
    Recommendation,
    ServiceAgreement,
    TRSInductionStatus,
)
from appropriate_body.rules.absences import AbsenceKind
from appropriate_body.rules.terms import estimated_terms_served, recorded_number_of_terms
from hubportal.lib.dates import academic_year_of
from participants.models import ECTAtSchoolPeriod, LeavingReason, School, User

# One in this many of the open inductions is shaped as each harder case (by position, so the same every run).
TRANSFERRED, ABSENT, EXTENDED, FAILED = 9, 11, 13, 7
OTHER_AB = "Forest and Vale Teaching School Hub"


def seed_demo_inductions(*, today: date, ab_staff: User | None) -> int:
    """Create the inductions the accepted demo claims lack; returns how many. The caller holds the transaction."""
    claims = list(
        Claim.objects.filter(status=Claim.Status.ACCEPTED, ect_period__teacher__induction__isnull=True)
        .filter(Q(ect_period__teacher__email__endswith="demo.example.org"))
        .select_related("ect_period__teacher").order_by("ect_period__teacher__trn")
    )
    if not claims:
        return 0
    # REGN-004: the demo AB staff login is every demo ECT's named contact.
    inductions = Induction.objects.bulk_create([Induction(teacher=c.ect_period.teacher, named_contact=ab_staff) for c in claims])
    # Schools the transferred ECTs came from: any other schools, the same ones every run.
    elsewhere = list(School.objects.order_by("-urn").values_list("pk", flat=True)[:20])
    periods, extensions, absences, completions = [], [], [], []
    for n, (claim, induction) in enumerate(zip(claims, inductions, strict=True)):
        school_period: ECTAtSchoolPeriod = claim.ect_period
        start = claim.proposed_start_date
        claim.induction_start_date, claim.qts_awarded_on = start, date(start.year, 7, 15)
        claim.trs_induction_status, claim.has_active_prohibition, claim.checked_by = TRSInductionStatus.REQUIRED_TO_COMPLETE, False, ab_staff
        fte = school_period.fte or Decimal(1)
        period = InductionPeriod(induction=induction, school_id=school_period.school_id, ect_period=school_period, claim=claim,
                                 started_on=start, fte=fte, training_programme=claim.training_programme, created_by=ab_staff)
        if n % TRANSFERRED == 0 and start.year >= 2023:
            # A year served with another AB before this school; the hub's period then resumes from it (MIN-003).
            came_from = next((pk for pk in elsewhere[n % len(elsewhere):] + elsewhere if pk != school_period.school_id), school_period.school_id)
            periods.append(InductionPeriod(induction=induction, school_id=came_from, other_appropriate_body=OTHER_AB,
                                           started_on=start - timedelta(days=365), finished_on=start - timedelta(days=1),
                                           number_of_terms=Decimal("3.0"), fte=Decimal(1), training_programme=claim.training_programme,
                                           created_by=ab_staff))
        if school_period.finished_on and school_period.finished_on <= today:
            _finish(period, school_period, fail=n % FAILED == 0, today=today)
        periods.append(period)
        if not period.finished_on and n % ABSENT == 1 and start < today - timedelta(days=120):
            # Sickness past the threshold in year 1 (ABS-002), and a short leave the ECT chose not to extend for.
            absences.append(Absence(induction=induction, kind=AbsenceKind.SICKNESS, started_on=start + timedelta(days=60),
                                    finished_on=start + timedelta(days=105), days=32, part=1, created_by=ab_staff))
            absences.append(Absence(induction=induction, kind=AbsenceKind.CARERS_LEAVE, started_on=start + timedelta(days=110),
                                    finished_on=start + timedelta(days=114), days=5, part=1, created_by=ab_staff))
        if not period.finished_on and n % EXTENDED == 2 and start <= today - timedelta(days=365):
            # Completed (the transferred-in year counts), the headteacher recommended an extension, and the AB
            # extended at the end (EXT-001/002); the period stays open for the extension.
            decided = today - timedelta(days=5)
            completions.append(CompletionDecision(
                induction=induction, completed_on=today - timedelta(days=30), recommendation=Recommendation.EXTENSION,
                recommendation_received_on=today - timedelta(days=27), decision=Decision.EXTEND, decided_on=decided,
                decision_reason="Insufficient evidence at the final assessment: more time to show TS5 and TS6.",
                notices_sent_on=decided, notices_sent_by="email", created_by=ab_staff))
            extensions.append(Extension(induction=induction, terms=Decimal("1.5"), decided_on=decided,
                                        reason="Insufficient evidence at the final assessment: more time to show TS5 and TS6.", created_by=ab_staff))
    Claim.objects.bulk_update(claims, ["induction_start_date", "qts_awarded_on", "trs_induction_status", "has_active_prohibition", "checked_by"])
    # Before the periods go in: it dates the failed ones' letters to match their decisions.
    appeals = _appeals([p for p in periods if p.outcome == Outcome.FAIL][:2], completions, today=today, ab_staff=ab_staff)
    InductionPeriod.objects.bulk_create(periods)
    Extension.objects.bulk_create(extensions)
    CompletionDecision.objects.bulk_create(completions)
    Appeal.objects.bulk_create(appeals)
    Absence.objects.bulk_create(absences)
    _schedule_reviews([p for p in periods if p.finished_on is None and not p.other_appropriate_body], today=today)
    # After the reviews: the state stored for the to-do list reads the periods, the claims and the reports.
    refresh_induction_state(induction.pk for induction in inductions)
    return len(inductions)


def _appeals(failed: list[InductionPeriod], completions: list[CompletionDecision], *, today: date, ab_staff: User | None) -> list[Appeal]:
    """The first failed ECT is appealing (TRA's copy arrived, the AB's reply not yet sent: DL-011 runs);
    the second's appeal was dismissed. Their completions go on `completions`; the appeals are returned.

    Dates run back from today, not from the July the ECT completed, so the clocks are live in the
    demo; each is capped at today so a fail completed days ago still gets dates in order.
    """
    appeals = []
    for n, period in enumerate(failed):
        appealing = n == 0
        start = max(period.finished_on, today - timedelta(days=45 if appealing else 120))

        def on(offset: int, start: date = start) -> date:
            return min(start + timedelta(days=offset), today)

        decided = on(16)
        # The letter telling the ECT of the fail and the right of appeal is the decision's notice (DL-008).
        period.fail_confirmation_sent_on = decided
        completion = CompletionDecision(
            induction_id=period.induction_id, completed_on=period.finished_on, recommendation=Recommendation.UNSATISFACTORY,
            recommendation_received_on=on(1), decision=Decision.FAIL, decided_on=decided, notices_sent_on=decided, notices_sent_by="email",
            decision_reason="TS1, TS4 and TS7 not met at the final assessment despite the support plan since term 4.", created_by=ab_staff)
        completions.append(completion)
        appeal = Appeal(completion=completion, lodged_on=on(26), copy_received_on=on(30), created_by=ab_staff)
        if not appealing:
            appeal.response_sent_on, appeal.defends, appeal.oral_hearing_requested = on(50), True, False
            appeal.response_summary = "The AB defends its decision: the final assessment report, the support plan and the observation notes."
            appeal.outcome, appeal.outcome_received_on = AppealOutcome.DISMISSED, on(100)
        appeals.append(appeal)
    return appeals


def _schedule_reviews(open_periods: list[InductionPeriod], *, today: date) -> None:
    """Each open period's reviews and assessments; most of those already due are done, some are overdue.

    Done ones are submitted reviews (on track, with a short record), so the AB's list and the
    tutors' pages show due, done and overdue; formal assessments past their date are left for the
    demo logins to complete and sign.
    """

    # What sync_schedule would make for these new periods, in one insert rather than a row at a time.
    rows, reviews_due = [], 0
    for period in open_periods:
        for item in period_schedule(period):
            row = Assessment(induction_id=period.induction_id, induction_period=period, kind=item.kind, term_number=item.term_number,
                             due_on=item.due_on, rule_id=item.rule_id, due_before_absence=item.moved_from)
            if item.kind == AssessmentKind.PROGRESS_REVIEW and item.due_on < today:
                reviews_due += 1
                if reviews_due % 4:
                    row.status, row.on_track = AssessmentStatus.SUBMITTED, True
                    row.evidence_summary = "Lesson observations and planning show secure progress against the Teachers' Standards."
                    row.targets = "Extend questioning to check understanding (TS2, TS6)."
                    row.submitted_at = timezone.make_aware(timezone.datetime.combine(item.due_on, timezone.datetime.min.time()))
                    row.awaiting_review_since = row.submitted_at  # a submitted review waits for the AB (assessments.awaiting)
            rows.append(row)
    bulk_create_with_history(rows, Assessment)


def _finish(period: InductionPeriod, school_period: ECTAtSchoolPeriod, *, fail: bool, today: date) -> None:
    """Completed induction: a pass (now and then a fail, written to the ECT two days later); a leaver: released."""
    period.finished_on = school_period.finished_on
    if school_period.leaving_reason == LeavingReason.COMPLETED_INDUCTION:
        period.number_of_terms = Decimal("6.0")
        period.outcome = Outcome.FAIL if fail else Outcome.PASS
        if fail:
            period.fail_confirmation_sent_on = min(period.finished_on + timedelta(days=2), today)
    else:
        served = estimated_terms_served(period.started_on, period.finished_on, period.fte)
        period.number_of_terms = recorded_number_of_terms(served)


def seed_demo_agreements(*, today: date, signers: dict[School, User], unsigned: set[int]) -> int:
    """This year's AB service terms, accepted by most tutored schools (not those in `unsigned`, nor one in five)."""

    year = academic_year_of(today)
    terms = AgreementTerms.objects.filter(academic_year=year).first() or publish_terms(
        year, provider_led_fee=Decimal("150.00"), school_led_fee=Decimal("320.00"))
    signed = set(ServiceAgreement.objects.filter(terms=terms).values_list("school_id", flat=True))
    accepted_at = timezone.make_aware(timezone.datetime.combine(min(date(year, 9, 20), today), timezone.datetime.min.time()))
    rows = [
        ServiceAgreement(school=school, terms=terms, signatory_name=f"{user.first_name} {user.last_name}".strip() or user.email,
                         signatory_job_title="Induction tutor, for the headteacher", accepted_by=user, accepted_at=accepted_at)
        for n, (school, user) in enumerate(sorted(signers.items(), key=lambda item: item[0].urn))
        if school.pk not in signed and school.urn not in unsigned and n % 5 != 4
    ]
    ServiceAgreement.objects.bulk_create(rows)
    return len(rows)
