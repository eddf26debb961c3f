"""What the to-do list stores per induction and per report always equals a fresh reading: whether an induction has
something to hand over to RIAB (appropriate_body.riab.state), whether a report is its ECT's latest recorded one
saying not on track (appropriate_body.assessments.not_on_track), and the school copied onto each check of a report
(appropriate_body.reviews.schools).

Random runs mixing the registration and induction steps of test_todo_state (claims accepted now or later, scheduled
starts, releases, passes, earlier spells, leavers, registrations made in error, moves, merges), the report steps of
test_awaiting_review_state (written, submitted, commented, signed, returned, resubmitted, accepted, edited), a report
written not on track, claims rejected, and the hand-over to RIAB (claims and actions marked recorded, and put back by
RIAB's error file). After every step "Not yet handed over to RIAB" and "ECTs not on track" read from the stored
columns list the same rows, in the same order, as the queries that worked them out from every claim, period and report
(kept here as the reference), and nothing has drifted.
"""

from datetime import date, timedelta

import pytest
from django.db.models import Exists, OuterRef, Q
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appropriate_body.assessments import assessments as reports
from appropriate_body.assessments.not_on_track import NOT_ON_TRACK, RECORDED, drifted_reports, refresh_not_on_track
from appropriate_body.claims.claims import accept_claim, reject_claim
from appropriate_body.inductions.todo import not_on_track
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus, Claim, Induction, InductionPeriod, ReportReview
from appropriate_body.reviews.reviews import return_report
from appropriate_body.reviews.schools import REVIEW_SCHOOL, drifted_reviews
from appropriate_body.riab import handover
from appropriate_body.riab.state import (
    RIAB_OUTSTANDING,
    drifted_inductions,
    refresh_riab_for_claims,
    refresh_riab_for_teachers,
    refresh_riab_outstanding,
)
from appropriate_body.tests.assessments import test_awaiting_review_state as report_steps
from appropriate_body.tests.factories import GOOD, ect_account, written
from appropriate_body.tests.inductions import test_todo_state as induction_steps
from appropriate_body.tests.inductions.test_todo_state import cast  # noqa: F401 (the fixture the runs start from)
from hubportal.lib.csv_upload import CsvRow
from hubportal.tests.stored_state import RANDOM_RUNS, assert_check_corrects, run_steps
from participants.models import LeavingReason
from registration.changes import report_leaver

pytestmark = pytest.mark.django_db

INDUCTION_STEPS = ["accept_now", "accept_later", "register", "start_scheduled", "release", "pass", "earlier", "leaver_past",
                   "leaver_ahead", "in_error", "move", "merge"]
REPORT_STEPS = ["write", "not_on_track", "submit", "comment", "sign", "return", "resubmit", "accept", "edit"]
RIAB_STEPS = ["reject", "mark_claims", "mark_actions", "claims_back", "actions_back"]
STEPS = st.lists(st.tuples(st.sampled_from(INDUCTION_STEPS + REPORT_STEPS + RIAB_STEPS), st.integers(min_value=0, max_value=50)),
                 min_size=1, max_size=12)
SUPPORT_PLAN = "Fortnightly coaching on behaviour routines (TS7)."


def riab_afresh():
    """The list as it was worked out before the flag was stored: every induction checked for an unrecorded accepted claim
    or an unrecorded release or pass."""
    claim = handover.claims_outstanding().filter(ect_period__teacher_id=OuterRef("teacher_id")).order_by()
    action = handover.actions_outstanding().filter(induction_id=OuterRef("pk")).order_by()
    return (Induction.objects.filter(Q(Exists(claim)) | Q(Exists(action)))
            .order_by("teacher__last_name", "teacher__first_name", "pk"))


def not_on_track_afresh():
    """The list as it was worked out before the flag was stored: each not-on-track report checked for a later one."""
    later = Assessment.objects.filter(induction=OuterRef("induction"), status__in=RECORDED).filter(
        Q(due_on__gt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), pk__gt=OuterRef("pk")))
    open_period = InductionPeriod.objects.filter(induction=OuterRef("induction"), finished_on__isnull=True)
    return (Assessment.objects.filter(status__in=RECORDED, on_track=False).exclude(Exists(later)).filter(Exists(open_period))
            .order_by("due_on", "pk"))


def ids(rows) -> list[int]:
    return list(rows.values_list("pk", flat=True))


