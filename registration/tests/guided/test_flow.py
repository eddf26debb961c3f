"""The guided "Register one ECT" flow, page by page, through the Django test client."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import Claim
from hubportal.lib.dates import academic_year_of
from hubportal.lib.sealed import unseal
from participants.models import (
    ECTAtSchoolPeriod,
    LeadProvider,
    LeavingReason,
    MentorAtSchoolPeriod,
    Teacher,
    TeacherTransfer,
    TrainingProgramme,
    WorkingPattern,
)
from participants.people.records import TeacherRecord
from participants.tests.factories import next_trn
from programmes.models import CohortStage, Enrolment, Strand
from registration.ects import register_ect
from registration.guided.flow import session_key
from registration.teachers import EMAIL_FORMAT, EMAIL_IN_USE
from registration.tests.factories import ect_details, mentor_details, register
from registration.tests.pages import (
    URN,
    answers,
    date_fields,
    find_data,
    start_on,
    start_url,
    step_url,
    today,
    walk,
    years_before,
)
from registration.transfers import confirm_transfer


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# -- the happy path -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_tutor_registers_an_ect_changes_an_answer_and_submits(client, school_a, tutor_a, django_capture_on_commit_callbacks):
    client.force_login(tutor_a)
    response = client.get(start_url())
    assert response.status_code == 200
    assert b"What you need" in response.content and b"date of birth" in response.content
    assert reverse("participants:upload_create", kwargs={"urn": URN}) in response.content.decode()

    response = client.post(start_url())
    assert response["Location"] == step_url("find")
    steps = answers(trn="1234567")
    dob = steps["find"]
    for step, data in steps.items():
        page = client.get(step_url(step))
        assert page.status_code == 200, step
        response = client.post(step_url(step), data)
        assert response.status_code == 302, (step, response.context and response.context["form"].errors)
    assert response["Location"] == step_url("check")
    # ID-DOB-002 and its RIAB exception: the date of birth is in the session only sealed.
    stored = client.session[session_key(URN)]
    assert stored["trn"] == "1234567"
    assert dob["date_of_birth_year"] not in str(stored)
    born = date(int(dob["date_of_birth_year"]), int(dob["date_of_birth_month"]), int(dob["date_of_birth_day"]))
    assert unseal(stored["sealed_date_of_birth"]) == born.isoformat()

    check = client.get(step_url("check"))
    assert check.status_code == 200
    content = check.content.decode()
    for text in ("1234567", "Siân Jones", "Part time (0.6 FTE)", "Provider-led with Teach First", "New mentor: Grace Hopper"):
        assert text in content
    assert f'href="{step_url("email", change=True)}"' in content
    assert 'Change<span class="govuk-visually-hidden"> email address</span>' in content

    # Change one answer from check your answers: back there after saving.
    change = client.get(step_url("email", change=True))
    assert change.context["back_url"] == step_url("check")
    response = client.post(step_url("email", change=True), {"email": "Sian.Jones@Example.org"})
    assert response["Location"] == step_url("check")
    assert "sian.jones@example.org" in client.get(step_url("check")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url("check"))
    period = ECTAtSchoolPeriod.objects.select_related("teacher", "mentor__teacher").get(teacher__trn="1234567")
    assert response["Location"] == reverse("participants:register_done", kwargs={"urn": URN, "ect": period.public_id})
    assert session_key(URN) not in client.session

    teacher = period.teacher
    assert (teacher.first_name, teacher.last_name, teacher.corrected_name, teacher.email) == (
        "Siân", "O'Neill", "Siân Jones", "sian.jones@example.org"
    )
    assert (period.school, period.started_on, period.working_pattern, period.fte) == (
        school_a, start_on(), WorkingPattern.PART_TIME, Decimal("0.60")
    )
    assert period.lead_provider.name == "Teach First" and period.registered_by == tutor_a
    assert period.mentor.teacher.full_name == "Grace Hopper"
    claim = Claim.objects.get(ect_period=period)
    assert claim.status == Claim.Status.PENDING
    # Kept sealed for RIAB's upload, and never in the claim's history.
    assert unseal(claim.date_of_birth_sealed) == born.isoformat()
    assert not hasattr(claim.history.first(), "date_of_birth_sealed")
    enrolment = Enrolment.objects.get(teacher=teacher, cohort__programme__strand=Strand.ECTE)
    assert (enrolment.cohort.academic_year, enrolment.cohort.stage) == (academic_year_of(start_on()), CohortStage.YEAR_1)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(["sian.jones@example.org", steps["mentor"]["mentor_email"]])

    done = client.get(response["Location"])
    content = done.content.decode()
    assert "ECT registered" in content and enrolment.cohort.name in content
    assert "sian.jones@example.org" in content and "pending" in content
    assert "Action required: assign a mentor" not in content


@pytest.mark.django_db
def test_an_ect_without_a_mentor_shows_the_action_on_the_confirmation(client, school_a, tutor_a):
    client.force_login(tutor_a)
    steps = answers(mentor={"mentor": "later"})
    walk(client, steps)
    response = client.post(step_url("check"))
    period = ECTAtSchoolPeriod.objects.get()
    assert period.mentor is None
    done = client.get(response["Location"]).content.decode()
    assert "Action required: assign a mentor" in done
    assert "Register another ECT" in done
    assert reverse("participants:ect_mentor", kwargs={"urn": URN, "ect": period.public_id}) in done
    assert reverse("participants:ect_list", kwargs={"urn": URN}) in done
    assert "Grace" not in done


@pytest.mark.django_db
def test_an_existing_mentor_at_the_school_can_be_chosen(client, school_a, tutor_a):
    first = register_ect(school_a, ect_details(), actor=tutor_a, today=today(), new_mentor=mentor_details(first_name="Ada")).period
    client.force_login(tutor_a)
    steps = answers(mentor={"mentor": str(first.mentor.public_id)})
    walk(client, steps, until="mentor")
    page = client.get(step_url("mentor")).content.decode()
    assert first.mentor.teacher.full_name in page and "I&#x27;ll assign a mentor later" in page
    walk(client, {"mentor": steps["mentor"]})
    assert first.mentor.teacher.full_name in client.get(step_url("check")).content.decode()
    client.post(step_url("check"))
    second = ECTAtSchoolPeriod.objects.exclude(pk=first.pk).get()
    assert second.mentor == first.mentor
    assert MentorAtSchoolPeriod.objects.count() == 1


@pytest.mark.django_db
def test_a_chosen_mentor_who_has_left_is_asked_for_again(client, school_a, tutor_a):
    first = register_ect(school_a, ect_details(), actor=tutor_a, today=today(), new_mentor=mentor_details()).period
    client.force_login(tutor_a)
    walk(client, answers(mentor={"mentor": str(first.mentor.public_id)}))
    MentorAtSchoolPeriod.objects.filter(pk=first.mentor_id).update(finished_on=today() - timedelta(days=1))
    response = client.get(step_url("check"), follow=True)
    assert response.redirect_chain[-1][0] == step_url("mentor")
    assert "no longer at the school" in response.content.decode()


# -- bad input, each on its field ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trn", "message"),
    [
        ("1234", "The TRN must include at least 5 digits"),
        ("12345678", "The TRN cannot include more than 7 digits"),
        ("", "Enter the teacher reference number (TRN)"),
    ],
)
def test_a_bad_trn_is_named_on_its_field(client, school_a, tutor_a, trn, message):
    client.force_login(tutor_a)
    response = client.post(step_url("find"), find_data(trn))
    assert response.status_code == 200
    assert field_errors(response, "trn") == [message]
    assert message in response.content.decode() and 'href="#id_trn"' in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1


@pytest.mark.django_db
def test_a_lenient_trn_is_padded_to_seven_digits(client, school_a, tutor_a):
    client.force_login(tutor_a)
    response = client.post(step_url("find"), find_data(" 12 345 "))
    assert response["Location"] == step_url("name")
    assert client.session[session_key(URN)]["trn"] == "0012345"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("years", "days", "message"),
    [
        (18, 0, None),
        (18, -1, "The teacher cannot be less than 18 years old"),
        (100, 0, None),
        (100, 1, "The teacher cannot be more than 100 years old"),
    ],
)
def test_date_of_birth_boundaries(client, school_a, tutor_a, years, days, message):
    # ID-DOB-001 vectors from domain-rules §10: today − 18y ok, one day later fails; today − 100y ok, one day earlier fails.
    client.force_login(tutor_a)
    dob = years_before(today(), years) - timedelta(days=days)
    response = client.post(step_url("find"), find_data(next_trn(), dob))
    if message is None:
        assert response.status_code == 302
    else:
        assert field_errors(response, "date_of_birth") == [message]
        content = response.content.decode()
        assert 'href="#id_date_of_birth_0"' in content and 'id="id_date_of_birth_error"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter their date of birth"),
        (("31", "2", "1990"), "Date of birth must be a real date"),
        (("1", "", "1990"), "Date of birth must include a month"),
        (("1", "2", "90"), "Year must include 4 numbers"),
    ],
)
def test_a_date_of_birth_that_is_not_a_date(client, school_a, tutor_a, parts, message):
    client.force_login(tutor_a)
    data = {"trn": next_trn(), **dict(zip(("date_of_birth_day", "date_of_birth_month", "date_of_birth_year"), parts, strict=True))}
    assert field_errors(client.post(step_url("find"), data), "date_of_birth") == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("name", {"first_name": "", "last_name": "Jones", "uses_other_name": "no"}, "first_name", "Enter their first name"),
        ("name", {"first_name": "Sam", "last_name": "Jones", "uses_other_name": "yes"}, "corrected_name",
         "Enter the name they use at school"),
        ("email", {"email": "not-an-email"}, "email", EMAIL_FORMAT),
        ("email", {"email": ""}, "email", "Enter their email address"),
        # Worked out when the tests are collected: well past a year, so a run crossing midnight still refuses it.
        ("start-date", date_fields("started_on", timezone.localdate() + timedelta(days=400)), "started_on",
         "The start date cannot be more than a year from today"),
        ("start-date", date_fields("started_on", date(2021, 8, 31)), "started_on",
         "The start date must be on or after 1 September 2021"),
        ("working-pattern", {"working_pattern": "part_time", "fte": "0"}, "fte",
         "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
        ("working-pattern", {"working_pattern": "part_time", "fte": "1"}, "fte",
         "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
        ("working-pattern", {"working_pattern": "part_time", "fte": "1.5"}, "fte",
         "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
        ("working-pattern", {"working_pattern": "part_time", "fte": "0.555"}, "fte",
         "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
        ("working-pattern", {"working_pattern": "part_time", "fte": "three days"}, "fte", "FTE must be a number, for example 0.6"),
        ("working-pattern", {"working_pattern": "part_time", "fte": ""}, "fte", "Enter their FTE, for example 0.6"),
        ("working-pattern", {}, "working_pattern", "Select full time or part time"),
        ("programme", {"training_programme": "provider_led", "lead_provider": ""}, "lead_provider", "Select the lead provider"),
        ("programme", {"training_programme": "fip"}, "training_programme", "Select provider-led or school-led"),
        ("mentor", {"mentor": "00000000-0000-0000-0000-000000000000"}, "mentor", "Select a mentor who is at this school"),
        ("mentor", {}, "mentor", "Select a mentor, add a new one, or say you will assign one later"),
        ("mentor", {"mentor": "new", "mentor_trn": "12", "mentor_first_name": "A", "mentor_last_name": "B",
                    "mentor_email": "ab@example.org"}, "mentor_trn", "The TRN must include at least 5 digits"),
        ("mentor", {"mentor": "new", "mentor_trn": "7654321", "mentor_first_name": "A", "mentor_last_name": "B",
                    "mentor_email": "ab@"}, "mentor_email", EMAIL_FORMAT),
    ],
)
def test_each_bad_answer_gets_its_message_on_its_field(client, school_a, tutor_a, step, data, field, message):
    client.force_login(tutor_a)
    walk(client, answers(), until=step)
    response = client.post(step_url(step), data)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    content = response.content.decode()
    assert "There is a problem" in content and "<title>Error: " in content


@pytest.mark.django_db
def test_a_teacher_cannot_mentor_themself(client, school_a, tutor_a):
    # ROLE-006
    client.force_login(tutor_a)
    steps = answers(trn="2345678")
    walk(client, steps, until="mentor")
    response = client.post(step_url("mentor"), {"mentor": "new", "mentor_trn": "234 5678", "mentor_first_name": "Siân",
                                                "mentor_last_name": "O'Neill", "mentor_email": "other@example.org"})
    assert field_errors(response, "mentor_trn") == ["A teacher cannot mentor themself. Enter a different mentor"]


@pytest.mark.django_db
def test_the_programme_page_never_uses_the_old_names(client, school_a, tutor_a):
    # E25-005: provider-led or school-led, never FIP, CIP or DIY.
    client.force_login(tutor_a)
    walk(client, answers(), until="programme")
    content = client.get(step_url("programme")).content.decode()
    assert "Provider-led" in content and "School-led" in content
    for old in ("FIP", "CIP", "DIY", "full induction", "core induction"):
        assert old not in content
    # Only active providers are offered.
    LeadProvider.objects.filter(name="Teach First").update(is_active=False)
    assert "Teach First" not in client.get(step_url("programme")).content.decode()


# -- duplicates and movers -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_trn_already_active_here_is_refused_with_a_link_to_the_record(client, school_a, tutor_a):
    existing = register(school_a, tutor_a, trn="3456789", today=today())
    client.force_login(tutor_a)
    response = client.post(step_url("find"), find_data("345 6789"))
    assert field_errors(response, "trn") == ["This teacher is already registered as an ECT at this school"]
    content = response.content.decode()
    assert 'id="existing-record"' in content
    record_url = reverse("participants:ect_detail", kwargs={"urn": URN, "ect": existing.public_id})
    assert f'href="{record_url}"' in content
    assert session_key(URN) not in client.session


@pytest.mark.django_db
def test_a_teacher_active_at_another_school_is_a_move_that_school_confirms_without_naming_it(
    client, school_a, school_b, tutor_a, tutor_b,
):
    old = register(school_b, tutor_b, trn="4567890", today=today() - timedelta(days=200),
                   started_on=today() - timedelta(days=150))
    client.force_login(tutor_a)
    steps = answers(trn="4567890", email={"email": old.teacher.email})
    response = client.post(step_url("find"), steps["find"], follow=True)
    content = response.content.decode()
    assert "will ask that school to confirm the move" in content
    assert school_b.name not in content
    walk(client, {key: value for key, value in steps.items() if key != "find"})
    check = client.get(step_url("check")).content.decode()
    assert 'id="moving-notice"' in check and school_b.name not in check
    done = client.post(step_url("check"), follow=True).content.decode()
    assert "asked that school to confirm the move" in done and school_b.name not in done
    old.refresh_from_db()
    assert (old.finished_on, old.leaving_reason) == (None, "")
    transfer = TeacherTransfer.objects.get(teacher=old.teacher)
    confirm_transfer(transfer, leaving_on=start_on() - timedelta(days=1), actor=tutor_b, today=today())
    old.refresh_from_db()
    assert old.finished_on == start_on() - timedelta(days=1) and old.leaving_reason == LeavingReason.MOVED_SCHOOL
    assert Teacher.objects.filter(trn="4567890").count() == 1


@pytest.mark.django_db
def test_a_problem_found_on_submit_links_to_the_page_that_fixes_it(client, school_a, tutor_a):
    client.force_login(tutor_a)
    steps = answers(email={"email": "shared@example.org"})
    walk(client, steps)
    # Meanwhile another ECT is registered with the same email.
    register(school_a, tutor_a, email="shared@example.org", today=today())
    response = client.post(step_url("check"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<a href="{step_url("email", change=True)}">{EMAIL_IN_USE}</a>' in content
    assert "<title>Error: " in content
    assert ECTAtSchoolPeriod.objects.count() == 1
    # Fixing it returns to check your answers, and the registration goes through.
    response = client.post(step_url("email", change=True), {"email": "unique@example.org"})
    assert response["Location"] == step_url("check")
    assert client.post(step_url("check")).status_code == 302
    assert ECTAtSchoolPeriod.objects.count() == 2


@pytest.mark.django_db
def test_the_email_page_refuses_an_email_used_by_another_active_teacher(client, school_a, tutor_a):
    register(school_a, tutor_a, email="taken@example.org", today=today())
    client.force_login(tutor_a)
    walk(client, answers(), until="email")
    assert field_errors(client.post(step_url("email"), {"email": "Taken@example.org"}), "email") == [EMAIL_IN_USE]


# -- previous choices, the teacher record, the order of pages ------------------------------------


@pytest.mark.django_db
def test_the_schools_previous_programme_is_offered_again(client, school_a, tutor_a):
    client.force_login(tutor_a)
    provider = LeadProvider.objects.get(name="Ambition Institute")
    walk(client, answers(programme={"training_programme": "provider_led", "lead_provider": str(provider.pk)},
                         mentor={"mentor": "later"}))
    client.post(step_url("check"))

    client.post(start_url())
    walk(client, answers(), until="programme")
    response = client.get(step_url("programme"))
    form = response.context["form"]
    assert form["training_programme"].value() == TrainingProgramme.PROVIDER_LED
    assert int(form["lead_provider"].value()) == provider.pk
    content = response.content.decode()
    assert f'<option value="{provider.pk}" selected>' in content
    assert 'value="provider_led" checked' in content
    assert "last ECT registration was provider-led with Ambition Institute" in content


@pytest.mark.django_db
def test_a_school_with_no_registrations_gets_no_preselected_programme(client, school_a, tutor_a):
    client.force_login(tutor_a)
    walk(client, answers(), until="programme")
    response = client.get(step_url("programme"))
    assert response.context["form"]["training_programme"].value() is None
    assert 'id="previous-choice"' not in response.content.decode()


class RecordsWithNames:
    """A teacher record service that knows names, as a TRS client would."""

    def find(self, trn, date_of_birth):
        if trn == "9999999":
            return None
        return TeacherRecord(trn=trn, first_name="Rhiannon", last_name="Evans")


@pytest.mark.django_db
def test_a_name_from_the_teacher_record_is_confirmed_not_retyped(client, school_a, tutor_a, settings):
    settings.TEACHER_RECORD_LOOKUP = f"{__name__}.RecordsWithNames"
    client.force_login(tutor_a)
    response = client.post(step_url("find"), find_data("9999999"))
    assert field_errors(response, "date_of_birth") == ["We cannot find a teacher with this TRN and date of birth. Check both and try again"]

    client.post(step_url("find"), find_data("8888888"))
    page = client.get(step_url("name"))
    assert "Rhiannon Evans" in page.content.decode() and "first_name" not in page.context["form"].fields
    # "No": back to the identifiers.
    response = client.post(step_url("name"), {"is_right": "no", "uses_other_name": "no"})
    assert response["Location"] == step_url("find")
    assert client.get(step_url("name"))["Location"] == step_url("find")

    client.post(step_url("find"), find_data("8888888"))
    response = client.post(step_url("name"), {"is_right": "yes", "uses_other_name": "yes", "corrected_name": "Rhi Evans"})
    assert response["Location"] == step_url("email")
    stored = client.session[session_key(URN)]
    assert (stored["first_name"], stored["last_name"], stored["corrected_name"]) == ("Rhiannon", "Evans", "Rhi Evans")


@pytest.mark.django_db
def test_pages_out_of_order_go_to_the_first_unanswered_one(client, school_a, tutor_a):
    client.force_login(tutor_a)
    assert client.get(step_url("check"))["Location"] == step_url("find")
    assert client.post(step_url("mentor"), {"mentor": "later"})["Location"] == step_url("find")
    walk(client, answers(), until="email")
    assert client.get(step_url("programme"))["Location"] == step_url("email")
    assert client.get(step_url("nonsense")).status_code == 404


@pytest.mark.django_db
def test_changing_the_trn_asks_for_the_name_again_then_returns_to_check(client, school_a, tutor_a):
    client.force_login(tutor_a)
    walk(client, answers(trn="5678901"))
    response = client.post(step_url("find", change=True), find_data("5678902"))
    # Another teacher: their name is asked again before check your answers.
    assert response["Location"] == step_url("name", change=True)
    response = client.post(response["Location"], {"first_name": "Kit", "last_name": "Ng", "uses_other_name": "no"})
    assert response["Location"] == step_url("check")
    content = client.get(step_url("check")).content.decode()
    assert "5678902" in content and "Kit Ng" in content and "The same as the teacher record" in content
    # The same TRN again keeps the name.
    response = client.post(step_url("find", change=True), find_data("5678902"))
    assert response["Location"] == step_url("check")


@pytest.mark.django_db
def test_back_links(client, school_a, tutor_a):
    client.force_login(tutor_a)
    assert client.get(step_url("find")).context["back_url"] == start_url()
    walk(client, answers(), until="email")
    assert client.get(step_url("email")).context["back_url"] == step_url("name")
    walk(client, answers())
    assert client.get(step_url("check")).context["back_url"] == step_url("mentor")
    assert client.get(step_url("start-date", change=True)).context["back_url"] == step_url("check")


@pytest.mark.django_db
def test_answers_are_kept_per_school_and_start_now_begins_afresh(client, school_a, hub_staff):
    other = type(school_a).objects.create(urn=110003, name="Cedar School")
    client.force_login(hub_staff)
    walk(client, answers(), until="email")
    walk(client, answers(), until="email", urn=other.urn)
    assert session_key(URN) in client.session and session_key(other.urn) in client.session
    assert f'href="{step_url("email")}"' in client.get(start_url()).content.decode()  # "Continue"
    client.post(start_url())
    assert session_key(URN) not in client.session and session_key(other.urn) in client.session

