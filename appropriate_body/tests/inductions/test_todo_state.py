"""The to-do state stored on induction periods (appropriate_body.inductions.state) always equals a fresh reading.

Random runs of what happens to an ECT's registration and induction, each through the function a page or job
calls: the AB accepting a claim (now or from a later date), a scheduled start, a release, a pass, a spell with
an earlier AB, leavers reported by the school, registrations withdrawn as made in error, moves between schools
and a closed school's people moving to its successor. After every step "Leavers to release" and "Inductions
paused" read from the stored columns list the same rows, in the same order, as the queries that worked them out
from the registrations and every period (kept here as the reference), and no period has drifted.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appropriate_body.claims.claims import accept_claim, start_scheduled_claims
from appropriate_body.inductions.periods import record_earlier_period, record_outcome, release
from appropriate_body.inductions.state import INDUCTION_STATE, drifted_periods, refresh_induction_state
from appropriate_body.inductions.todo import leavers_to_release, paused
from appropriate_body.models import Claim, InductionPeriod, Outcome
from appropriate_body.tests.factories import GOOD, claimed
from hubportal.tests.stored_state import RANDOM_RUNS, assert_check_corrects, run_steps
from participants.models import ECTAtSchoolPeriod, LeavingReason
from participants.tests.factories import SchoolFactory
from registration.changes import report_leaver
from registration.ects import register_ect
from registration.school_merges.merges import merge_school
from registration.tests.factories import ect_details, move_to, register

pytestmark = pytest.mark.django_db

REGISTERED_ON = date(2026, 8, 20)
TODAY = date(2026, 9, 10)

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["accept_now", "accept_later", "register", "start_scheduled", "release", "pass", "earlier",
                         "leaver_past", "leaver_ahead", "in_error", "move", "merge"]),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1, max_size=10,
)


def leavers_afresh():
    """The list as it was worked out before the date was stored: each open period joined to its registration."""
    left = ECTAtSchoolPeriod.objects.filter(pk=OuterRef("ect_period_id"), finished_on__isnull=False)
    return (InductionPeriod.objects.filter(Exists(left), finished_on__isnull=True, other_appropriate_body="")
            .order_by("ect_period__finished_on", "pk"))


def paused_afresh():
    """The list as it was worked out before the flag was stored: every period checked against its induction's others."""
    later_or_open = InductionPeriod.objects.filter(induction=OuterRef("induction"), started_on__gt=OuterRef("started_on"))
    open_period = InductionPeriod.objects.filter(induction=OuterRef("induction"), finished_on__isnull=True)
    with_outcome = InductionPeriod.objects.filter(induction=OuterRef("induction")).exclude(outcome="")
    return (InductionPeriod.objects.filter(finished_on__isnull=False)
            .exclude(Exists(later_or_open)).exclude(Exists(open_period)).exclude(Exists(with_outcome)).order_by("finished_on", "pk"))


def ids(rows) -> list[int]:
    return list(rows.values_list("pk", flat=True))


def assert_stored_state_is_afresh() -> None:
    assert not drifted_periods().exists()
    assert ids(leavers_to_release()) == ids(leavers_afresh())
    assert ids(paused()) == ids(paused_afresh())


@pytest.fixture
def cast(school_a, school_b, tutor_a, tutor_b, ab_staff):
    # Two ECTs in induction at each school and one whose claim waits, so that early steps reach every list.
    for school, tutor in ((school_a, tutor_a), (school_b, tutor_b)):
        claimed(school, tutor, ab_staff)
        claimed(school, tutor, ab_staff)
        register(school, tutor, today=REGISTERED_ON)
    return {"schools": [school_a, school_b], "tutors": {school_a.pk: tutor_a, school_b.pk: tutor_b}, "ab_staff": ab_staff}


