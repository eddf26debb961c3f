"""Each cohort's enrolments counted by state and NPQ outcome, kept (CohortTally) rather than counted on each view.

A count reads every enrolment of the cohorts counted, and an ECTE year across many hubs holds tens of
thousands. The hub dashboard reads the tallies of one year's cohorts; the programmes page those of
every cohort. The engagement refresh counts the cohorts of each year it refreshes and then, on every
beat run, all the others too: older cohorts change seldom, but they do (an NPQ outcome comes months
after its course, a withdrawal is recorded late, the retention job reduces old enrolments), and one
grouped count of them every few minutes costs less than the page did on each view. So every cohort's
figures are at most one refresh old, and one "as at" time holds for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from programmes.models import Cohort, CohortTally

# Every state an enrolment can be in (the programmes page shows each), and the two NPQ outcomes.
TALLIED_STATES = ("nominated", "declined", "active", "deferred", "withdrawn", "completed")
TALLIED_OUTCOMES = ("passed", "failed")
TALLIED = (*TALLIED_STATES, *TALLIED_OUTCOMES)


def count_cohorts(cohorts: QuerySet[Cohort], *, now: datetime) -> int:
    """Count the cohorts' enrolments again in one grouped query and keep the counts as taken at `now`; how many cohorts."""
    counts = {state: Count("enrolments", filter=Q(enrolments__status=state)) for state in TALLIED_STATES}
    counts |= {outcome: Count("enrolments", filter=Q(enrolments__outcome=outcome)) for outcome in TALLIED_OUTCOMES}
    rows = cohorts.order_by().annotate(**counts).values("pk", *counts)
    tallies = [CohortTally(cohort_id=row["pk"], counted_at=now, **{name: row[name] for name in TALLIED}) for row in rows]
    CohortTally.objects.bulk_create(
        tallies, update_conflicts=True, unique_fields=["cohort"], update_fields=[*TALLIED, "counted_at"], batch_size=1000,
    )
    return len(tallies)


def count_cohorts_of_other_years(years: Iterable[int], *, now: datetime) -> int:
    """The beat job's count of every cohort outside the years it has just refreshed (which counted their own)."""
    return count_cohorts(Cohort.objects.exclude(academic_year__in=list(years)), now=now)


def tallied_cohorts(*, now: datetime) -> list[Cohort]:
    """Every cohort with its lead provider and tally (`cohort.tally`), in one query.

    A cohort added since the last refresh has no tally yet: it is counted now, once (a new cohort holds
    few enrolments, if any), rather than shown as empty until the beat job next runs.
    """
    cohorts = list(Cohort.objects.select_related("lead_provider", "tally"))
    uncounted = [cohort.pk for cohort in cohorts if getattr(cohort, "tally", None) is None]
    if uncounted:
        count_cohorts(Cohort.objects.filter(pk__in=uncounted), now=now)
        cohorts = list(Cohort.objects.select_related("lead_provider", "tally"))
    return cohorts
