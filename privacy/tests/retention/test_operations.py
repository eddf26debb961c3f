"""The nightly task and the management command: the same job, and a dry run that changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from participants.models import Invitation
from privacy.models import RetentionLog
from privacy.retention import schedule
from privacy.retention.job import LOCK_KEY, RetentionAlreadyRunning, apply_retention
from privacy.retention.tasks import apply_retention as nightly

from .builders import RULE_RECORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired_invitations(cast):
    cutoff = schedule.rule("invitations").cutoff(timezone.localdate())
    return [RULE_RECORDS["invitations"][0](cutoff - timedelta(days=d), cast) for d in (1, 2)]


def test_the_nightly_task_applies_the_schedule_today(expired_invitations):
    done = nightly.delay().get()

    assert done["invitations"] == 2
    assert not Invitation.objects.filter(pk__in=[i.pk for i in expired_invitations]).exists()


def test_a_second_job_while_one_runs_is_turned_away_and_the_task_does_nothing(expired_invitations):
    cache.add(LOCK_KEY, "running", 60)
    try:
        with pytest.raises(RetentionAlreadyRunning):
            apply_retention(timezone.localdate())
        assert nightly.delay().get() == {}
    finally:
        cache.delete(LOCK_KEY)
    assert Invitation.objects.count() == 2 and not RetentionLog.objects.exists()


def test_the_command_dry_run_says_what_would_go_and_changes_nothing(expired_invitations):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)

    assert "invitations: would be deleted: 2" in out.getvalue()
    assert Invitation.objects.count() == 2


def test_the_command_applies_the_schedule_as_of_a_given_day(expired_invitations):
    out = StringIO()
    call_command("apply_retention", "--today", (timezone.localdate() - timedelta(days=1)).isoformat(), stdout=out)

    # A day earlier only the older of the two was past its last day.
    assert "invitations: 1" in out.getvalue()
    assert Invitation.objects.count() == 1
