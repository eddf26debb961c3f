"""register_ect and the checks behind it, without HTTP."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from appropriate_body.models import Claim
from participants.models import ECTAtSchoolPeriod, Invitation, LeadProvider, LeavingReason, Role, Teacher, TrainingProgramme, WorkingPattern
from programmes.models import CohortStage, Enrolment, Strand
from registration.ects import RegistrationError, register_ect
from registration.tests.factories import ect_details, mentor_details, register
from registration.transfers import confirm_transfer

TODAY = date(2026, 8, 20)


@pytest.mark.django_db
def test_one_registration_feeds_the_cohort_the_claim_and_the_invitation(school_a, tutor_a, django_capture_on_commit_callbacks):
    provider = LeadProvider.objects.get(name="Teach First")
    details = ect_details(
        trn="0012345", first_name="Siân", last_name="O'Neill", corrected_name="Siân Jones",
        training_programme=TrainingProgramme.PROVIDER_LED, lead_provider_id=provider.pk,
        working_pattern=WorkingPattern.PART_TIME, fte=Decimal("0.6"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        period = register_ect(school_a, details, actor=tutor_a, today=TODAY).period

    teacher = Teacher.objects.get(trn="0012345")
    assert period.teacher == teacher and period.school == school_a
    assert teacher.full_name == "Siân Jones" and teacher.record_name == "Siân O'Neill"
    assert (period.fte, period.lead_provider) == (Decimal("0.60"), provider)
    enrolment = Enrolment.objects.get(teacher=teacher)
    assert (enrolment.cohort.programme.strand, enrolment.cohort.academic_year, enrolment.cohort.stage) == (
        Strand.ECTE, 2026, CohortStage.YEAR_1,
    )
    claim = Claim.objects.get(ect_period=period)
    assert (claim.status, claim.proposed_start_date, claim.created_by) == (Claim.Status.PENDING, date(2026, 9, 1), tutor_a)
    invitation = Invitation.objects.get(teacher=teacher)
    assert (invitation.role, invitation.email, invitation.email_state) == (Role.ECT, details.email, Invitation.EmailState.SENT)
    assert [m.to for m in mail.outbox] == [[details.email]]
    assert period.history.first().history_user == tutor_a


@pytest.mark.django_db
def test_nothing_is_saved_when_any_check_fails(school_a, tutor_a):
    details = ect_details(email="not-an-email", started_on=TODAY + timedelta(days=400))
    with pytest.raises(RegistrationError) as raised:
        register_ect(school_a, details, actor=tutor_a, today=TODAY, new_mentor=mentor_details(trn=details.trn))
    assert set(raised.value.message_dict) == {"email", "started_on", "mentor_trn"}
    assert raised.value.message_dict["mentor_trn"] == ["A teacher cannot mentor themself. Enter a different mentor"]
    assert not Teacher.objects.exists() and not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"started_on": date(2021, 8, 31)}, "started_on"),  # IND-005
        ({"working_pattern": WorkingPattern.PART_TIME, "fte": Decimal("1")}, "fte"),
        ({"working_pattern": WorkingPattern.PART_TIME, "fte": Decimal("0")}, "fte"),
        ({"working_pattern": WorkingPattern.PART_TIME, "fte": None}, "fte"),
        ({"training_programme": TrainingProgramme.PROVIDER_LED}, "lead_provider"),
        ({"training_programme": "fip"}, "training_programme"),  # IND-007: legacy values refused
    ],
)
def test_each_bad_answer_is_named_on_its_field(school_a, tutor_a, overrides, field):
    with pytest.raises(RegistrationError) as raised:
        register_ect(school_a, ect_details(**overrides), actor=tutor_a, today=TODAY)
    assert list(raised.value.message_dict) == [field]


@pytest.mark.django_db
def test_the_same_trn_at_this_school_is_refused_with_the_record(school_a, tutor_a):
    first = register(school_a, tutor_a, trn="1234567")
    with pytest.raises(RegistrationError) as raised:
        register(school_a, tutor_a, trn="1234567", email="other@example.org")
    assert raised.value.check.existing_here == first
    assert "already registered" in raised.value.message_dict["trn"][0]


@pytest.mark.django_db
def test_the_same_trn_at_another_school_is_a_move_not_a_second_person(school_a, school_b, tutor_a, tutor_b):
    old = register(school_a, tutor_a, trn="1234567", started_on=date(2025, 9, 1), today=date(2025, 8, 1))
    asked = register_ect(
        school_b, ect_details(trn="1234567", started_on=date(2026, 1, 5)), actor=tutor_b, today=date(2025, 12, 1)
    )
    # School A holds the teacher: it is asked first, and the move takes effect when it confirms.
    assert asked.period is None and asked.transfer.from_school == school_a
    confirm_transfer(asked.transfer, leaving_on=date(2026, 1, 4), actor=tutor_a, today=date(2025, 12, 2))
    old.refresh_from_db()
    assert Teacher.objects.count() == 1
    assert ECTAtSchoolPeriod.objects.get(school=school_b).started_on == date(2026, 1, 5)
    assert (old.finished_on, old.leaving_reason) == (date(2026, 1, 4), LeavingReason.MOVED_SCHOOL)
    # Same academic year: the one enrolment now runs through the new school.
    assert list(Enrolment.objects.values_list("school", flat=True)) == [school_b.pk]


@pytest.mark.django_db
def test_a_mover_in_a_later_year_joins_year_2(school_a, school_b, tutor_a, tutor_b):
    register(school_a, tutor_a, trn="1234567", started_on=date(2025, 9, 1), today=date(2025, 8, 1))
    asked = register_ect(school_b, ect_details(trn="1234567", started_on=date(2026, 9, 1)), actor=tutor_b, today=date(2026, 8, 20))
    confirm_transfer(asked.transfer, leaving_on=date(2026, 8, 31), actor=tutor_a, today=date(2026, 8, 21))
    stages = set(Enrolment.objects.values_list("cohort__academic_year", "cohort__stage"))
    assert stages == {(2025, CohortStage.YEAR_1), (2026, CohortStage.YEAR_2)}


@pytest.mark.django_db
def test_an_email_used_by_another_active_teacher_is_refused(school_a, school_b, tutor_a, tutor_b):
    register(school_a, tutor_a, trn="1234567", email="shared@example.org")
    with pytest.raises(RegistrationError) as raised:
        register(school_b, tutor_b, trn="7654321", email="Shared@example.org")
    assert list(raised.value.message_dict) == ["email"]


@pytest.mark.django_db
def test_a_teacher_who_completed_induction_cannot_be_registered_again(school_a, tutor_a):
    period = register(school_a, tutor_a, trn="1234567")
    ECTAtSchoolPeriod.objects.filter(pk=period.pk).update(
        finished_on=date(2028, 7, 20), leaving_reason=LeavingReason.COMPLETED_INDUCTION
    )
    with pytest.raises(RegistrationError) as raised:
        register(school_a, tutor_a, trn="1234567", started_on=date(2028, 9, 1), today=date(2028, 8, 1))
    assert "completed induction" in raised.value.message_dict["trn"][0]


@pytest.mark.django_db
def test_a_new_mentor_is_registered_enrolled_and_invited(school_a, tutor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = register_ect(school_a, ect_details(), actor=tutor_a, today=TODAY, new_mentor=mentor_details(trn="0054321"))
    mentor = result.period.mentor
    assert mentor.teacher.trn == "0054321" and mentor.school == school_a
    assert Enrolment.objects.filter(teacher=mentor.teacher, cohort__programme__strand=Strand.ECTE_MENTOR).count() == 1
    assert {inv.role for inv in Invitation.objects.all()} == {Role.ECT, Role.MENTOR}
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_ect_and_mentor_emails_say_which_school_registered_them(school_a, tutor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_ect(school_a, ect_details(first_name="Ada"), actor=tutor_a, today=TODAY, new_mentor=mentor_details(first_name="Grace"))
    by_greeting = {message.body.splitlines()[0]: message for message in mail.outbox}
    ect_mail, mentor_mail = by_greeting["Hello Ada,"], by_greeting["Hello Grace,"]
    assert f"{school_a.name} has registered you as an early career teacher" in ect_mail.body
    assert f"{school_a.name} has registered you as a mentor" in mentor_mail.body
    for message in (ect_mail, mentor_mail):
        html = message.alternatives[0][0]
        assert f"{school_a.name} has registered you" in html and "/join/" in html


@pytest.mark.django_db
def test_a_simultaneous_second_submit_gets_the_already_registered_answer(school_a, tutor_a, monkeypatch):
    from registration import ects as registration

    first = register(school_a, tutor_a, trn="1234567")
    original = registration.check_against_records
    calls = []

    # The second request's checks ran before the first committed, so they saw nothing; the
    # database's one-open-period rule stops the insert, and the checks then see the first.
    def blind_then_real(*args, **kwargs):
        calls.append(1)
        return registration.RegistrationCheck() if len(calls) == 1 else original(*args, **kwargs)

    monkeypatch.setattr(registration, "check_against_records", blind_then_real)
    with pytest.raises(RegistrationError) as raised:
        register(school_a, tutor_a, trn="1234567", email="again@example.org")
    assert raised.value.check.existing_here == first
    assert ECTAtSchoolPeriod.objects.count() == 1


@pytest.mark.django_db
def test_registration_works_when_the_standard_programmes_were_removed(school_a, tutor_a):
    from programmes.models import Programme

    Programme.objects.all().delete()
    period = register(school_a, tutor_a)
    assert Enrolment.objects.get(teacher=period.teacher).cohort.programme.slug == "ecte"