def apply(step: str, n: int, cast: dict) -> None:
    """One thing happening, through its domain function; a refusal (ValidationError) is the domain saying no."""
    periods = list(ECTAtSchoolPeriod.objects.select_related("school", "teacher").order_by("pk"))
    period = periods[n % len(periods)]
    tutor, ab_staff = cast["tutors"].get(period.school_id), cast["ab_staff"]
    open_periods = list(InductionPeriod.objects.filter(finished_on__isnull=True).order_by("pk"))
    in_induction = open_periods[n % len(open_periods)] if open_periods else None
    if step == "register":
        school = cast["schools"][n % 2]
        register_ect(school, ect_details(), actor=cast["tutors"][school.pk], today=REGISTERED_ON)
    elif step in ("accept_now", "accept_later"):
        if claim := period.claims.filter(status=Claim.Status.PENDING).order_by("-pk").first():
            start = date(2026, 9, 1) if step == "accept_now" else date(2026, 9, 20)
            accept_claim(claim, GOOD, start_date=max(start, period.started_on), actor=ab_staff, today=TODAY)
    elif step == "start_scheduled":
        start_scheduled_claims(today=date(2026, 9, 25))
    elif step in ("release", "pass") and in_induction:
        finished_on = max(in_induction.started_on, date(2026, 9, 8))
        if step == "release":
            release(in_induction, finished_on=finished_on, number_of_terms=Decimal("0.5"), actor=ab_staff, today=date(2026, 12, 1))
        else:
            record_outcome(in_induction, outcome=Outcome.PASS, finished_on=finished_on, number_of_terms=Decimal("6"),
                           actor=ab_staff, today=date(2026, 12, 1))
    elif step == "earlier" and in_induction:
        # A spell with another AB before this one, ending before it starts (later than another released spell, at times).
        record_earlier_period(in_induction.induction, school=period.school, other_appropriate_body="Forest TSH",
                              started_on=date(2025, 1, 6 + n % 20), finished_on=date(2025, 7, 18), number_of_terms=Decimal("2"),
                              fte=Decimal(1), training_programme=in_induction.training_programme, actor=ab_staff, today=TODAY)
    elif step in ("leaver_past", "leaver_ahead", "in_error"):
        finished_on = {"leaver_past": date(2026, 9, 5), "leaver_ahead": date(2026, 10, 1), "in_error": period.started_on}[step]
        reason = LeavingReason.REGISTERED_IN_ERROR if step == "in_error" else LeavingReason.LEFT_SCHOOL
        report_leaver(period, finished_on=finished_on, reason=reason, note="", actor=tutor, today=TODAY)
    elif step == "move" and period.finished_on is None:
        school = next(s for s in cast["schools"] if s.pk != period.school_id)
        move_to(period, school, new_tutor=cast["tutors"][school.pk], current_tutor=tutor, registered_on=REGISTERED_ON, today=TODAY)
    elif step == "merge":
        merge_school(period.school, SchoolFactory(), link_type="Successor", moved_on=date(2026, 9, 15), actor=None)


@settings(RANDOM_RUNS, max_examples=30)
@given(steps=STEPS)
# Two runs written out, so that both lists fill and empty again whatever the random ones draw.
@example(steps=[("leaver_ahead", 0), ("release", 0), ("earlier", 1), ("accept_now", 2), ("leaver_past", 1),
                ("pass", 1), ("move", 3), ("release", 2)])
@example(steps=[("release", 3), ("accept_later", 2), ("start_scheduled", 0), ("merge", 0), ("in_error", 1),
                ("register", 0), ("accept_now", 6), ("release", 0)])
def test_the_stored_state_follows_every_change(cast, steps):
    run_steps(steps, apply=lambda _, step, n: apply(step, n, cast), check=assert_stored_state_is_afresh,
              summary=lambda: f"{leavers_to_release().count()} leavers, {paused().count()} paused")


@pytest.fixture
def leaving_and_paused(school_a, tutor_a, ab_staff):
    leaving = claimed(school_a, tutor_a, ab_staff)
    report_leaver(leaving.ect_period, finished_on=date(2026, 10, 1), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=TODAY)
    released = claimed(school_a, tutor_a, ab_staff)
    release(released, finished_on=TODAY, number_of_terms=Decimal("0.5"), actor=ab_staff, today=TODAY)
    leaving.refresh_from_db()
    released.refresh_from_db()
    return leaving, released


def test_a_leaver_and_a_release_are_stored_as_they_happen(leaving_and_paused):
    leaving, released = leaving_and_paused
    assert (leaving.school_left_on, leaving.paused) == (date(2026, 10, 1), False)
    assert (released.school_left_on, released.paused) == (None, True)
    assert ids(leavers_to_release()) == [leaving.pk]
    assert ids(paused()) == [released.pk]


def test_a_full_save_of_a_period_loaded_before_it_was_released_keeps_the_state(leaving_and_paused):
    _, released = leaving_and_paused
    # As a copy loaded before the release would hold it.
    stale = InductionPeriod.objects.get(pk=released.pk)
    stale.paused, stale.riab_error = False, "Saved whole, as loaded before."
    stale.save()
    released.refresh_from_db()
    assert (released.paused, released.riab_error) == (True, "Saved whole, as loaded before.")


def test_the_nightly_check_reports_drift_and_corrects_it(leaving_and_paused, caplog):
    leaving, released = leaving_and_paused
    # Drift as a row changed by hand in the database would leave it.
    InductionPeriod.objects.filter(pk=leaving.pk).update(school_left_on=None)
    InductionPeriod.objects.filter(pk=released.pk).update(paused=False)
    assert set(ids(drifted_periods())) == {leaving.pk, released.pk}

    assert_check_corrects(INDUCTION_STATE, [leaving.pk, released.pk], caplog)
    assert ids(leavers_to_release()) == [leaving.pk]
    assert ids(paused()) == [released.pk]


def test_a_changed_leaving_date_is_drift_too(leaving_and_paused):
    leaving, _ = leaving_and_paused
    InductionPeriod.objects.filter(pk=leaving.pk).update(school_left_on=date(2026, 9, 30))
    assert ids(drifted_periods()) == [leaving.pk]


def test_refreshing_nothing_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_induction_state([]) == 0
