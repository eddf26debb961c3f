"""When each report waiting for the AB reached them, stored on it (appropriate_body.assessments.awaiting), always
equals a fresh reading.

Random runs of what happens to a cast's progress reviews and formal assessment, each through the function a page
calls: the tutor writes and edits, submits, the ECT comments, the three sign, the AB returns or accepts, the tutor
resubmits (with or without changes that call for new signatures). After every step "Reports to check" read from
the stored column lists the same reports, in the same order and with the same times, as the query that worked it
out from every report's status and reviews (kept here as the reference), and no report has drifted.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appropriate_body.assessments import assessments as reports
from appropriate_body.assessments.awaiting import AWAITING_REVIEW, drifted_reports, refresh_awaiting_review
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus, ReportReview, ReviewOutcome
from appropriate_body.reviews import reviews as domain
from appropriate_body.tests.factories import ALL_ON_TRACK, NOW, claimed, ect_account, first, written
from hubportal.lib.stored_state import check_stored_state
from hubportal.tests.stored_state import RANDOM_RUNS, assert_check_corrects, run_steps

pytestmark = pytest.mark.django_db

ACTIONS = ["write", "submit", "comment", "sign", "return", "resubmit", "accept", "edit"]
STEPS = st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=0, max_value=2)), min_size=1, max_size=14)


def awaiting_afresh():
    """The list as it was worked out before the time was stored: every finished report not accepted, and when it
    last came to the AB, sorted by that."""
    accepted = ReportReview.objects.filter(assessment=OuterRef("pk"), outcome=ReviewOutcome.ACCEPTED)
    resubmitted = (ReportReview.objects.filter(assessment=OuterRef("pk"), resubmitted_at__isnull=False)
                   .order_by("-resubmitted_at").values("resubmitted_at")[:1])
    return (Assessment.objects.filter(status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.SIGNED]).exclude(Exists(accepted))
            .annotate(reached_ab=Coalesce(Subquery(resubmitted), "ect_signed_at", "submitted_at")).order_by("reached_ab", "pk"))


def assert_stored_state_is_afresh():
    assert not drifted_reports().exists()
    stored = [(a.pk, a.reached_ab) for a in domain.reports_awaiting_review()]
    assert stored == [(a.pk, a.reached_ab) for a in awaiting_afresh()]
    return stored


@pytest.fixture
def cast(school_a, tutor_a, headteacher_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    reviews = list(period.assessments.filter(kind=AssessmentKind.PROGRESS_REVIEW).order_by("term_number")[:2])
    return {"reports": [*reviews, first(period, AssessmentKind.FORMAL_ASSESSMENT)], "tutor": tutor_a,
            "signers": {reports.Signer.TUTOR: tutor_a, reports.Signer.HEADTEACHER: headteacher_a, reports.Signer.ECT: own},
            "ect": own, "ab": ab_staff}


def apply(action, n, index, cast):
    """One step on the n-th report, at its own time (so later steps reach the AB later)."""
    report = Assessment.objects.get(pk=cast["reports"][n].pk)
    tutor, now = cast["tutor"], NOW + timedelta(minutes=index)
    if action == "write":
        written(report, tutor)
    elif action == "edit":  # a change to what was signed: a resubmission asks for the signatures again
        reports.save_draft(report, record={}, judgements={**ALL_ON_TRACK, "TS4": (True, f"Planning folder, edit {index}.")}, actor=tutor)
    elif action == "submit":  # written first when still a draft, so random runs reach the AB often
        if report.status in reports.DRAFTING:
            report = written(report, tutor)
        reports.submit(report, actor=tutor, now=now)
    elif action == "comment":
        reports.add_ect_comments(report, comments="I agree.", actor=cast["ect"], now=now)
    elif action == "sign":
        role = reports.next_signer(report)
        if role is None:
            raise ValidationError("Signed by all three")
        reports.sign(report, as_role=role, actor=cast["signers"][role], now=now)
    elif action == "return":
        domain.return_report(report, {"targets": "Make the targets measurable."}, actor=cast["ab"], now=now)
    elif action == "resubmit":
        domain.resubmit_report(report, actor=tutor, now=now)
    elif action == "accept":
        domain.accept_report(report, actor=cast["ab"], now=now)


@settings(RANDOM_RUNS, max_examples=25)
@given(steps=STEPS)
# Two runs written out, so that reports reach the list, leave it and come back whatever the random ones draw.
@example(steps=[("write", 0), ("submit", 0), ("write", 2), ("submit", 2), ("comment", 2), ("sign", 2), ("sign", 2),
                ("sign", 2), ("return", 2), ("edit", 2), ("resubmit", 2), ("comment", 2), ("sign", 2), ("sign", 2),
                ("sign", 2), ("accept", 2)])
@example(steps=[("write", 1), ("submit", 1), ("write", 0), ("submit", 0), ("return", 1), ("resubmit", 1), ("return", 0),
                ("return", 1), ("resubmit", 1), ("accept", 1), ("resubmit", 0)])
def test_the_stored_state_follows_every_change(cast, steps):
    run_steps(steps, apply=lambda index, action, n: apply(action, n, index, cast), check=assert_stored_state_is_afresh,
              summary=lambda: f"{domain.reports_awaiting_review().count()} awaiting at the end")


@pytest.fixture
def waiting(school_a, tutor_a, ab_staff):
    """A submitted progress review, waiting for the AB."""
    period = claimed(school_a, tutor_a, ab_staff)
    return reports.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)


def test_a_submitted_review_waits_from_its_submission_until_accepted(waiting, ab_staff):
    waiting.refresh_from_db()
    assert waiting.awaiting_review_since == NOW
    assert [(a.pk, a.reached_ab) for a in domain.reports_awaiting_review()] == [(waiting.pk, NOW)]
    domain.accept_report(waiting, actor=ab_staff, now=NOW + timedelta(days=1))
    waiting.refresh_from_db()
    assert waiting.awaiting_review_since is None and not domain.reports_awaiting_review().exists()


def test_a_resubmitted_review_waits_from_its_resubmission(waiting, tutor_a, ab_staff):
    domain.return_report(waiting, {"targets": "Make them measurable."}, actor=ab_staff, now=NOW + timedelta(days=1))
    waiting.refresh_from_db()
    assert waiting.awaiting_review_since is None
    domain.resubmit_report(waiting, actor=tutor_a, now=NOW + timedelta(days=2))
    waiting.refresh_from_db()
    assert waiting.awaiting_review_since == NOW + timedelta(days=2)


def test_a_full_save_of_a_report_loaded_before_it_was_accepted_keeps_the_state(waiting, ab_staff):
    stale = Assessment.objects.get(pk=waiting.pk)
    domain.accept_report(waiting, actor=ab_staff, now=NOW + timedelta(days=1))
    stale.targets = "Extend questioning (TS6)."
    stale.save()
    stale.refresh_from_db()
    assert stale.targets == "Extend questioning (TS6)." and stale.awaiting_review_since is None


def test_the_state_is_not_in_the_history(waiting, ab_staff):
    before = waiting.history.count()
    refresh_awaiting_review([waiting.pk])
    assert waiting.history.count() == before
    assert "awaiting_review_since" not in {field.name for field in Assessment.history.model._meta.fields}


def test_the_nightly_check_reports_drift_and_corrects_it(waiting, caplog):
    Assessment.objects.filter(pk=waiting.pk).update(awaiting_review_since=None)
    assert not domain.reports_awaiting_review().exists()
    assert_check_corrects(AWAITING_REVIEW, [waiting.pk], caplog)
    assert [a.pk for a in domain.reports_awaiting_review()] == [waiting.pk]


def test_a_wrong_time_and_a_time_on_a_report_not_waiting_are_drift_too(waiting, school_a):
    Assessment.objects.filter(pk=waiting.pk).update(awaiting_review_since=NOW - timedelta(days=9))
    other = waiting.induction_period.assessments.exclude(pk=waiting.pk).first()
    Assessment.objects.filter(pk=other.pk).update(awaiting_review_since=NOW)
    assert sorted(drifted_reports().values_list("pk", flat=True)) == sorted([waiting.pk, other.pk])
    check_stored_state(AWAITING_REVIEW)
    assert list(Assessment.objects.exclude(awaiting_review_since=None).values_list("pk", "awaiting_review_since")) == [(waiting.pk, NOW)]


def test_refreshing_nothing_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_awaiting_review([]) == 0 and refresh_awaiting_review([None]) == 0
