from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import RetentionFigure, RetentionLog
from privacy.retention import schedule
from privacy.retention.figures import forecast, kept_forecast, schedule_lines, take_figures
from privacy.retention.job import apply_retention

from .builders import RULE_RECORDS

URL = reverse("privacy:retention_schedule")
pytestmark = pytest.mark.django_db


def test_hub_staff_see_each_kind_of_record_with_its_period_and_what_falls_due(as_user, cast):
    rule = schedule.rule("invitations")
    today = timezone.localdate()
    for days in (1, 2, -10):  # two past their last day, one falling due in ten days
        RULE_RECORDS["invitations"][0](rule.cutoff(today) - timedelta(days=days), cast)
    RetentionLog.objects.create(rule="claims", action="delete", count=7, cutoff=today, run_on=today - timedelta(days=1))

    page = as_user(cast["hub_staff"]).get(URL).content.decode()

    assert "Induction records, with their progress reviews, assessments and evidence" in page
    assert "6 years from the induction&#x27;s outcome" in page
    row = page.split("Account invitations</th>")[1].split("</tr>")[0]
    assert "1 year from accepted, revoked or expired" in row
    assert [cell.split(">")[-1] for cell in row.split("</td>")[-3:-1]] == ["2", "1"]
    assert "Records dealt with" in page and ">7<" in page
    # One line per kind: the history tables share theirs.
    assert page.count("History of changes") == 1


@pytest.mark.parametrize("invitations", [1, 30])
def test_the_page_reads_the_last_runs_figures_in_the_same_queries_however_many_records_are_due(
    as_user, cast, invitations, django_assert_max_num_queries,
):
    rule = schedule.rule("invitations")
    today = timezone.localdate()
    for days in range(invitations):  # falling due over the next 30 days
        RULE_RECORDS["invitations"][0](rule.cutoff(today) + timedelta(days=days % 30), cast)
    apply_retention(today)
    # Made after the run: the page shows the run's figures, not a count of its own.
    RULE_RECORDS["invitations"][0](rule.cutoff(today) - timedelta(days=3), cast)
    client = as_user(cast["hub_staff"])

    # The kept figures, the log, and the session and user: no count of any rule's records.
    with django_assert_max_num_queries(6):
        page = client.get(URL).content.decode()

    row = page.split("Account invitations</th>")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[-3:-1]] == ["0", str(invitations)]
    taken_at = timezone.localtime(RetentionFigure.objects.get(rule="invitations").taken_at)
    assert f"Figures as at {taken_at:%H:%M}, {taken_at.day} {taken_at:%B %Y}" in page


def test_before_any_run_the_first_view_counts_once_and_keeps_the_figures(as_user, cast, django_assert_max_num_queries):
    rule = schedule.rule("invitations")
    RULE_RECORDS["invitations"][0](rule.cutoff(timezone.localdate()) - timedelta(days=2), cast)
    client = as_user(cast["hub_staff"])

    client.get(URL)

    assert RetentionFigure.objects.count() == len(schedule.rules())
    assert RetentionFigure.objects.get(rule="invitations").due_now == 1
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200


def test_a_rule_new_to_the_schedule_has_every_figure_counted_again_and_a_dropped_rules_go(cast):
    today = timezone.localdate()
    take_figures(today, now=timezone.now())
    RetentionFigure.objects.filter(rule="invitations").delete()
    RetentionFigure.objects.create(rule="no_longer_a_rule", due_now=3, due_soon=0, counted_for=today, taken_at=timezone.now())
    later = timezone.now() + timedelta(minutes=5)

    lines, as_at = kept_forecast(today, now=later)

    assert as_at == later and [line.rule.key for line in lines] == [rule.key for rule in schedule.rules()]
    assert set(RetentionFigure.objects.values_list("rule", flat=True)) == {rule.key for rule in schedule.rules()}


def test_right_after_a_run_the_kept_figures_are_the_live_counts(cast, files_in_memory):
    # A day on which every rule's cut-off lies after the factories' fixed dates; records of each rule
    # past their last day, falling due within the window, and falling due after it.
    today = date(2033, 3, 15)
    for key, (build, _) in RULE_RECORDS.items():
        cutoff = schedule.rule(key).cutoff(today)
        for days in (-1, 10, 29, 45):
            build(cutoff + timedelta(days=days), cast)

    apply_retention(today, batch_size=3)

    kept = {f.rule: (f.due_now, f.due_soon, f.counted_for) for f in RetentionFigure.objects.all()}
    live = {line.rule.key: (line.due_now, line.due_soon, today) for line in forecast(today)}
    assert kept == live
    assert sum(due_soon for _, due_soon, _ in kept.values()) >= len(RULE_RECORDS)
    lines, _ = kept_forecast(today, now=timezone.now())
    assert schedule_lines(lines) == schedule_lines(forecast(today))


def test_records_that_hold_no_personal_data_are_named_on_the_schedule_and_point_at_no_person(as_user, cast):
    from django.apps import apps
    from django.db import models

    people = {apps.get_model("participants.Teacher"), apps.get_model("participants.User")}
    for record in schedule.NO_PERSONAL_DATA:
        model = apps.get_model(record.model)
        fields = model._meta.concrete_fields
        assert not [f.name for f in fields if f.is_relation and f.related_model in people], record.model
        # Text only of a school (its name, place and phase) or a retention rule's key: nothing typed about a person.
        texts = {f.name for f in fields if isinstance(f, models.CharField | models.TextField | models.JSONField)}
        assert texts <= {"name", "local_authority", "district", "phase", "rule"}, record.model
    page = as_user(cast["hub_staff"]).get(URL).content.decode()
    section = page.split('id="no-personal-data"')[1].split("</dl>")[0]
    assert "Engagement figures" in section and "Kept with the year" in section
    assert section.count("<dt ") == len(schedule.NO_PERSONAL_DATA) >= 3