def assert_stored_state_is_afresh() -> None:
    assert not drifted_inductions().exists()
    assert not drifted_reports().exists()
    assert not drifted_reviews().exists()
    assert ids(handover.inductions_outstanding()) == ids(riab_afresh())
    assert ids(not_on_track()) == ids(not_on_track_afresh())


@pytest.fixture
def world(cast, headteacher_a):  # noqa: F811 (the imported fixture)
    """test_todo_state's cast, with the reports of its first ECT at school A and the people who write and sign them."""
    tutor = cast["tutors"][cast["schools"][0].pk]
    period = InductionPeriod.objects.filter(school=cast["schools"][0]).order_by("pk").first()
    own = ect_account(period)
    reviews = list(period.assessments.filter(kind=AssessmentKind.PROGRESS_REVIEW).order_by("term_number")[:2])
    formal = period.assessments.filter(kind=AssessmentKind.FORMAL_ASSESSMENT).order_by("term_number").first()
    return {**cast, "reports": [*reviews, formal], "tutor": tutor, "ect": own, "ab": cast["ab_staff"],
            "signers": {reports.Signer.TUTOR: tutor, reports.Signer.HEADTEACHER: headteacher_a, reports.Signer.ECT: own}}


def error_rows(trns: list[str]) -> list[CsvRow]:
    return [CsvRow(line, {"TRN": trn, "Error message": "Induction start date must not be before QTS"}) for line, trn in enumerate(trns, 2)]


def apply_riab(step: str, n: int, world: dict) -> None:
    ab_staff = world["ab_staff"]
    if step == "reject":
        claims = list(Claim.objects.filter(status__in=[Claim.Status.PENDING, Claim.Status.SCHEDULED]).order_by("pk"))
        if claims:
            reject_claim(claims[n % len(claims)], reason="Not eligible here.", actor=ab_staff)
    elif step == "mark_claims":
        claims = list(handover.claims_outstanding().values_list("public_id", flat=True))
        handover.mark_claims_recorded([str(pk) for pk in claims[: 1 + n % 3]], actor=ab_staff)
    elif step == "mark_actions":
        periods = list(handover.actions_outstanding().values_list("public_id", flat=True))
        handover.mark_actions_recorded([str(pk) for pk in periods[: 1 + n % 3]], actor=ab_staff)
    elif step == "claims_back":
        trns = list(Claim.objects.filter(riab_recorded_at__isnull=False).values_list("ect_period__teacher__trn", flat=True))
        handover.import_error_file("claims", error_rows(trns[: 1 + n % 2]), actor=ab_staff)
    elif step == "actions_back":
        trns = list(InductionPeriod.objects.filter(riab_recorded_at__isnull=False).values_list("induction__teacher__trn", flat=True))
        handover.import_error_file("actions", error_rows(trns[: 1 + n % 2]), actor=ab_staff)


def apply(step: str, n: int, index: int, world: dict) -> None:
    """One thing happening, through its domain function; a refusal (ValidationError) is the domain saying no."""
    if step in INDUCTION_STEPS:
        induction_steps.apply(step, n, world)
    elif step == "not_on_track":
        # Written not on track and submitted; a returned report is only edited (resubmitting records it).
        report = written(Assessment.objects.get(pk=world["reports"][n % 3].pk), world["tutor"], on_track=False, support_plan=SUPPORT_PLAN)
        if report.status != AssessmentStatus.RETURNED:
            reports.submit(report, actor=world["tutor"], now=report_steps.NOW + timedelta(minutes=index))
    elif step in REPORT_STEPS:
        report_steps.apply(step, n % 3, index, world)
    else:
        apply_riab(step, n, world)


@settings(RANDOM_RUNS, max_examples=30)
@given(steps=STEPS)
# Runs written out, so that both lists fill and empty again whatever the random ones draw.
@example(steps=[("not_on_track", 0), ("return", 0), ("resubmit", 0), ("submit", 1), ("not_on_track", 2), ("return", 1),
                ("resubmit", 1), ("comment", 2), ("release", 0), ("accept_now", 2)])
@example(steps=[("mark_claims", 2), ("mark_claims", 2), ("release", 3), ("pass", 1), ("mark_actions", 2), ("claims_back", 1),
                ("actions_back", 0), ("accept_later", 4), ("reject", 1), ("in_error", 2), ("start_scheduled", 0)])
