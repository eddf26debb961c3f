"""Every cohort's kept tally (programmes.insight.tallies): counted by the beat job for every year, read by the
programmes page with the time it was counted, and equal to a live count right after a refresh."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.enrolments import programmes_by_strand
from programmes.insight.engagement import refresh_due_years
from programmes.insight.tallies import TALLIED, TALLIED_STATES, tallied_cohorts
from programmes.models import Cohort, CohortStage, CohortTally, Enrolment, Strand
from programmes.tests.factories import aware, school, teacher

TODAY = date(2026, 12, 5)
NOW = aware(TODAY)
# Cohorts of years the engagement refresh covers (2025-2027) and of years it does not.
YEARS = (2019, 2023, 2025, 2026, 2027)


def live_counts() -> dict[int, tuple]:
    """Each cohort's enrolments by state and outcome, counted now (the reference)."""
    return {cohort.pk: tuple(cohort.enrolments.filter(Q(status=name) | Q(outcome=name)).count() for name in TALLIED)
            for cohort in Cohort.objects.all()}


def page_counts() -> dict[int, tuple]:
    """What the programmes page shows for each cohort, state by state (it shows no outcomes)."""
    strands, _ = programmes_by_strand(now=NOW)
    return {cohort.pk: tuple(cohort.counts) for row in strands for programme in row.programmes for cohort in programme.cohort_rows}


def enrol(cohort: Cohort, status: str = Enrolment.Status.ACTIVE, outcome: str = "") -> Enrolment:
    return Enrolment.objects.create(cohort=cohort, teacher=teacher(), school=school("Hill School"), status=status, enrolled_on=TODAY,
                                    outcome=outcome, outcome_on=TODAY if outcome else None)


@pytest.mark.django_db
def test_the_beat_job_counts_the_cohorts_of_every_year_not_only_those_it_refreshes():
    old, current = cohort_for(Strand.ECTE, 2019, CohortStage.YEAR_1), cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)
    for status in ("active", "withdrawn", "declined"):
        enrol(old, status), enrol(current, status)
    enrol(old, "completed", outcome="passed")

    refresh_due_years(now=NOW, today=TODAY)

    assert {row[0]: row[1:] for row in CohortTally.objects.values_list("cohort", *TALLIED)} == live_counts()
    assert set(CohortTally.objects.values_list("counted_at", flat=True)) == {NOW}
    assert CohortTally.objects.get(cohort=old).declined == 1


@pytest.mark.django_db
def test_the_page_shows_the_kept_counts_as_at_their_refresh_until_the_next(client, hub_staff):
    cohort = cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)
    enrol(cohort)
    refresh_due_years(now=NOW, today=TODAY)
    enrol(cohort, "nominated")  # after the refresh: not on the page until the next one
    client.force_login(hub_staff)

    page = client.get(reverse("programmes:programme_list")).content.decode()

    assert "Figures as at 10:00, 5 December 2026; they are refreshed every 5 minutes." in page
    assert page_counts()[cohort.pk] == (0, 0, 1, 0, 0, 0)
    later = NOW + timedelta(minutes=5)
    refresh_due_years(now=later, today=TODAY)
    assert page_counts()[cohort.pk] == (1, 0, 1, 0, 0, 0)
    assert programmes_by_strand(now=later + timedelta(minutes=1))[1] == later


@pytest.mark.django_db
def test_a_cohort_never_counted_is_counted_once_on_first_look(django_assert_max_num_queries):
    counted = cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)
    refresh_due_years(now=NOW, today=TODAY)
    added = cohort_for(Strand.ECTE, 2020, CohortStage.YEAR_2)
    enrol(added)
    later = NOW + timedelta(minutes=2)

    assert {cohort.pk: cohort.tally.counted_at for cohort in tallied_cohorts(now=later)} == {counted.pk: NOW, added.pk: later}
    assert programmes_by_strand(now=later)[1] == NOW  # the oldest tally's time
    with django_assert_max_num_queries(1):
        tallied_cohorts(now=later + timedelta(minutes=1))


# --- Random changes, then the beat job: every cohort's kept counts equal the live ones ---------------

changes = st.one_of(
    st.tuples(st.just("enrol"), st.sampled_from(YEARS), st.sampled_from(TALLIED_STATES)),
    st.tuples(st.just("status"), st.integers(0, 50), st.sampled_from(TALLIED_STATES)),
    st.tuples(st.just("outcome"), st.integers(0, 50), st.sampled_from(["", "passed", "failed"])),
    st.tuples(st.just("move"), st.integers(0, 50), st.sampled_from(YEARS)),
    st.tuples(st.just("remove"), st.integers(0, 50)),
    st.tuples(st.just("refresh"), st.integers(0, 10)),
)


def _nth(n: int) -> Enrolment | None:
    rows = list(Enrolment.objects.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def _apply(change: tuple) -> None:
    kind, *args = change
    if kind == "enrol":
        enrol(cohort_for(Strand.ECTE, args[0], CohortStage.YEAR_1), args[1])
    elif kind == "status" and (enrolment := _nth(args[0])):
        Enrolment.objects.filter(pk=enrolment.pk).update(status=args[1])
    elif kind == "outcome" and (enrolment := _nth(args[0])):
        Enrolment.objects.filter(pk=enrolment.pk).update(outcome=args[1], outcome_on=TODAY if args[1] else None)
    elif kind == "move" and (enrolment := _nth(args[0])):
        target = cohort_for(Strand.ECTE, args[1], CohortStage.YEAR_2)
        if not target.enrolments.filter(teacher=enrolment.teacher_id).exists():
            Enrolment.objects.filter(pk=enrolment.pk).update(cohort=target)
    elif kind == "remove" and (enrolment := _nth(args[0])):
        enrolment.delete()
    elif kind == "refresh":
        refresh_due_years(now=NOW + timedelta(minutes=args[0]), today=TODAY)


@pytest.mark.django_db
@hypothesis_settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(changes, max_size=20))
def test_after_any_changes_the_beat_job_leaves_every_cohorts_counts_equal_to_the_live_ones(sequence):
    with transaction.atomic():
        for change in sequence:
            _apply(change)
        refresh_due_years(now=NOW + timedelta(minutes=15), today=TODAY)
        live = live_counts()
        assert {row[0]: row[1:] for row in CohortTally.objects.values_list("cohort", *TALLIED)} == live
        assert page_counts() == {pk: counts[:len(TALLIED_STATES)] for pk, counts in live.items()}
        transaction.set_rollback(True)
