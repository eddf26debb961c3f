"""Rules whose clock is not a record's own day plus months."""

from datetime import date

import pytest

from participants.models import HeadteacherConfirmation, Role, RoleAssignment
from participants.tests.factories import SchoolFactory, TeacherFactory, UserFactory
from privacy.retention import schedule
from programmes.models import Enrolment, EventNotice
from programmes.tests.factories import EnrolmentFactory, EventFactory, InvitationFactory, aware

pytestmark = pytest.mark.django_db


def test_emails_about_an_event_go_when_the_academic_year_after_the_events_has_ended():
    # Held in March 2032 (2031/32): kept through 2032/33, which ends on 31 August 2033.
    event = EventFactory(starts_at=aware(date(2032, 3, 15), 9), ends_at=aware(date(2032, 3, 15), 16))
    notice = EventNotice.objects.create(invitation=InvitationFactory(event=event), kind=EventNotice.Kind.CANCELLED, email_state="sent")
    rule = schedule.rule("outbox.eventnotice")

    assert not rule.due_on(date(2033, 8, 31)).filter(pk=notice.pk).exists()
    assert rule.due_on(date(2033, 9, 1)).filter(pk=notice.pk).exists()


def test_a_headteachers_confirmation_is_kept_while_the_role_lasts():
    school, user = SchoolFactory(), UserFactory()
    confirmation = HeadteacherConfirmation.objects.create(user=user, school=school, decided_at=aware(date(2026, 9, 1)),
                                                          decision=HeadteacherConfirmation.Decision.CONFIRMED)
    role = RoleAssignment.objects.create(user=user, role=Role.HEADTEACHER, school=school)
    rule = schedule.rule("headteacher_confirmations")

    assert not rule.due_on(date(2030, 1, 1)).filter(pk=confirmation.pk).exists()
    role.delete()
    assert rule.due_on(date(2030, 1, 1)).filter(pk=confirmation.pk).exists()


def test_a_move_inside_an_induction_record_waits_for_the_record(cast, school_a):
    from appropriate_body.tests.factories import InductionFactory
    from participants.models import TeacherTransfer

    induction = InductionFactory()
    move = TeacherTransfer.objects.create(teacher=induction.teacher, kind=TeacherTransfer.Kind.ECT, from_school=school_a,
                                          to_school=SchoolFactory(), started_on=date(2026, 9, 1),
                                          status=TeacherTransfer.Status.DONE, decided_at=aware(date(2026, 9, 1)))

    assert not schedule.rule("transfers").due_on(date(2040, 1, 1)).filter(pk=move.pk).exists()


def test_an_inductions_clock_starts_at_the_latest_of_its_end_its_decision_and_its_appeals_result():
    from dateutil.relativedelta import relativedelta

    from appropriate_body.models import Appeal, CompletionDecision
    from appropriate_body.tests.factories import InductionFactory, InductionPeriodFactory

    ended, decided, appealed = date(2027, 7, 20), date(2027, 9, 1), date(2027, 12, 1)
    induction = InductionFactory()
    InductionPeriodFactory(induction=induction, started_on=date(2025, 9, 1), finished_on=ended, number_of_terms=6, outcome="pass")
    decision = CompletionDecision.objects.create(induction=induction, completed_on=ended, decision="pass", decided_on=decided)
    rule = schedule.rule("induction_records")

    def due_on(day):
        return rule.due_on(day).filter(pk=induction.pk).exists()

    assert not due_on(decided + relativedelta(years=6)) and due_on(decided + relativedelta(years=6, days=1))
    Appeal.objects.create(completion=decision, lodged_on=decided, copy_received_on=decided, outcome_received_on=appealed)
    assert not due_on(appealed + relativedelta(years=6)) and due_on(appealed + relativedelta(years=6, days=1))


def test_a_teacher_still_here_or_with_something_statutory_is_never_anonymised(cast, school_a):
    from appropriate_body.tests.factories import InductionFactory
    from participants.models import ECTAtSchoolPeriod
    from participants.tests.factories import TeacherFactory, UserFactory
    from programmes.tests.factories import EnrolmentFactory

    long_ago = date(2020, 7, 31)
    with_induction = InductionFactory().teacher
    still_here = TeacherFactory()
    ECTAtSchoolPeriod.objects.create(teacher=still_here, school=school_a, started_on=long_ago, working_pattern="full_time",
                                     training_programme="school_led")
    npq = EnrolmentFactory(status="completed", outcome="passed", outcome_on=long_ago, reduced_on=long_ago).teacher
    signing_in = TeacherFactory(user=UserFactory())
    gone = TeacherFactory()
    ECTAtSchoolPeriod.objects.create(teacher=gone, school=school_a, started_on=date(2019, 9, 1), finished_on=long_ago,
                                     working_pattern="full_time", training_programme="school_led")

    reached = set(schedule.rule("teachers").due_on(date(2040, 1, 1)).values_list("pk", flat=True))

    assert gone.pk in reached
    assert not reached & {with_induction.pk, still_here.pk, npq.pk, signing_in.pk}


def test_an_anonymised_teachers_reduced_enrolments_keep_no_copy_of_their_name():
    teacher = TeacherFactory(first_name="Ada", last_name="Lovelace")
    enrolment = EnrolmentFactory(teacher=teacher, status=Enrolment.Status.COMPLETED, reduced_on=date(2025, 1, 1))
    assert Enrolment.objects.values_list("teacher_first_name", "teacher_last_name").get(pk=enrolment.pk) == ("Ada", "Lovelace")
    schedule.rule("teachers").apply([teacher.pk], date(2026, 10, 1))
    assert Enrolment.objects.values_list("teacher_first_name", "teacher_last_name").get(pk=enrolment.pk) == ("Erased", "person")
