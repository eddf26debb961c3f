"""The status read from the period's stored claim state always equals the status worked out from the claims.

Random runs of what happens to registrations, each through the function a page or job calls: registering,
pairing a mentor, the AB accepting (now or from a later date), rejecting, a scheduled start, leavers, a
registration withdrawn as made in error, moves between schools and a closed school's people moving to its
successor. After every step each period's stored status is held to the one worked out afresh
(registration.status.with_status_from_claims), and each status's filter to the periods in that status.
"""

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appropriate_body.claims.claims import accept_claim, reject_claim, start_scheduled_claims
from appropriate_body.claims.state import drifted_periods
from appropriate_body.models import Claim
from appropriate_body.tests.factories import GOOD
from hubportal.tests.stored_state import RANDOM_RUNS, run_steps
from participants.models import ECTAtSchoolPeriod, LeavingReason
from participants.tests.factories import SchoolFactory
from registration.changes import change_mentor, report_leaver
from registration.ects import register_ect
from registration.mentors import register_mentor
from registration.school_merges.merges import merge_school
from registration.status import ECTStatus, status_filter, with_status, with_status_from_claims
from registration.tests.factories import ect_details, mentor_details, move_to, register

pytestmark = pytest.mark.django_db

REGISTERED_ON = date(2026, 8, 20)
TODAY = date(2026, 9, 10)
# The days the status is read on: one before anything starts, today, and after every date the steps set.
DAYS = (date(2026, 8, 25), TODAY, date(2026, 10, 15))

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["accept_now", "mentor", "register", "accept_later", "reject", "start_scheduled", "leaver_past",
                         "leaver_ahead", "in_error", "move", "completed", "merge"]),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1, max_size=10,
)


@pytest.fixture
def cast(school_a, school_b, tutor_a, tutor_b, ab_staff):
    mentors = {school.pk: register_mentor(school, mentor_details(), actor=tutor, today=REGISTERED_ON)
               for school, tutor in ((school_a, tutor_a), (school_b, tutor_b))}
    # One with a mentor and one without at each school, so that early steps already reach every status.
    for school, tutor in ((school_a, tutor_a), (school_b, tutor_b)):
        register_ect(school, ect_details(), actor=tutor, today=REGISTERED_ON, mentor=mentors[school.pk])
        register(school, tutor)
    return {"schools": [school_a, school_b], "tutors": {school_a.pk: tutor_a, school_b.pk: tutor_b}, "mentors": mentors,
            "ab_staff": ab_staff}


def latest_claim(period: ECTAtSchoolPeriod, *statuses: str) -> Claim | None:
    return period.claims.filter(status__in=statuses).order_by("-created_at", "-pk").first()


