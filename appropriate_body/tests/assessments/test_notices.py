"""Each person hears when it is their turn on a review or assessment, once (PR-003, FA-005)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from appropriate_body.assessments import assessments as domain
from appropriate_body.assessments.emails import notice_message, send_assessment_notices
from appropriate_body.models import AssessmentKind, AssessmentNotice
from appropriate_body.tests.factories import NOW, claimed, ect_account, first, written
from hubportal.lib.outbox import requeue_stuck
from participants.models import Role
from participants.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

Notice = AssessmentNotice.Kind
KIND = "formal assessment (end of year 1)"
COMMENTS = "I found the behaviour targets hard this term."
EVIDENCE = "Lesson observations and planning."


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    teacher = period.induction.teacher
    # Names with an apostrophe: the subject and text must not escape them.
    teacher.corrected_name = "Siobhán O'Neill"
    teacher.save(update_fields=["corrected_name"])
    return period


@pytest.fixture
def own(period):
    return ect_account(period)


def sent(step, django_capture_on_commit_callbacks) -> list:
    """The emails one step sends once it commits."""
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        step()
    return mail.outbox[before:]


def school_link(school, assessment) -> str:
    return settings.SITE_URL + reverse("appropriate_body:assessment_page", args=[school.urn, assessment.public_id])


def own_link(assessment) -> str:
    return settings.SITE_URL + reverse("appropriate_body:my_assessment", args=[assessment.public_id])


def test_a_formal_assessment_tells_each_person_in_turn(period, own, school_a, tutor_a, tutor_b, headteacher_a, mentor,
                                                       django_capture_on_commit_callbacks):
    formal = written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a, evidence_summary=EVIDENCE)
    name = "Siobhán O'Neill"
    steps = [
        lambda: domain.submit(formal, actor=tutor_a, now=NOW),
        lambda: domain.add_ect_comments(formal, comments=COMMENTS, actor=own, now=NOW),
        lambda: domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW),
        lambda: domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=headteacher_a, now=NOW),
        lambda: domain.sign(formal, as_role=domain.Signer.ECT, actor=own, now=NOW),
    ]
    emails = [sent(step, django_capture_on_commit_callbacks) for step in steps]

    assert [[(m.to, m.subject) for m in step] for step in emails] == [
        [([own.email], f"Add your comments to your {KIND}")],
        [([tutor_a.email], f"Ready for the induction tutor to sign: {KIND} for {name}")],
        [([headteacher_a.email], f"Ready for the headteacher to sign: {KIND} for {name}")],
        [([own.email], f"Ready for you to sign: your {KIND}")],
        [([tutor_a.email], f"Signed by all: {KIND} for {name}")],
    ]
    links = [own_link(formal), school_link(school_a, formal), school_link(school_a, formal), own_link(formal), school_link(school_a, formal)]
    for [message], link in zip(emails, links, strict=True):
        html = message.alternatives[0][0]
        assert link in message.body and f'href="{link}"' in html
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        # Whose turn, for whom, what and where; never what the record or the ECT says (DP-003).
        assert COMMENTS not in message.body + html and EVIDENCE not in message.body + html
    assert name in emails[1][0].body and "O&#x27;Neill" in emails[1][0].alternatives[0][0]
    assert "The ECT keeps the original and the appropriate body has a copy." in emails[4][0].body
    everyone = {address for message in mail.outbox for address in message.to}
    assert everyone == {own.email, tutor_a.email, headteacher_a.email}  # not tutor_b, the mentor or AB staff
    assert set(formal.notices.values_list("email_state", flat=True)) == {"sent"}
    assert formal.notices.count() == 5


def test_a_progress_review_tells_the_ect_once(period, own, tutor_a, django_capture_on_commit_callbacks):
    review = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a)
    [message] = sent(lambda: domain.submit(review, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks)
    assert message.to == [own.email]
    assert message.subject == "Your progress review from Alder Primary School is ready to read"
    assert own_link(review) in message.body
    # PR-003: the ECT's comments on a review are optional and move nobody's turn on.
    assert sent(lambda: domain.add_ect_comments(review, comments="Thanks", actor=own, now=NOW), django_capture_on_commit_callbacks) == []
    assert list(review.notices.values_list("kind", flat=True)) == [Notice.REVIEW_SUBMITTED]


def test_an_ect_without_an_account_is_told_at_the_teacher_records_address(period, tutor_a, django_capture_on_commit_callbacks):
    review = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a)
    [message] = sent(lambda: domain.submit(review, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks)
    assert message.to == [period.induction.teacher.email]


def test_repeating_a_step_or_the_task_sends_nothing_twice(period, own, tutor_a, django_capture_on_commit_callbacks):
    from appropriate_body.assessments.notices import queue_notice

    formal = written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a)
    assert len(sent(lambda: domain.submit(formal, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks)) == 1
    with pytest.raises(ValidationError):
        sent(lambda: domain.submit(formal, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks)
    # A retried step finds the notice it made; a redelivered task finds it sent; the sweep finds nothing waiting.
    assert sent(lambda: queue_notice(formal), django_capture_on_commit_callbacks) == []
    notice = formal.notices.get()
    assert sent(lambda: send_assessment_notices.delay([notice.pk]), django_capture_on_commit_callbacks) == []
    assert requeue_stuck(AssessmentNotice, queued_before=timedelta(0)) == 0
    assert len(mail.outbox) == 1 and AssessmentNotice.objects.count() == 1


def test_a_notice_whose_step_has_passed_is_not_sent(period, own, tutor_a, headteacher_a, django_capture_on_commit_callbacks):
    # The worker is slow: every step commits before any email goes.
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    domain.add_ect_comments(formal, comments="", actor=own, now=NOW)
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=headteacher_a, now=NOW)
    headteachers = formal.notices.get(kind=Notice.HEADTEACHER_TO_SIGN)
    assert notice_message(headteachers.pk) is None

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck(AssessmentNotice, queued_before=timedelta(0)) == 4
    [message] = mail.outbox
    assert (message.to, message.subject) == ([own.email], f"Ready for you to sign: your {KIND}")
    states = dict(formal.notices.values_list("kind", "email_state"))
    assert states == {Notice.COMMENTS_NEEDED: "failed", Notice.TUTOR_TO_SIGN: "failed", Notice.HEADTEACHER_TO_SIGN: "failed",
                      Notice.ECT_TO_SIGN: "sent"}


def test_only_this_schools_active_tutors_and_headteachers_are_told(period, own, school_a, school_b, tutor_a, tutor_b, headteacher_a,
                                                                   django_capture_on_commit_callbacks):
    second = user_with_role(Role.INDUCTION_TUTOR, school=school_a, email="second.tutor@example.org")
    gone = user_with_role(Role.INDUCTION_TUTOR, school=school_a, email="gone.tutor@example.org", is_active=False)
    head_b = user_with_role(Role.HEADTEACHER, school=school_b, email="head.b@example.org")
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    [to_tutors] = sent(lambda: domain.add_ect_comments(formal, comments="", actor=own, now=NOW), django_capture_on_commit_callbacks)
    [to_heads] = sent(lambda: domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks)
    assert to_tutors.to == sorted([tutor_a.email, second.email])
    assert to_heads.to == [headteacher_a.email]
    told = {address for message in mail.outbox for address in message.to}
    assert not told & {tutor_b.email, gone.email, head_b.email}


def test_a_school_without_a_headteacher_sends_nothing_and_says_so(period, own, tutor_a, django_capture_on_commit_callbacks):
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    domain.add_ect_comments(formal, comments="", actor=own, now=NOW)
    assert sent(lambda: domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks) == []
    notice = formal.notices.get(kind=Notice.HEADTEACHER_TO_SIGN)
    assert (notice.email_state, notice.email_error) == ("failed", "No longer to be sent")


def test_staff_see_each_notice_in_the_admin_and_cannot_add_or_change_one(client, hub_staff, period, own, tutor_a,
                                                                          django_capture_on_commit_callbacks):
    client.force_login(hub_staff)  # the admin is hub staff's (hubportal.admin_site)
    review = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a)
    sent(lambda: domain.submit(review, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks)
    notice = review.notices.get()

    listing = client.get(reverse("admin:appropriate_body_assessmentnotice_changelist")).content.decode()
    assert "Review ready for the ECT" in listing and "Sent" in listing
    assert client.get(reverse("admin:appropriate_body_assessmentnotice_add")).status_code == 302
    change = client.post(reverse("admin:appropriate_body_assessmentnotice_change", args=[notice.pk]), {"kind": "signed"})
    assert change.status_code == 403
    notice.refresh_from_db()
    assert notice.kind == Notice.REVIEW_SUBMITTED
    assert client.get(reverse("admin:appropriate_body_assessmentreminder_changelist")).status_code == 200


def test_with_the_broker_down_a_step_is_saved_and_its_notice_waits_for_the_sweep(period, own, tutor_a, broker_down,
                                                                                 django_capture_on_commit_callbacks):
    formal = written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a)
    assert sent(lambda: domain.submit(formal, actor=tutor_a, now=NOW), django_capture_on_commit_callbacks) == []
    formal.refresh_from_db()
    assert formal.submitted_at and formal.notices.get().email_state == "queued"
