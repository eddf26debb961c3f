"""ABD-004: a concern about an ECT's induction, raised by AB staff or the school's tutor, monitored with
actions and a visit, closed with a note; the other side told once per step; in the case history."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from appropriate_body.concerns import concerns
from appropriate_body.concerns.emails import send_concern_notices
from appropriate_body.inductions.case_history import case_history
from appropriate_body.inductions.periods import release
from appropriate_body.inductions.todo import todo_list
from appropriate_body.models import Concern, ConcernAction, ConcernNotice, Induction
from appropriate_body.tests.factories import claimed
from privacy.access.archive import ABOUT
from privacy.people import find_person, record_counts
from privacy.retention.rules.induction import reduce_inductions

pytestmark = pytest.mark.django_db

TEXT = "Behaviour management is not improving despite the mentor's support."


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff, first_name="Cassie", last_name="Concern")


def sent(step, django_capture_on_commit_callbacks) -> list:
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = step()
    sent.result = result
    return mail.outbox[before:]


def raise_as(period, who, raised_as, **changes) -> Concern:
    return concerns.raise_concern(period.induction, **{"description": TEXT, "monitoring_from": date(2026, 12, 1), "review_on": None,
                                                       "raised_as": raised_as, "actor": who, "now": timezone.now(), **changes})


def test_abd_004_ab_staff_raise_a_concern_and_the_schools_tutors_hear_once(period, ab_staff, tutor_a, tutor_b,
                                                                          django_capture_on_commit_callbacks):
    [email] = sent(lambda: raise_as(period, ab_staff, Concern.RaisedAs.AB), django_capture_on_commit_callbacks)
    concern = sent.result

    assert (concern.school, concern.status, concern.raised_by) == (period.school, Concern.Status.OPEN, ab_staff)
    assert email.to == [tutor_a.email]
    assert email.subject == f"A concern about Cassie Concern's induction at {period.school.name}"
    assert settings.SITE_URL + reverse("appropriate_body:concern_detail", args=[concern.public_id]) in email.body
    # The email names the ECT and links to the concern; the text stays in the portal.
    assert TEXT not in email.body and TEXT not in email.alternatives[0][0]
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    # A retried task sends nothing twice.
    notice = ConcernNotice.objects.get(concern=concern)
    assert sent(lambda: send_concern_notices.delay([notice.pk]), django_capture_on_commit_callbacks) == []


def test_a_tutor_raises_one_and_ab_staff_hear(period, ab_staff, second_ab, tutor_a, django_capture_on_commit_callbacks):
    [email] = sent(lambda: raise_as(period, tutor_a, Concern.RaisedAs.SCHOOL), django_capture_on_commit_callbacks)
    assert sorted(email.to) == sorted([ab_staff.email, second_ab.email])
    assert "An induction tutor at" in email.body


def test_actions_a_visit_and_closing_with_a_note(period, ab_staff, tutor_a, django_capture_on_commit_callbacks):
    concern = raise_as(period, ab_staff, Concern.RaisedAs.AB)
    action = concerns.add_action(concern, what="Weekly behaviour plan review", who="Mentor", due_on=date(2026, 12, 12), actor=tutor_a)
    concerns.complete_action(action, done_on=date(2026, 12, 11), actor=tutor_a)
    concerns.record_visit(concern, visit_on=date(2026, 12, 14), visit_note="Observed two lessons.", review_on=date(2027, 1, 20),
                          actor=ab_staff)
    with pytest.raises(ValidationError) as no_note:
        concerns.close_concern(concern, closing_note=" ", actor=ab_staff, now=timezone.now())
    assert set(no_note.value.message_dict) == {"closing_note"}

    [email] = sent(lambda: concerns.close_concern(concern, closing_note="Targets met.", actor=ab_staff, now=timezone.now()),
                   django_capture_on_commit_callbacks)

    concern.refresh_from_db()
    assert (concern.status, concern.closing_note, concern.closed_by, concern.visit_on) == ("closed", "Targets met.", ab_staff,
                                                                                           date(2026, 12, 14))
    assert email.to == [tutor_a.email] and email.subject.startswith("Concern closed")
    assert ConcernAction.objects.get(pk=action.pk).done_on == date(2026, 12, 11)
    # A closed concern takes no more actions, and closes once.
    with pytest.raises(ValidationError):
        concerns.add_action(concern, what="More", who="Mentor", due_on=date(2027, 1, 1), actor=ab_staff)
    with pytest.raises(ValidationError):
        concerns.close_concern(concern, closing_note="Again", actor=ab_staff, now=timezone.now())


def test_no_concern_without_an_open_period(period, ab_staff):
    release(period, finished_on=date(2026, 10, 31), number_of_terms=0, actor=ab_staff, today=date(2026, 11, 1))
    with pytest.raises(ValidationError):
        raise_as(period, ab_staff, Concern.RaisedAs.AB)


def test_the_to_do_list_counts_open_concerns_with_an_action_overdue_or_none_yet(period, school_a, tutor_a, ab_staff):
    today = timezone.localdate()
    def count():
        return next(item.count for item in todo_list(today=today) if item.key == "concerns")

    concern = raise_as(period, ab_staff, Concern.RaisedAs.AB)
    assert count() == 1  # no actions yet
    action = concerns.add_action(concern, what="Plan", who="Mentor", due_on=today + timedelta(days=3), actor=ab_staff)
    assert count() == 0  # an action on its way
    ConcernAction.objects.filter(pk=action.pk).update(due_on=today - timedelta(days=1))
    assert count() == 1  # overdue
    concerns.complete_action(action, done_on=today, actor=ab_staff)
    assert count() == 0
    concerns.close_concern(concern, closing_note="Resolved", actor=ab_staff, now=timezone.now())
    other = raise_as(claimed(school_a, tutor_a, ab_staff), tutor_a, Concern.RaisedAs.SCHOOL)
    [item] = [item for item in todo_list(today=today) if item.key == "concerns"]
    assert item.count == 1 and item.rows == [other]


def test_the_case_history_shows_the_concern_its_actions_and_its_closing(period, ab_staff, tutor_a):
    concern = raise_as(period, tutor_a, Concern.RaisedAs.SCHOOL)
    action = concerns.add_action(concern, what="Observe a lesson", who="Induction tutor", due_on=date(2026, 12, 12), actor=tutor_a)
    concerns.complete_action(action, done_on=date(2026, 12, 10), actor=tutor_a)
    concerns.close_concern(concern, closing_note="Improved", actor=ab_staff, now=timezone.now())

    summaries = [entry.summary for entry in case_history(Induction.objects.get(pk=period.induction_id))]

    assert "Concern raised by the school" in summaries
    assert "Concern action agreed: Observe a lesson (Induction tutor, due 12 December 2026)" in summaries
    assert "Concern action" in summaries and "Concern" in summaries


def test_concerns_and_their_actions_go_when_the_induction_is_reduced(period, ab_staff):
    concern = raise_as(period, ab_staff, Concern.RaisedAs.AB)
    concerns.add_action(concern, what="Plan", who="Mentor", due_on=date(2026, 12, 12), actor=ab_staff)

    reduce_inductions([period.induction_id], date(2033, 9, 1))

    assert not Concern.objects.exists() and not ConcernAction.objects.exists() and not ConcernNotice.objects.exists()
    assert not Concern.history.exists() and not ConcernAction.history.exists()


def test_a_subject_access_request_finds_the_concerns_about_the_ect(period, ab_staff):
    concern = raise_as(period, ab_staff, Concern.RaisedAs.AB)
    concerns.add_action(concern, what="Plan", who="Mentor", due_on=date(2026, 12, 12), actor=ab_staff)

    counts = {kind.key: n for kind, n in record_counts(find_person(trn=period.induction.teacher.trn))}

    assert (counts["concerns"], counts["concern_actions"]) == (1, 1)
    assert ABOUT["concerns"].startswith("Concerns the appropriate body or your school raised")
