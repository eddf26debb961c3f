"""Changing a registration after it was made (participants.ect_changes), without HTTP."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.models import Claim
from participants.models import ECTAtSchoolPeriod, Invitation, LeadProvider, LeavingReason, MentorAtSchoolPeriod, TrainingProgramme, WorkingPattern
from programmes.models import Enrolment, Strand
from registration.changes import ECTChanges, add_mentor, add_months, change_mentor, ect_history, report_leaver, update_ect
from registration.ects import register_ect
from registration.mentors import register_mentor
from registration.status import ECTStatus, with_status
from registration.teachers import EMAIL_IN_USE
from registration.tests.factories import ect_details, mentor_details, register
from registration.transfers import confirm_transfer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 8, 20)


def changes_for(period, **overrides) -> ECTChanges:
    return ECTChanges(**{**ECTChanges.of(period).__dict__, **overrides})


def status_of(period, today):
    return with_status(ECTAtSchoolPeriod.objects.filter(pk=period.pk), today=today).get().status


# --- update_ect --------------------------------------------------------------------------

def test_update_saves_name_pattern_and_programme_with_the_actor_in_history(school_a, tutor_a, hub_staff):
    period = register(school_a, tutor_a, today=TODAY)
    provider = LeadProvider.objects.get(name="Teach First")
    changed = update_ect(period, changes_for(
        period, first_name="Siân", corrected_name="Siân Jones", working_pattern=WorkingPattern.PART_TIME,
        fte=Decimal("0.6"), training_programme=TrainingProgramme.PROVIDER_LED, lead_provider_id=provider.pk,
    ), actor=hub_staff, today=TODAY)

    period.refresh_from_db()
    period.teacher.refresh_from_db()
    assert set(changed) == {"first_name", "corrected_name", "working_pattern", "fte", "training_programme", "lead_provider"}
    assert (period.teacher.first_name, period.teacher.full_name) == ("Siân", "Siân Jones")
    assert (period.working_pattern, period.fte, period.lead_provider) == (WorkingPattern.PART_TIME, Decimal("0.60"), provider)
    assert period.history.first().history_user == hub_staff
    assert period.teacher.history.first().history_user == hub_staff
    # The AB's pending claim follows the programme the school now runs.
    claim = Claim.objects.get(ect_period=period)
    assert claim.training_programme == TrainingProgramme.PROVIDER_LED
    assert claim.history.first().history_user == hub_staff


def test_going_full_time_and_school_led_clears_fte_and_provider(school_a, tutor_a):
    provider = LeadProvider.objects.get(name="Teach First")
    period = register(school_a, tutor_a, today=TODAY, working_pattern=WorkingPattern.PART_TIME, fte=Decimal("0.5"),
                      training_programme=TrainingProgramme.PROVIDER_LED, lead_provider_id=provider.pk)
    update_ect(period, changes_for(period, working_pattern=WorkingPattern.FULL_TIME, fte=Decimal("0.5"),
                                   training_programme=TrainingProgramme.SCHOOL_LED, lead_provider_id=provider.pk),
               actor=tutor_a, today=TODAY)
    period.refresh_from_db()
    assert (period.fte, period.lead_provider_id) == (None, None)


def test_nothing_changed_saves_nothing(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    before = period.history.count(), period.teacher.history.count()
    assert update_ect(period, changes_for(period), actor=tutor_a, today=TODAY) == []
    assert (period.history.count(), period.teacher.history.count()) == before


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"first_name": " "}, "first_name", "Enter their first name"),
    ({"last_name": ""}, "last_name", "Enter their last name"),
    ({"email": "not-an-email"}, "email", "Enter an email address in the correct format, like name@example.com"),
    ({"working_pattern": WorkingPattern.PART_TIME, "fte": None}, "fte", "Enter their FTE, for example 0.6"),
    ({"working_pattern": WorkingPattern.PART_TIME, "fte": Decimal("1")}, "fte",
     "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
    ({"working_pattern": "sometimes"}, "working_pattern", "Select full time or part time"),
    ({"training_programme": TrainingProgramme.PROVIDER_LED, "lead_provider_id": None}, "lead_provider", "Select the lead provider"),
    ({"training_programme": "cip"}, "training_programme", "Select provider-led or school-led"),  # IND-007
])
def test_registration_messages_apply_to_changes(school_a, tutor_a, overrides, field, message):
    period = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        update_ect(period, changes_for(period, **overrides), actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {field: [message]}


def test_the_start_date_rule_of_registration_does_not_block_a_change_later(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    # Two years on, the ECT's start date is far behind "today": only what changed is checked.
    assert update_ect(period, changes_for(period, first_name="Ada May"), actor=tutor_a, today=date(2028, 8, 1)) == ["first_name"]


def test_an_email_used_by_another_active_teacher_is_refused(school_a, tutor_a):
    first = register(school_a, tutor_a, today=TODAY)
    second = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        update_ect(second, changes_for(second, email=first.teacher.email.upper()), actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {"email": [EMAIL_IN_USE]}


def test_a_new_email_sends_a_new_invitation_and_the_old_link_stops_working(
    school_a, tutor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        period = register(school_a, tutor_a, today=TODAY)
    old = Invitation.objects.get(teacher=period.teacher)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update_ect(period, changes_for(period, email="  Ada.New@Example.org "), actor=tutor_a, today=TODAY)

    old.refresh_from_db()
    assert old.revoked_at is not None
    new = Invitation.objects.usable().get(teacher=period.teacher)
    assert new.email == "ada.new@example.org"
    assert [m.to for m in mail.outbox] == [["ada.new@example.org"]]


def test_a_teacher_with_an_account_is_not_invited_again(school_a, tutor_a, ect, django_capture_on_commit_callbacks):
    period = register(school_a, tutor_a, today=TODAY)
    period.teacher.user = ect
    period.teacher.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update_ect(period, changes_for(period, email="another@example.org"), actor=tutor_a, today=TODAY)
    assert mail.outbox == []


# --- report_leaver: the 4-month rule --------------------------------------------------------

def test_add_months_keeps_the_day_or_uses_the_months_last():
    assert add_months(date(2026, 8, 20), 4) == date(2026, 12, 20)
    assert add_months(date(2026, 10, 31), 4) == date(2027, 2, 28)
    assert add_months(date(2027, 10, 31), 4) == date(2028, 2, 29)


def test_a_leaver_up_to_four_months_ahead_is_leaving_then_left(school_a, tutor_a):
    today = date(2026, 10, 1)
    period = register(school_a, tutor_a, today=TODAY)
    report_leaver(period, finished_on=date(2027, 2, 1), reason=LeavingReason.LEFT_SCHOOL, note=" Moving away ",
                  actor=tutor_a, today=today)
    period.refresh_from_db()
    assert (period.finished_on, period.leaving_reason, period.leaving_note) == (
        date(2027, 2, 1), LeavingReason.LEFT_SCHOOL, "Moving away",
    )
    assert period.history.first().history_user == tutor_a
    assert status_of(period, today) == ECTStatus.LEAVING
    assert status_of(period, date(2027, 2, 1)) == ECTStatus.LEAVING
    assert status_of(period, date(2027, 2, 2)) == ECTStatus.LEFT


def test_four_months_and_a_day_ahead_is_refused(school_a, tutor_a):
    today = date(2026, 10, 1)
    period = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        report_leaver(period, finished_on=date(2027, 2, 2), reason=LeavingReason.LEFT_SCHOOL, note="",
                      actor=tutor_a, today=today)
    assert raised.value.message_dict == {
        "finished_on": ["The end date must be no more than 4 months from today, on or before 1 February 2027"],
    }
    period.refresh_from_db()
    assert period.finished_on is None


def test_an_end_date_before_the_start_date_is_refused(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)  # starts 1 September 2026
    with pytest.raises(ValidationError) as raised:
        report_leaver(period, finished_on=date(2026, 8, 31), reason=LeavingReason.LEFT_SCHOOL, note="",
                      actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {
        "finished_on": ["The end date must be on or after the date they started, 1 September 2026"],
    }


@pytest.mark.parametrize("reason", ["", LeavingReason.MOVED_SCHOOL, LeavingReason.COMPLETED_INDUCTION, "fired"])
def test_only_the_reasons_a_school_reports_are_accepted(school_a, tutor_a, reason):
    period = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        report_leaver(period, finished_on=date(2026, 9, 30), reason=reason, note="", actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {"reason": ["Select why they are leaving"]}


def test_missing_date_is_asked_for(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        report_leaver(period, finished_on=None, reason=LeavingReason.LEFT_SCHOOL, note="", actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {"finished_on": ["Enter the date they leave or left the school"]}


def test_registered_in_error_withdraws_the_pending_claim(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    report_leaver(period, finished_on=date(2026, 9, 1), reason=LeavingReason.REGISTERED_IN_ERROR, note="",
                  actor=tutor_a, today=TODAY)
    claim = Claim.objects.get(ect_period=period)
    assert claim.status == Claim.Status.WITHDRAWN and "in error" in claim.status_reason


def test_a_record_that_has_left_cannot_be_changed(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    report_leaver(period, finished_on=date(2026, 9, 30), reason=LeavingReason.LEFT_SCHOOL, note="", actor=tutor_a, today=TODAY)
    later = date(2026, 10, 1)
    with pytest.raises(ValidationError, match="no longer at this school"):
        update_ect(period, changes_for(period, first_name="Changed"), actor=tutor_a, today=later)
    with pytest.raises(ValidationError, match="no longer at this school"):
        report_leaver(period, finished_on=later, reason=LeavingReason.LEFT_SCHOOL, note="", actor=tutor_a, today=later)


def test_a_mover_is_not_reported_as_leaving_by_the_old_school(school_a, school_b, tutor_a, tutor_b):
    old = register(school_a, tutor_a, today=TODAY)
    asked = register_ect(school_b, ect_details(trn=old.teacher.trn, started_on=date(2026, 11, 1)), actor=tutor_b, today=TODAY)
    confirm_transfer(asked.transfer, leaving_on=date(2026, 10, 31), actor=tutor_a, today=TODAY)
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="moving to another school"):
        report_leaver(old, finished_on=date(2026, 9, 30), reason=LeavingReason.LEFT_SCHOOL, note="", actor=tutor_a, today=TODAY)


# --- mentors -----------------------------------------------------------------------------

def test_assigning_an_existing_mentor(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    assert change_mentor(period, mentor=mentor, actor=tutor_a, today=TODAY) == mentor
    period.refresh_from_db()
    assert period.mentor == mentor and period.history.first().history_user == tutor_a


def test_a_new_mentor_is_registered_enrolled_emailed_and_assigned(school_a, tutor_a, django_capture_on_commit_callbacks):
    period = register(school_a, tutor_a, today=TODAY)
    details = mentor_details()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mentor = change_mentor(period, new_mentor=details, actor=tutor_a, today=TODAY)
    period.refresh_from_db()
    assert period.mentor == mentor and mentor.teacher.trn == details.trn
    assert Enrolment.objects.filter(teacher=mentor.teacher, cohort__programme__strand=Strand.ECTE_MENTOR).exists()
    assert [m.to for m in mail.outbox] == [[details.email]]


def test_one_mentor_mentors_several_ects(school_a, tutor_a):
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    first, second = register(school_a, tutor_a, today=TODAY), register(school_a, tutor_a, today=TODAY)
    change_mentor(first, mentor=mentor, actor=tutor_a, today=TODAY)
    change_mentor(second, mentor=mentor, actor=tutor_a, today=TODAY)
    assert mentor.ect_periods.count() == 2


def test_an_ect_cannot_be_registered_as_their_own_mentor(school_a, tutor_a):
    """ROLE-006"""
    period = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        change_mentor(period, new_mentor=mentor_details(trn=period.teacher.trn), actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {"trn": ["A teacher cannot mentor themself. Enter a different mentor"]}
    assert not MentorAtSchoolPeriod.objects.exists()


def test_an_ect_who_is_also_a_mentor_here_cannot_mentor_themself(school_a, tutor_a):
    """ROLE-006"""
    period = register(school_a, tutor_a, today=TODAY)
    own = MentorAtSchoolPeriod.objects.create(teacher=period.teacher, school=school_a, started_on=TODAY)
    with pytest.raises(ValidationError) as raised:
        change_mentor(period, mentor=own, actor=tutor_a, today=TODAY)
    assert "A teacher cannot mentor themself" in raised.value.message_dict["mentor"][0]


def test_new_mentor_fields_get_registrations_messages(school_a, tutor_a):
    period = register(school_a, tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        change_mentor(period, new_mentor=mentor_details(first_name="", email="nope"), actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {
        "first_name": ["Enter the mentor's first name"],
        "email": ["Enter an email address in the correct format, like name@example.com"],
    }


def test_adding_a_mentor_twice_is_refused(school_a, tutor_a):
    details = mentor_details()
    add_mentor(school_a, details, actor=tutor_a, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        add_mentor(school_a, details, actor=tutor_a, today=TODAY)
    assert raised.value.message_dict == {"trn": ["This teacher is already a mentor at this school"]}


# --- history -----------------------------------------------------------------------------

def test_history_says_who_changed_what_newest_first(school_a, tutor_a, hub_staff):
    period = register(school_a, tutor_a, today=TODAY)
    mentor = register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper"), actor=tutor_a, today=TODAY)
    change_mentor(period, mentor=mentor, actor=tutor_a, today=TODAY)
    update_ect(period, changes_for(period, working_pattern=WorkingPattern.PART_TIME, fte=Decimal("0.6"), last_name="Lovelace"),
               actor=hub_staff, today=TODAY)
    claim = Claim.objects.get(ect_period=period)
    claim.status, claim.status_reason = Claim.Status.REJECTED, "No QTS on the teacher record"
    claim._history_user = hub_staff
    claim.save()
    refresh_claim_state([period.pk])

    entries = ect_history(period)
    described = [(e.summary, e.who, [(c.label, c.old, c.new) for c in e.changes]) for e in entries]
    assert described[0] == ("AB claim updated", "Hana Hub", [
        ("AB claim status", "Pending", "Rejected"), ("AB's reason", "not set", "No QTS on the teacher record"),
    ])
    assert ("Changed", "Hana Hub", [("Working pattern", "Full time", "Part time"), ("FTE", "not set", "0.60")]) in described
    assert ("Changed", "Hana Hub", [("Last name", period.teacher.history.last().last_name, "Lovelace")]) in described
    assert ("Changed", "Tara Tutor", [("Mentor", "not set", "Grace Hopper")]) in described
    assert described[-1][:2] == ("Registered", "Tara Tutor")
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_history_takes_a_fixed_number_of_queries(school_a, tutor_a, django_assert_max_num_queries):
    period = register(school_a, tutor_a, today=TODAY)
    mentors = [register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY) for _ in range(5)]
    for n, mentor in enumerate(mentors):
        change_mentor(period, mentor=mentor, actor=tutor_a, today=TODAY)
        update_ect(period, changes_for(period, first_name=f"Name{n}"), actor=tutor_a, today=TODAY)
    period = ECTAtSchoolPeriod.objects.select_related("teacher").get(pk=period.pk)
    with django_assert_max_num_queries(5):
        entries = ect_history(period)
    assert len(entries) == 2 + 10


def test_a_teachers_changes_before_this_registration_are_not_shown(school_a, tutor_a):
    # The teacher was a mentor elsewhere first and renamed then; this school's history starts at its registration.
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY)
    mentor.teacher.first_name = "Before"
    mentor.teacher.save()
    ect_period = register(school_a, tutor_a, today=TODAY + timedelta(days=1), trn=mentor.teacher.trn,
                          email=mentor.teacher.email)
    labels = [c.label for e in ect_history(ect_period) for c in e.changes]
    assert "First name" not in labels


def test_registered_in_error_long_before_the_start_can_end_on_the_start_date(school_a, tutor_a):
    today = date(2026, 3, 2)  # six months before the 1 September start
    period = register(school_a, tutor_a, today=today)
    with pytest.raises(ValidationError):
        report_leaver(period, finished_on=date(2026, 9, 1), reason=LeavingReason.LEFT_SCHOOL, note="",
                      actor=tutor_a, today=today)
    report_leaver(period, finished_on=date(2026, 9, 1), reason=LeavingReason.REGISTERED_IN_ERROR, note="",
                  actor=tutor_a, today=today)
    period.refresh_from_db()
    assert (period.finished_on, period.leaving_reason) == (date(2026, 9, 1), LeavingReason.REGISTERED_IN_ERROR)
