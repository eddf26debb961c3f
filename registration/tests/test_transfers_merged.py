"""A move asked of a school that then closes and merges into its GIAS successor (registration.school_merges):
the successor holds the teacher from then on, so it is the one asked, and undoing the merge asks the old school again."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participants.models import ECTAtSchoolPeriod, LeavingReason, MentorAtSchoolPeriod, School, TeacherTransfer
from participants.tests.factories import SchoolFactory, user_with_role
from registration.ects import register_ect
from registration.mentors import register_mentor
from registration.school_merges.merges import merge_school, reverse_merge
from registration.tests.factories import ect_details, mentor_details, register
from registration.transfers import NOTICE, complete_due_transfers, confirm_transfer, dispute_transfer

pytestmark = pytest.mark.django_db

Status = TeacherTransfer.Status
TODAY = date(2026, 8, 20)
MOVED_ON = date(2026, 8, 24)  # school A closed on 23 August; its successor took over the next day
STARTS_AT_B = date(2026, 9, 1)


@pytest.fixture
def successor(db):
    return SchoolFactory(urn=110_009, name="Alder Academy")


@pytest.fixture
def tutor_s(successor):
    return user_with_role("induction_tutor", school=successor, email="tutor.s@example.org")


@pytest.fixture
def held(school_a, tutor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        period = register(school_a, tutor_a, today=TODAY, started_on=date(2025, 9, 1))
    mail.outbox.clear()
    return period


@pytest.fixture
def asked(school_b, tutor_b, held, django_capture_on_commit_callbacks) -> TeacherTransfer:
    """School B asks for school A's ECT from 1 September; A has had its email."""
    details = ect_details(trn=held.teacher.trn, started_on=STARTS_AT_B, training_programme="school_led")
    with django_capture_on_commit_callbacks(execute=True):
        transfer = register_ect(school_b, details, actor=tutor_b, today=TODAY).transfer
    mail.outbox.clear()
    return transfer


def merge(school_a, successor, django_capture_on_commit_callbacks):
    School.objects.filter(pk=school_a.pk).update(status=School.Status.CLOSED, closed_on=MOVED_ON - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        return merge_school(school_a, successor, link_type="Successor", moved_on=MOVED_ON, actor=None)


def open_ect_periods(teacher) -> list[tuple]:
    return list(ECTAtSchoolPeriod.objects.filter(teacher=teacher, finished_on__isnull=True).values_list("school__name", "started_on"))


def test_the_successor_is_asked_instead_and_its_confirmation_moves_the_teacher(
    as_user, school_a, tutor_a, school_b, successor, tutor_s, held, asked, django_capture_on_commit_callbacks,
):
    merge(school_a, successor, django_capture_on_commit_callbacks)

    asked.refresh_from_db()
    assert (asked.from_school, asked.status) == (successor, Status.PENDING)
    # The successor's managers get the one email, and the full notice from now.
    assert [message.to for message in mail.outbox] == [[tutor_s.email]]
    s_url = reverse("participants:transfer", kwargs={"urn": successor.urn, "transfer": asked.public_id})
    assert s_url in mail.outbox[0].body
    assert timezone.localdate(asked.created_at) == timezone.localdate()
    assert s_url in as_user(tutor_s).get(reverse("participants:ect_list", kwargs={"urn": successor.urn})).content.decode()
    a_url = reverse("participants:transfer", kwargs={"urn": school_a.urn, "transfer": asked.public_id})
    assert as_user(tutor_a).get(a_url).status_code == 404

    response = as_user(tutor_s).post(s_url, {"answer": "confirm", "leaving_on_0": "31", "leaving_on_1": "8", "leaving_on_2": "2026"})

    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by, asked.leaving_on) == (Status.DONE, tutor_s, date(2026, 8, 31))
    # Each school's time stays true: A until it closed, its successor until the teacher left, then B.
    periods = ECTAtSchoolPeriod.objects.filter(teacher=held.teacher).order_by("started_on")
    assert [(p.school, p.started_on, p.finished_on, p.leaving_reason) for p in periods] == [
        (school_a, date(2025, 9, 1), date(2026, 8, 23), LeavingReason.MOVED_SCHOOL),
        (successor, MOVED_ON, date(2026, 8, 31), LeavingReason.MOVED_SCHOOL),
        (school_b, STARTS_AT_B, None, ""),
    ]


def test_confirming_after_the_merge_never_leaves_two_open_periods(
    school_a, successor, tutor_s, held, asked, django_capture_on_commit_callbacks,
):
    merge(school_a, successor, django_capture_on_commit_callbacks)

    confirm_transfer(asked, leaving_on=date(2026, 8, 31), actor=tutor_s, today=TODAY)

    assert open_ect_periods(held.teacher) == [("Birch Academy", STARTS_AT_B)]


def test_the_daily_job_completes_the_move_from_the_successor_after_its_notice(
    school_a, successor, held, asked, django_capture_on_commit_callbacks,
):
    merge(school_a, successor, django_capture_on_commit_callbacks)
    due = timezone.localdate() + NOTICE

    assert complete_due_transfers(today=due - timedelta(days=1)) == []
    assert complete_due_transfers(today=due) == [asked]

    assert open_ect_periods(held.teacher) == [("Birch Academy", STARTS_AT_B)]
    assert ECTAtSchoolPeriod.objects.get(school=successor).finished_on == STARTS_AT_B - timedelta(days=1)