def apply(step: str, n: int, cast: dict) -> None:
    """One thing happening, through its domain function; a refusal (ValidationError) is the domain saying no."""
    periods = list(ECTAtSchoolPeriod.objects.select_related("school", "teacher").order_by("pk"))
    period = periods[n % len(periods)]
    tutor, ab_staff = cast["tutors"].get(period.school_id), cast["ab_staff"]
    if step == "register":
        school = cast["schools"][n % 2]
        mentor = cast["mentors"][school.pk] if n // 2 % 2 else None
        register_ect(school, ect_details(), actor=cast["tutors"][school.pk], today=REGISTERED_ON, mentor=mentor)
    elif step == "mentor":
        mentor = cast["mentors"].get(period.school_id)
        if mentor:
            change_mentor(period, mentor=mentor, actor=tutor, today=TODAY)
    elif step in ("accept_now", "accept_later"):
        if claim := latest_claim(period, Claim.Status.PENDING):
            start = date(2026, 9, 1) if step == "accept_now" else date(2026, 9, 20)
            accept_claim(claim, GOOD, start_date=max(start, period.started_on), actor=ab_staff, today=TODAY)
    elif step == "reject":
        if claim := latest_claim(period, Claim.Status.PENDING, Claim.Status.SCHEDULED):
            reject_claim(claim, reason="The TRN and name do not match the teacher record.", actor=ab_staff)
    elif step == "start_scheduled":
        start_scheduled_claims(today=date(2026, 9, 25))
    elif step in ("leaver_past", "leaver_ahead", "in_error"):
        finished_on = {"leaver_past": date(2026, 9, 5), "leaver_ahead": date(2026, 10, 1), "in_error": period.started_on}[step]
        reason = LeavingReason.REGISTERED_IN_ERROR if step == "in_error" else LeavingReason.LEFT_SCHOOL
        report_leaver(period, finished_on=finished_on, reason=reason, note="", actor=tutor, today=TODAY)
    elif step == "completed":
        # No page records completion on the school's period (the demo builds such rows): the column, set as it
        # would be, which the status reads directly.
        ECTAtSchoolPeriod.objects.filter(pk=period.pk).update(finished_on=max(period.started_on, date(2026, 9, 8)),
                                                               leaving_reason=LeavingReason.COMPLETED_INDUCTION)
    elif step == "move" and period.finished_on is None:
        school = next(s for s in cast["schools"] if s.pk != period.school_id)
        move_to(period, school, new_tutor=cast["tutors"][school.pk], current_tutor=tutor, registered_on=REGISTERED_ON, today=TODAY)
    elif step == "merge":
        # A closed school's open periods and claims not yet started move to its successor, which has no tutor here.
        successor = SchoolFactory()
        merge_school(period.school, successor, link_type="Successor", moved_on=date(2026, 9, 15), actor=None)


def assert_stored_status_is_the_claims(days=DAYS) -> None:
    assert not drifted_periods().exists()
    for day in days:
        rows = with_status_from_claims(with_status(ECTAtSchoolPeriod.objects.all(), today=day), today=day)
        by_status: dict[str, set[int]] = {status.value: set() for status in ECTStatus}
        for pk, stored, afresh in rows.values_list("pk", "status", "status_from_claims"):
            assert stored == afresh, (pk, day)
            by_status[stored].add(pk)
        for status, pks in by_status.items():
            assert set(ECTAtSchoolPeriod.objects.filter(status_filter(status, today=day)).values_list("pk", flat=True)) == pks


@settings(RANDOM_RUNS, max_examples=30)
@given(steps=STEPS)
# Two runs written out, so that every kind of step changes something whatever the random ones draw.
@example(steps=[("accept_later", 0), ("start_scheduled", 0), ("accept_later", 2), ("reject", 2), ("leaver_past", 1),
                ("accept_now", 3), ("move", 3), ("mentor", 4)])
@example(steps=[("register", 2), ("accept_now", 4), ("leaver_ahead", 4), ("in_error", 1), ("merge", 0),
                ("accept_now", 5), ("completed", 0)])
def test_the_stored_status_follows_every_change(cast, steps):
    def statuses_reached() -> str:
        reached = with_status(ECTAtSchoolPeriod.objects.all(), today=TODAY).values_list("status", flat=True).distinct()
        return f"reached {', '.join(sorted(reached))}"

    run_steps(steps, apply=lambda _, step, n: apply(step, n, cast), check=assert_stored_status_is_the_claims,
              summary=statuses_reached)


def test_a_full_save_of_a_period_loaded_before_its_claim_changed_keeps_the_claim_state(cast):
    period = ECTAtSchoolPeriod.objects.filter(mentor__isnull=False).first()
    reject_claim(period.claims.get(), reason="No QTS on the teacher record", actor=cast["ab_staff"])
    period.leaving_note = "Saved whole, as loaded before the claim was rejected."
    period.save()
    period.refresh_from_db()
    assert (period.has_live_claim, period.claim_pending, period.leaving_note) == (
        False, False, "Saved whole, as loaded before the claim was rejected.")
    assert with_status(ECTAtSchoolPeriod.objects.filter(pk=period.pk), today=TODAY).get().status == ECTStatus.ACTION_REQUIRED
    assert not drifted_periods().exists()

