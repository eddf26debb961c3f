"""Each rule on its boundary day: a record whose clock started on the cut-off day is kept, one a day older is dealt with."""

from datetime import date, timedelta

import pytest

from privacy.models import RetentionLog
from privacy.retention import schedule
from privacy.retention.figures import forecast
from privacy.retention.job import apply_retention

from .builders import RULE_RECORDS

# A day far enough on that every rule's cut-off lies after the factories' fixed 2026 dates.
TODAY = date(2033, 3, 15)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", sorted(RULE_RECORDS))
def test_a_record_is_kept_through_its_last_day_and_dealt_with_the_day_after(key, cast, files_in_memory):
    build, dealt_with = RULE_RECORDS[key]
    rule = schedule.rule(key)
    cutoff = rule.cutoff(TODAY)
    kept, due = build(cutoff, cast), build(cutoff - timedelta(days=1), cast)

    # The cast's own accounts, made today, are years past their last sign-in by then too.
    reached = set(rule.due_on(TODAY).values_list("pk", flat=True))
    assert due.pk in reached and kept.pk not in reached
    done = apply_retention(TODAY)

    assert done[key] == len(reached)
    assert dealt_with(due) and not dealt_with(kept)
    assert not rule.due_on(TODAY).exists()


# Rules whose clock is an academic year's end, not a day a record was made: their boundary tests are their own.
BOUNDARY_TESTED_ELSEWHERE = {"fidelity_checks"}  # appropriate_body/tests/quality/test_fidelity.py


def test_every_rule_of_the_schedule_has_a_boundary_test_or_shares_one_with_its_family():
    families = {key.split(".")[0] for key in RULE_RECORDS}
    untested = [r.key for r in schedule.rules() if r.key not in RULE_RECORDS and r.key.split(".")[0] not in families
                and r.key not in BOUNDARY_TESTED_ELSEWHERE]
    assert untested == []


def test_every_rules_query_runs_on_this_database():
    assert {line.rule.key: line.due_now for line in forecast(TODAY)} == {r.key: 0 for r in schedule.rules()}


def test_a_second_run_the_same_day_does_nothing_more(cast, files_in_memory):
    for key, (build, _) in RULE_RECORDS.items():
        build(schedule.rule(key).cutoff(TODAY) - timedelta(days=1), cast)
    first = apply_retention(TODAY, batch_size=2)
    logged = RetentionLog.objects.count()

    second = apply_retention(TODAY, batch_size=2)

    assert sum(first.values()) >= len(RULE_RECORDS)
    assert sum(second.values()) == 0
    assert RetentionLog.objects.count() == logged


def test_each_batch_writes_one_log_row_naming_the_rule_and_count_but_nobody(cast):
    rule = schedule.rule("invitations")
    for _ in range(5):
        RULE_RECORDS["invitations"][0](rule.cutoff(TODAY) - timedelta(days=3), cast)

    apply_retention(TODAY, batch_size=2)

    rows = list(RetentionLog.objects.filter(rule="invitations").order_by("pk").values_list("action", "count", "cutoff", "run_on"))
    assert rows == [("delete", 2, rule.cutoff(TODAY), TODAY)] * 2 + [("delete", 1, rule.cutoff(TODAY), TODAY)]


def test_the_dry_run_counts_what_is_due_now_and_in_the_next_30_days_and_changes_nothing(cast):
    rule = schedule.rule("invitations")
    cutoff = rule.cutoff(TODAY)
    now, soon, later = (RULE_RECORDS["invitations"][0](cutoff + timedelta(days=d), cast) for d in (-1, 29, 31))

    lines = {line.rule.key: line for line in forecast(TODAY)}

    assert (lines["invitations"].due_now, lines["invitations"].due_soon) == (1, 1)
    assert RetentionLog.objects.count() == 0
    assert all(type(i).objects.filter(pk=i.pk).exists() for i in (now, soon, later))