def test_a_disputed_move_stays_for_hub_staff_and_no_one_is_emailed(
    school_a, tutor_a, successor, held, asked, django_capture_on_commit_callbacks,
):
    dispute_transfer(asked, reason="She has not left us", actor=tutor_a)

    merge(school_a, successor, django_capture_on_commit_callbacks)

    asked.refresh_from_db()
    assert (asked.from_school, asked.status, asked.dispute_reason) == (successor, Status.DISPUTED, "She has not left us")
    assert mail.outbox == []
    assert complete_due_transfers(today=date(2027, 1, 1)) == []


def test_reversing_the_merge_asks_the_old_school_again(
    school_a, tutor_a, successor, hub_staff, held, asked, django_capture_on_commit_callbacks,
):
    made = merge(school_a, successor, django_capture_on_commit_callbacks)
    assert made.moved["transfers"] == [asked.pk]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reverse_merge(made, actor=hub_staff)

    asked.refresh_from_db()
    assert (asked.from_school, asked.status) == (school_a, Status.PENDING)
    assert [message.to for message in mail.outbox] == [[tutor_a.email]]
    assert asked.history.first().history_user == hub_staff
    confirm_transfer(asked, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)
    assert open_ect_periods(held.teacher) == [("Birch Academy", STARTS_AT_B)]


def test_a_move_into_the_successor_itself_is_done_by_the_merge_and_undone_with_it(
    school_a, tutor_a, successor, tutor_s, hub_staff, held, django_capture_on_commit_callbacks,
):
    details = ect_details(trn=held.teacher.trn, started_on=STARTS_AT_B)
    with django_capture_on_commit_callbacks(execute=True):
        into_successor = register_ect(successor, details, actor=tutor_s, today=TODAY).transfer
    mail.outbox.clear()

    made = merge(school_a, successor, django_capture_on_commit_callbacks)

    into_successor.refresh_from_db()
    at_successor = ECTAtSchoolPeriod.objects.get(school=successor)
    assert (into_successor.status, into_successor.from_school, into_successor.ect_period) == (Status.DONE, school_a, at_successor)
    assert made.moved["answered_transfers"] == [[into_successor.pk, Status.PENDING]]
    assert mail.outbox == []
    assert complete_due_transfers(today=date(2027, 1, 1)) == []
    with pytest.raises(ValidationError, match="already moved"):
        confirm_transfer(into_successor, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)
    assert open_ect_periods(held.teacher) == [("Alder Academy", MOVED_ON)]

    with django_capture_on_commit_callbacks(execute=True):
        reverse_merge(made, actor=hub_staff)

    into_successor.refresh_from_db()
    assert (into_successor.status, into_successor.ect_period, into_successor.decided_at) == (Status.PENDING, None, None)
    assert [message.to for message in mail.outbox] == [[tutor_a.email]]
    confirm_transfer(into_successor, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)
    assert open_ect_periods(held.teacher) == [("Alder Academy", STARTS_AT_B)]


def test_a_mentor_move_into_the_successor_is_done_by_the_merge(
    school_a, tutor_a, successor, tutor_s, django_capture_on_commit_callbacks,
):
    at_a = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    into_successor = register_mentor(successor, mentor_details(trn=at_a.teacher.trn), actor=tutor_s, today=TODAY)

    merge(school_a, successor, django_capture_on_commit_callbacks)

    into_successor.refresh_from_db()
    assert (into_successor.status, into_successor.mentor_period) == (Status.DONE, MentorAtSchoolPeriod.objects.get(school=successor))
    assert complete_due_transfers(today=date(2027, 1, 1)) == []


def test_a_move_whose_teacher_another_school_now_holds_is_refused_and_the_daily_job_goes_on(
    school_a, tutor_a, school_b, tutor_b, successor, held, asked, django_capture_on_commit_callbacks,
):
    # As a merge made before moves followed it left them: the teacher is at the successor, the move still asks A.
    merge(school_a, successor, django_capture_on_commit_callbacks)
    TeacherTransfer.objects.filter(pk=asked.pk).update(from_school=school_a)
    # A teacher still at A (registered there after the merge), whose move behind it is due the same day.
    other = register(school_a, tutor_a, today=TODAY, started_on=date(2025, 9, 1))
    second = register_ect(school_b, ect_details(trn=other.teacher.trn, started_on=STARTS_AT_B), actor=tutor_b, today=TODAY).transfer

    with pytest.raises(ValidationError, match="another school"):
        confirm_transfer(asked, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)

    assert complete_due_transfers(today=timezone.localdate() + NOTICE) == [second]
    asked.refresh_from_db()
    assert asked.status == Status.PENDING
    assert open_ect_periods(held.teacher) == [("Alder Academy", MOVED_ON)]


def test_a_teacher_already_leaving_the_closed_school_is_still_its_to_let_go(
    school_a, tutor_a, successor, held, asked, django_capture_on_commit_callbacks,
):
    # Their last day at A was set before it closed, so the merge does not take them to the successor.
    ECTAtSchoolPeriod.objects.filter(pk=held.pk).update(finished_on=date(2026, 8, 31), leaving_reason=LeavingReason.MOVED_SCHOOL)

    assert merge(school_a, successor, django_capture_on_commit_callbacks) is None

    asked.refresh_from_db()
    assert (asked.from_school, asked.status) == (school_a, Status.PENDING)
    confirm_transfer(asked, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)
    assert open_ect_periods(held.teacher) == [("Birch Academy", STARTS_AT_B)]