def test_the_stored_state_follows_every_change(world, steps):
    run_steps(steps, apply=lambda index, step, n: apply(step, n, index, world), check=assert_stored_state_is_afresh,
              summary=lambda: f"{handover.inductions_outstanding().count()} for RIAB, {not_on_track().count()} not on track")


@pytest.fixture
def flagged(world):
    """The first ECT's first review submitted not on track: on both lists."""
    apply("not_on_track", 0, 0, world)
    return Assessment.objects.get(pk=world["reports"][0].pk)


def test_a_report_submitted_not_on_track_is_stored_as_it_happens(flagged):
    assert flagged.latest_not_on_track
    assert ids(not_on_track()) == [flagged.pk]
    assert flagged.induction.riab_outstanding and flagged.induction_id in ids(handover.inductions_outstanding())


def test_a_full_save_of_rows_loaded_before_keeps_the_state(flagged):
    stale_report, stale_induction = Assessment.objects.get(pk=flagged.pk), Induction.objects.get(pk=flagged.induction_id)
    Assessment.objects.filter(pk=flagged.pk).update(latest_not_on_track=False)
    Induction.objects.filter(pk=flagged.induction_id).update(riab_outstanding=False)
    stale_report.targets = "Saved whole, as loaded before."
    stale_report.save()
    stale_induction.save()
    assert not Assessment.objects.get(pk=flagged.pk).latest_not_on_track
    assert not Induction.objects.get(pk=flagged.induction_id).riab_outstanding


def test_the_state_is_not_in_the_history(flagged):
    before = flagged.history.count(), flagged.induction.history.count()
    refresh_not_on_track([flagged.induction_id])
    refresh_riab_outstanding([flagged.induction_id])
    assert (flagged.history.count(), flagged.induction.history.count()) == before
    assert "latest_not_on_track" not in {field.name for field in Assessment.history.model._meta.fields}
    assert "riab_outstanding" not in {field.name for field in Induction.history.model._meta.fields}


def test_the_nightly_check_reports_drift_and_corrects_it(flagged, caplog):
    # Drift as rows changed by hand in the database would leave them.
    Assessment.objects.filter(pk=flagged.pk).update(latest_not_on_track=False)
    assert_check_corrects(NOT_ON_TRACK, [flagged.pk], caplog)
    caplog.clear()
    Induction.objects.filter(pk=flagged.induction_id).update(riab_outstanding=False)
    assert_check_corrects(RIAB_OUTSTANDING, [flagged.induction_id], caplog)
    assert ids(not_on_track()) == [flagged.pk] and flagged.induction_id in ids(handover.inductions_outstanding())


def test_a_return_keeps_its_school_and_the_nightly_check_restores_it(flagged, world, caplog):
    review = return_report(flagged, {"targets": "Make the targets measurable."}, actor=world["ab"], now=report_steps.NOW)
    assert review.school_id == flagged.induction_period.school_id
    ReportReview.objects.filter(pk=review.pk).update(school=None)
    assert_check_corrects(REVIEW_SCHOOL, [review.pk], caplog)
    assert ReportReview.objects.get(pk=review.pk).school_id == flagged.induction_period.school_id


def test_a_flag_on_a_report_that_is_not_the_latest_is_drift_too(flagged):
    other = Assessment.objects.filter(induction_id=flagged.induction_id).exclude(pk=flagged.pk).first()
    Assessment.objects.filter(pk=other.pk).update(latest_not_on_track=True)
    assert ids(drifted_reports()) == [other.pk]


def test_refreshing_nothing_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_not_on_track([]) == 0 and refresh_riab_outstanding([None]) == 0
        assert refresh_riab_for_claims([]) == 0 and refresh_riab_for_teachers([]) == 0


def test_a_scheduled_claim_withdrawn_in_error_is_no_longer_for_riab(world):
    claim = Claim.objects.filter(status=Claim.Status.PENDING).order_by("pk").first()
    accept_claim(claim, GOOD, start_date=date(2026, 9, 20), actor=world["ab_staff"], today=induction_steps.TODAY)
    induction = Induction.objects.get(teacher_id=claim.ect_period.teacher_id)
    assert induction.riab_outstanding and not induction.periods.exists()
    report_leaver(claim.ect_period, finished_on=claim.ect_period.started_on, reason=LeavingReason.REGISTERED_IN_ERROR, note="",
                  actor=world["tutors"][claim.ect_period.school_id], today=induction_steps.TODAY)
    assert not Induction.objects.get(pk=induction.pk).riab_outstanding
