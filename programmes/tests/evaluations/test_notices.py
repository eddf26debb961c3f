"""Everyone an evaluation is for hears that it is open: one email each, on the day it opens, never twice."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.accounts.roles import grant_role
from participants.models import Role
from participants.tests.factories import SchoolFactory, UserFactory
from programmes.cohorts.cohorts import cohort_for
from programmes.evaluations.emails import send_evaluation_notices
from programmes.evaluations.evaluations import open_evaluation
from programmes.evaluations.notices import announce, announce_opening
from programmes.models import CohortStage, Enrolment, Evaluation, EvaluationNotice, Strand
from programmes.tests.factories import attended, enrolled, past_event, this_year

pytestmark = pytest.mark.django_db


def sent_by(step, django_capture_on_commit_callbacks) -> list:
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        step()
    return mail.outbox[before:]


def test_opening_an_event_evaluation_emails_each_person_marked_present_once(hub_staff, ect, mentor, npq_participant,
                                                                             django_capture_on_commit_callbacks):
    event = past_event()
    attended(event, ect)
    attended(event, mentor, by_email=True)  # the register matched them by email, not by account
    attended(event, npq_participant, present=False)  # invited, never came

    holder = {}
    messages = sent_by(lambda: holder.setdefault("evaluation", open_evaluation(Evaluation.Kind.EVENT, event=event, actor=hub_staff)),
                       django_capture_on_commit_callbacks)

    evaluation = holder["evaluation"]
    assert sorted(m.to[0] for m in messages) == sorted([ect.email, mentor.email])
    message = next(m for m in messages if m.to == [ect.email])
    assert message.subject == "Tell us what you thought: Evaluation: Mentor conference"
    assert settings.SITE_URL + reverse("programmes:evaluation_answer", args=[evaluation.public_id]) in message.body
    assert evaluation.closes_on.strftime("%-d %B %Y") in message.body and "How useful was this to you?" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    # Announcing again, the daily job and a redelivered task: nobody hears twice.
    assert sent_by(lambda: announce(evaluation, today=timezone.localdate()), django_capture_on_commit_callbacks) == []
    assert sent_by(lambda: announce_opening(today=timezone.localdate()), django_capture_on_commit_callbacks) == []
    send_evaluation_notices.delay(list(evaluation.notices.values_list("pk", flat=True)))
    assert len(mail.outbox) == 2
    assert set(evaluation.notices.values_list("email_state", flat=True)) == {"sent"}


def test_the_subject_is_plain_text_as_typed(hub_staff, ect, django_capture_on_commit_callbacks):
    event = past_event(title="Teachers' Q&A <live>")
    attended(event, ect)
    [message] = sent_by(lambda: open_evaluation(Evaluation.Kind.EVENT, event=event, actor=hub_staff), django_capture_on_commit_callbacks)
    assert message.subject == "Tell us what you thought: Evaluation: Teachers' Q&A <live>"


def test_an_evaluation_opening_later_is_announced_by_the_daily_job_on_its_day_and_never_once_closed(
        hub_staff, ect, django_capture_on_commit_callbacks):
    event = past_event()
    attended(event, ect)
    today = timezone.localdate()
    opens_on = today + timedelta(days=2)
    assert sent_by(lambda: open_evaluation(Evaluation.Kind.EVENT, event=event, opens_on=opens_on, actor=hub_staff),
                   django_capture_on_commit_callbacks) == []
    evaluation = Evaluation.objects.get()
    assert not evaluation.notices.exists()

    assert sent_by(lambda: announce_opening(today=today), django_capture_on_commit_callbacks) == []
    [message] = sent_by(lambda: announce_opening(today=opens_on), django_capture_on_commit_callbacks)
    assert message.to == [ect.email]

    # A notice still waiting when the evaluation closes is not sent: nobody is asked to answer a closed one.
    late = UserFactory(email="late@example.org")
    attended(event, late)
    evaluation.closes_on = today - timedelta(days=1)
    evaluation.opens_on = today - timedelta(days=10)
    evaluation.save(update_fields=["closes_on", "opens_on"])
    assert announce(evaluation, today=today) == 0
    notice = EvaluationNotice.objects.create(evaluation=evaluation, user=late)
    send_evaluation_notices.delay([notice.pk])
    notice.refresh_from_db()
    assert (notice.email_state, notice.email_error) == ("failed", "No longer to be sent")


def test_the_schools_survey_goes_to_each_headteacher_and_tutor_once(hub_staff, headteacher_a, tutor_a, tutor_b, mentor, school_a,
                                                                    django_capture_on_commit_callbacks):
    grant_role(tutor_a, Role.INDUCTION_TUTOR, school=SchoolFactory(urn=120777))  # tutor at two schools: one email
    messages = sent_by(lambda: open_evaluation(Evaluation.Kind.SCHOOLS, academic_year=this_year(), actor=hub_staff),
                       django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in messages) == sorted([headteacher_a.email, tutor_a.email, tutor_b.email])
    assert "for your school" in messages[0].body


def test_a_programme_year_evaluation_goes_to_those_who_took_part(hub_staff, ect, mentor, npq_participant,
                                                                  django_capture_on_commit_callbacks):
    cohort = cohort_for(Strand.ECTE, this_year(), CohortStage.YEAR_1)
    enrolled(ect, cohort)
    enrolled(mentor, cohort, status=Enrolment.Status.WITHDRAWN)
    enrolled(npq_participant, cohort, status=Enrolment.Status.NOMINATED)
    messages = sent_by(lambda: open_evaluation(Evaluation.Kind.PROGRAMME_YEAR, cohort=cohort, actor=hub_staff), django_capture_on_commit_callbacks)
    assert [m.to for m in messages] == [[ect.email]]


def test_announcing_costs_the_same_queries_for_1_or_40_people(hub_staff, django_assert_max_num_queries):
    for count in (1, 40):
        event = past_event(title=f"Conference {count}")
        for n in range(count):
            attended(event, UserFactory(email=f"person{count}-{n}@example.org"))
        evaluation = Evaluation.objects.create(kind=Evaluation.Kind.EVENT, event=event, title="x", opens_on=timezone.localdate(),
                                       closes_on=timezone.localdate() + timedelta(days=21))
        with django_assert_max_num_queries(6):
            assert announce(evaluation, today=timezone.localdate()) == count
