"""Reminders to the school's induction tutors: a week before, on the day and when overdue, each once (REC-001)."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from appropriate_body.assessments import assessments as domain
from appropriate_body.assessments.emails import reminder_message
from appropriate_body.assessments.tasks import queue_assessment_reminders
from appropriate_body.models import AssessmentKind, AssessmentReminder
from appropriate_body.tests.factories import NOW, claimed, first, written
from participants.models import Role
from participants.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

FIRST_REVIEW_DUE = date(2026, 12, 31)  # term 1 of a full-timer starting 1 September 2026


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    assert first(period, AssessmentKind.PROGRESS_REVIEW).due_on == FIRST_REVIEW_DUE
    return period


def sent_on(day, django_capture_on_commit_callbacks) -> list:
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        domain.queue_reminders(today=day)
    return mail.outbox[before:]


def test_a_week_before_on_the_day_and_overdue_each_once(period, tutor_a, school_a, django_capture_on_commit_callbacks):
    other_tutor = user_with_role(Role.INDUCTION_TUTOR, school=school_a, email="second.tutor@example.org")
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    name = period.induction.teacher.full_name
    outcomes = []
    for day in (FIRST_REVIEW_DUE - timedelta(days=8), FIRST_REVIEW_DUE - timedelta(days=7), FIRST_REVIEW_DUE - timedelta(days=3),
                FIRST_REVIEW_DUE, FIRST_REVIEW_DUE, FIRST_REVIEW_DUE + timedelta(days=1), FIRST_REVIEW_DUE + timedelta(days=20)):
        outcomes.append([m.subject for m in sent_on(day, django_capture_on_commit_callbacks)])
    assert outcomes == [
        [],
        [f"Due 31 December: progress review for {name}"],
        [], [f"Due today: progress review for {name}"], [], [f"Overdue: progress review for {name}"], [],
    ]
    assert sorted(review.reminders.values_list("kind", flat=True)) == ["due_today", "overdue", "week_before"]
    assert set(review.reminders.values_list("email_state", flat=True)) == {"sent"}
    overdue = mail.outbox[-1]
    assert overdue.to == sorted([tutor_a.email, other_tutor.email])
    assert overdue.extra_headers["Auto-Submitted"] == "auto-generated"
    link = settings.SITE_URL + reverse("appropriate_body:assessment_page", args=[school_a.urn, review.public_id])
    assert link in overdue.body and "was due on 31 December 2026" in overdue.body
    html = overdue.alternatives[0][0]
    assert f'href="{link}"' in html and "31 December 2026" in html


def test_a_done_review_is_not_chased(period, tutor_a, django_capture_on_commit_callbacks):
    domain.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)
    assert sent_on(FIRST_REVIEW_DUE + timedelta(days=1), django_capture_on_commit_callbacks) == []
    assert not AssessmentReminder.objects.exists()


def test_a_reminder_queued_then_done_before_sending_is_not_sent(period, tutor_a):
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    AssessmentReminder.objects.create(assessment=review, kind=AssessmentReminder.Kind.DUE_TODAY)
    domain.submit(written(review, tutor_a), actor=tutor_a, now=NOW)
    reminder = AssessmentReminder.objects.get()
    assert reminder_message(reminder.pk) is None


def test_the_beat_task_runs_daily_at_seven(period, django_capture_on_commit_callbacks):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "appropriate_body.tasks.queue_assessment_reminders")
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {0})
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_assessment_reminders.delay().get()
    # Run on the real date: whatever is in a window is queued once; a second run queues nothing.
    assert queued == AssessmentReminder.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_assessment_reminders.delay().get() == 0


def test_the_ab_list_shows_overdue_ones(client, period, ab_staff):
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    type(review).objects.filter(pk=review.pk).update(due_on=date(2020, 1, 1))
    client.force_login(ab_staff)
    body = client.get(reverse("appropriate_body:ab_assessments"), {"state": "overdue"}).content.decode()
    assert "1 result." in body and "Overdue" in body
