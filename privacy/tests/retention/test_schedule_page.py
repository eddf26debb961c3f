from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import RetentionLog
from privacy.retention import schedule

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
def test_the_page_runs_the_same_queries_however_many_records_are_due(as_user, cast, invitations, django_assert_max_num_queries):
    rule = schedule.rule("invitations")
    for _ in range(invitations):
        RULE_RECORDS["invitations"][0](rule.cutoff(timezone.localdate()) - timedelta(days=3), cast)
    client = as_user(cast["hub_staff"])
    # Two counts per rule (due tonight, due within 30 days), the log, and the session and user.
    with django_assert_max_num_queries(2 * len(schedule.rules()) + 6):
        assert client.get(URL).status_code == 200


def test_records_that_hold_no_personal_data_are_named_on_the_schedule_and_point_at_no_person(as_user, cast):
    from django.apps import apps
    from django.db import models

    people = {apps.get_model("participants.Teacher"), apps.get_model("participants.User")}
    for record in schedule.NO_PERSONAL_DATA:
        model = apps.get_model(record.model)
        fields = model._meta.concrete_fields
        assert not [f.name for f in fields if f.is_relation and f.related_model in people], record.model
        # Text only of a school (its name, place and phase): nothing typed about a person.
        texts = {f.name for f in fields if isinstance(f, models.CharField | models.TextField | models.JSONField)}
        assert texts <= {"name", "local_authority", "district", "phase"}, record.model
    page = as_user(cast["hub_staff"]).get(URL).content.decode()
    section = page.split('id="no-personal-data"')[1].split("</dl>")[0]
    assert "Engagement figures" in section and "Kept with the year" in section
    assert section.count("<dt ") == len(schedule.NO_PERSONAL_DATA) >= 3
