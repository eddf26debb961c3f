"""Moves between schools (registration.transfers): asked for by the new school, seen and answered by the
current school and the AB, taking effect only then."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import Claim
from participants.models import ECTAtSchoolPeriod, Invitation, LeavingReason, MentorAtSchoolPeriod, TeacherTransfer
from participants.tests.factories import user_with_role
from registration.ects import register_ect
from registration.mentors import register_mentor
from registration.tests.factories import ect_details, mentor_details, register
from registration.transfer_notices import send_transfer_notices
from registration.transfers import NOTICE, complete_due_transfers, confirm_transfer, dispute_transfer, withdraw_transfer

pytestmark = pytest.mark.django_db

Status = TeacherTransfer.Status
TODAY = date(2026, 8, 20)


@pytest.fixture
def held(school_a, tutor_a, django_capture_on_commit_callbacks):
    """An ECT of school A, invited at their own address (who has not set up an account)."""
    with django_capture_on_commit_callbacks(execute=True):
        period = register(school_a, tutor_a, today=TODAY, started_on=date(2025, 9, 1), email="own@school-a.example")
    mail.outbox.clear()
    return period


def ask(school_b, tutor_b, held, django_capture_on_commit_callbacks, **overrides) -> TeacherTransfer:
    details = ect_details(**{"trn": held.teacher.trn, "first_name": "Typed", "last_name": "Name",
                             "email": "typed@school-b.example", "started_on": date(2026, 9, 1), **overrides})
    with django_capture_on_commit_callbacks(execute=True):
        return register_ect(school_b, details, actor=tutor_b, today=TODAY).transfer


def test_the_current_school_gets_one_email_naming_the_new_school(
    school_a, tutor_a, school_b, tutor_b, held, django_capture_on_commit_callbacks,
):
    headteacher = user_with_role("headteacher", school=school_a, email="head@school-a.example")
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    assert [sorted(message.to) for message in mail.outbox] == [sorted([tutor_a.email, headteacher.email])]
    body = mail.outbox[0].body
    assert school_b.name in body and held.teacher.full_name in body and "1 September 2026" in body
    assert reverse("participants:transfer", kwargs={"urn": school_a.urn, "transfer": transfer.public_id}) in body
    # Sent once, whatever the redeliveries.
    send_transfer_notices([transfer.pk])
    assert len(mail.outbox) == 1
    transfer.refresh_from_db()
    assert transfer.email_state == TeacherTransfer.EmailState.SENT


def test_registering_again_does_not_ask_twice(school_b, tutor_b, held, django_capture_on_commit_callbacks):
    first = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    again = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    assert first == again and TeacherTransfer.objects.count() == 1 and len(mail.outbox) == 1


def test_confirming_moves_the_teacher_with_the_new_schools_answers_and_their_own_email(
    school_a, tutor_a, school_b, tutor_b, held, django_capture_on_commit_callbacks,
):
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks, training_programme="school_led")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_transfer(transfer, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)

    held.refresh_from_db()
    assert (held.finished_on, held.leaving_reason) == (date(2026, 8, 31), LeavingReason.MOVED_SCHOOL)
    new = ECTAtSchoolPeriod.objects.get(school=school_b)
    assert (new.teacher, new.started_on, new.training_programme, new.registered_by) == (
        held.teacher, date(2026, 9, 1), "school_led", tutor_b)
    assert Claim.objects.filter(ect_period=new, status=Claim.Status.PENDING).exists()
    teacher = new.teacher
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.email) == ("Ada", "own@school-a.example")
    # The invitation goes to the address on record, never to the one school B typed.
    assert set(Invitation.objects.usable().values_list("email", flat=True)) == {"own@school-a.example"}
    assert not [message for message in mail.outbox if "typed@school-b.example" in message.to]
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by, transfer.ect_period) == (Status.DONE, tutor_a, new)


def test_an_ect_move_needs_the_leaving_date_and_cannot_be_answered_twice(
    tutor_a, school_b, tutor_b, held, django_capture_on_commit_callbacks,
):
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as raised:
        confirm_transfer(transfer, leaving_on=None, actor=tutor_a, today=TODAY)
    assert list(raised.value.message_dict) == ["leaving_on"]
    withdraw_transfer(transfer, actor=tutor_b)
    with pytest.raises(ValidationError, match="already withdrawn"):
        confirm_transfer(transfer, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)
    held.refresh_from_db()
    assert held.finished_on is None


def test_a_disputed_move_never_takes_effect_by_itself(tutor_a, school_b, tutor_b, held, django_capture_on_commit_callbacks):
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        dispute_transfer(transfer, reason=" ", actor=tutor_a)
    dispute_transfer(transfer, reason="She has not left us", actor=tutor_a)
    assert complete_due_transfers(today=date(2027, 1, 1)) == []
    held.refresh_from_db()
    assert held.finished_on is None and not ECTAtSchoolPeriod.objects.filter(school=school_b).exists()


def test_an_unanswered_move_takes_effect_on_its_start_date_after_the_notice(
    school_b, tutor_b, held, django_capture_on_commit_callbacks,
):
    # Asked for today, starting yesterday: the current school still has its full notice.
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks, started_on=timezone.localdate() - timedelta(days=1))
    due = timezone.localdate() + NOTICE
    assert complete_due_transfers(today=due - timedelta(days=1)) == []
    assert complete_due_transfers(today=due) == [transfer]
    held.refresh_from_db()
    assert (held.finished_on, held.leaving_reason) == (timezone.localdate() - timedelta(days=2), LeavingReason.MOVED_SCHOOL)
    assert ECTAtSchoolPeriod.objects.get(school=school_b).started_on == timezone.localdate() - timedelta(days=1)


def test_a_mentor_move_leaves_the_mentor_at_their_own_school_too(
    school_a, tutor_a, school_b, tutor_b, django_capture_on_commit_callbacks,
):
    at_a = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = register_mentor(school_b, mentor_details(trn=at_a.teacher.trn, email="typed@school-b.example"),
                                   actor=tutor_b, today=TODAY)
    assert isinstance(transfer, TeacherTransfer) and transfer.kind == TeacherTransfer.Kind.MENTOR
    confirm_transfer(transfer, leaving_on=None, actor=tutor_a, today=TODAY)
    assert set(MentorAtSchoolPeriod.objects.filter(teacher=at_a.teacher, finished_on__isnull=True)
               .values_list("school", flat=True)) == {school_a.pk, school_b.pk}


def test_a_teacher_nobody_holds_keeps_who_they_are_and_is_invited_at_their_own_address(
    school_a, tutor_a, school_b, tutor_b, django_capture_on_commit_callbacks,
):
    left = register(school_a, tutor_a, today=TODAY, started_on=date(2025, 9, 1), email="own@example.org")
    ECTAtSchoolPeriod.objects.filter(pk=left.pk).update(finished_on=date(2026, 7, 20), leaving_reason=LeavingReason.LEFT_SCHOOL)
    Invitation.objects.update(revoked_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        registered = register_ect(school_b, ect_details(trn=left.teacher.trn, first_name="Typed", email="typed@example.org",
                                                        started_on=date(2026, 9, 1)), actor=tutor_b, today=TODAY)
    assert registered.period.school == school_b
    teacher = registered.period.teacher
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.email) == ("Ada", "own@example.org")
    assert list(Invitation.objects.usable().values_list("email", flat=True)) == ["own@example.org"]


def test_hub_staff_may_still_change_who_a_teacher_is(school_a, tutor_a, school_b, hub_staff):
    left = register(school_a, tutor_a, today=TODAY, started_on=date(2025, 9, 1))
    ECTAtSchoolPeriod.objects.filter(pk=left.pk).update(finished_on=date(2026, 7, 20), leaving_reason=LeavingReason.LEFT_SCHOOL)
    registered = register_ect(school_b, ect_details(trn=left.teacher.trn, first_name="Corrected", started_on=date(2026, 9, 1)),
                              actor=hub_staff, today=TODAY)
    assert registered.period.teacher.first_name == "Corrected"


# -- the pages -------------------------------------------------------------------------------------


def test_each_school_answers_its_own_side_on_the_move_page(
    as_user, school_a, tutor_a, school_b, tutor_b, ab_staff, held, django_capture_on_commit_callbacks,
):
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    a_url = reverse("participants:transfer", kwargs={"urn": school_a.urn, "transfer": transfer.public_id})
    b_url = reverse("participants:transfer", kwargs={"urn": school_b.urn, "transfer": transfer.public_id})
    # School B sees the TRN it typed and the dates, nothing school A holds; it cannot open school A's side.
    b_page = as_user(tutor_b).get(b_url).content.decode()
    assert transfer.teacher.trn in b_page and school_a.name not in b_page and held.teacher.full_name not in b_page
    assert as_user(tutor_b).get(a_url).status_code == 404
    assert as_user(tutor_b).post(b_url, {"answer": "confirm"}).status_code == 200
    transfer.refresh_from_db()
    assert transfer.status == Status.PENDING
    # School A's list shows the move; its page takes the answer.
    ect_list = as_user(tutor_a).get(reverse("participants:ect_list", kwargs={"urn": school_a.urn})).content.decode()
    assert a_url in ect_list and school_b.name in ect_list
    response = as_user(tutor_a).post(a_url, {"answer": "confirm", "leaving_on_0": "31", "leaving_on_1": "8",
                                              "leaving_on_2": "2026"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Status.DONE and transfer.leaving_on == date(2026, 8, 31)


def test_the_new_school_withdraws_and_the_ab_sees_what_is_open(
    as_user, school_a, tutor_a, school_b, tutor_b, ab_staff, held, django_capture_on_commit_callbacks,
):
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    todo = as_user(ab_staff).get(reverse("appropriate_body:todo"))
    assert [(row.teacher, row.from_school, row.to_school) for row in _moves(todo).rows] == [(held.teacher, school_a, school_b)]
    page = todo.content.decode()
    assert f"from {school_a.name} to {school_b.name}" in page
    b_url = reverse("participants:transfer", kwargs={"urn": school_b.urn, "transfer": transfer.public_id})
    assert as_user(tutor_b).post(b_url, {"answer": "withdraw"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Status.WITHDRAWN
    assert _moves(as_user(ab_staff).get(reverse("appropriate_body:todo"))).count == 0


def _moves(response):
    return next(item for item in response.context["items"] if item.key == "moves")


def test_hub_staff_decide_a_disputed_move(as_user, school_a, tutor_a, school_b, tutor_b, hub_staff, held,
                                          django_capture_on_commit_callbacks):
    transfer = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    a_url = reverse("participants:transfer", kwargs={"urn": school_a.urn, "transfer": transfer.public_id})
    assert as_user(tutor_a).post(a_url, {"answer": "dispute", "reason": "She has not left us"}).status_code == 302
    page = as_user(tutor_a).get(a_url).content.decode()
    assert "She has not left us" in page and "Send your answer" not in page
    assert "Send your answer" in as_user(hub_staff).get(a_url).content.decode()
    assert as_user(hub_staff).post(a_url, {"answer": "withdraw"}).status_code == 302
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (Status.WITHDRAWN, hub_staff)


def test_a_second_schools_request_is_put_to_the_school_the_teacher_moved_to(
    school_a, tutor_a, school_b, tutor_b, held, django_capture_on_commit_callbacks,
):
    from participants.tests.factories import SchoolFactory

    school_c = SchoolFactory(urn=110003, name="Cedar School")
    tutor_c = user_with_role("induction_tutor", school=school_c, email="tutor.c@example.org")
    to_b = ask(school_b, tutor_b, held, django_capture_on_commit_callbacks)
    to_c = ask(school_c, tutor_c, held, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_transfer(to_b, leaving_on=date(2026, 8, 31), actor=tutor_a, today=TODAY)
    to_c.refresh_from_db()
    # School B now holds the teacher: it is the one asked, and school A's period is finished only once.
    assert (to_c.from_school, to_c.status) == (school_b, Status.PENDING)
    assert [message.to for message in mail.outbox if tutor_b.email in message.to] == [[tutor_b.email]]
    held.refresh_from_db()
    assert held.finished_on == date(2026, 8, 31)
    assert ECTAtSchoolPeriod.objects.get(school=school_b).finished_on is None


def test_a_new_mentor_held_elsewhere_is_asked_for_and_the_ect_registered_without_them(
    school_a, tutor_a, school_b, tutor_b, django_capture_on_commit_callbacks,
):
    at_a = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    registered = register_ect(school_b, ect_details(started_on=date(2026, 9, 1)), actor=tutor_b, today=TODAY,
                              new_mentor=mentor_details(trn=at_a.teacher.trn))
    assert registered.period.mentor is None
    assert (registered.mentor_transfer.teacher, registered.mentor_transfer.from_school) == (at_a.teacher, school_a)
