"""The school's mentors page and adding a mentor."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from participants.models import LeavingReason, MentorAtSchoolPeriod
from programmes.models import Enrolment, Strand
from registration.changes import report_leaver
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details
from registration.tests.pages import assert_status_by_role, reg, today

pytestmark = pytest.mark.django_db


def url(name, period):
    return reverse(f"participants:{name}", args=[period.school.urn, period.public_id])


def list_url(school):
    return reverse("participants:mentor_list", args=[school.urn])


def create_url(school):
    return reverse("participants:mentor_create", args=[school.urn])


def test_the_list_shows_each_mentor_with_their_current_ects(client, tutor_a, school_a):
    grace = register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper"), actor=tutor_a, today=today())
    idle = register_mentor(school_a, mentor_details(first_name="Idle", last_name="Ida"), actor=tutor_a, today=today())
    ada, alan, gone = (reg(school_a, tutor_a, first_name=name, last_name="Ect") for name in ("Ada", "Alan", "Gone"))
    for period in (ada, alan, gone):
        assign_mentor(period, grace, actor=tutor_a, today=today())
    report_leaver(gone, finished_on=today() - timedelta(days=1), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=today())
    client.force_login(tutor_a)
    response = client.get(list_url(school_a))
    mentors = {mentor.pk: mentor for mentor in response.context["mentors"]}
    assert {p.pk for p in mentors[grace.pk].current_ects} == {ada.pk, alan.pk}
    assert mentors[idle.pk].current_ects == []
    content = response.content.decode()
    detail = reverse("participants:ect_detail", args=[school_a.urn, ada.public_id])
    assert f'href="{detail}">Ada Ect</a>' in content and "Gone Ect" not in content
    assert 'govuk-table__cell--numeric">2</td>' in content and "None at the moment" in content
    assert f'href="{create_url(school_a)}"' in content


def test_ab_staff_read_the_list_without_the_add_link(client, ab_staff, tutor_a, school_a):
    register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper"), actor=tutor_a, today=today())
    client.force_login(ab_staff)
    content = client.get(list_url(school_a)).content.decode()
    assert "Grace Hopper" in content and create_url(school_a) not in content


@pytest.mark.parametrize("mentors", [1, 30])
def test_the_list_takes_a_fixed_number_of_queries(client, tutor_a, school_a, mentors, django_assert_max_num_queries):
    for _ in range(mentors):
        mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=today())
        assign_mentor(reg(school_a, tutor_a), mentor, actor=tutor_a, today=today())
    client.force_login(tutor_a)
    # (One of them: the moves between schools waiting on the school, registration.transfers.)
    with django_assert_max_num_queries(8):
        response = client.get(list_url(school_a))
    assert len(response.context["mentors"]) == mentors


def test_list_access(client, cast, school_a, school_b):
    path = list_url(school_a)
    assert_status_by_role(client, cast, path, {"hub_staff": 200, "ab_staff": 200, "tutor_a": 200, "tutor_b": 404,
                                               "mentor": 404, "ect": 404})
    client.force_login(cast["tutor_a"])
    assert client.post(path).status_code == 405
    assert client.get(list_url(school_b)).status_code == 404


def test_adding_a_mentor_registers_enrols_and_emails_them(client, tutor_a, school_a, django_capture_on_commit_callbacks):
    client.force_login(tutor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(school_a), {
            "trn": "12345", "first_name": "Grace", "last_name": "Hopper", "email": "Grace@Example.org",
        })
    assert response.status_code == 302 and response["Location"] == list_url(school_a)
    mentor = MentorAtSchoolPeriod.objects.get(school=school_a)
    assert (mentor.teacher.trn, mentor.teacher.email) == ("0012345", "grace@example.org")  # ID-TRN-003
    assert mentor.history.first().history_user == tutor_a
    assert Enrolment.objects.filter(teacher=mentor.teacher, cohort__programme__strand=Strand.ECTE_MENTOR).exists()
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    assert "Grace Hopper" in client.get(list_url(school_a)).content.decode()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"trn": ""}, "trn", "Enter the teacher reference number (TRN)"),
    ({"trn": "1234"}, "trn", "The TRN must include at least 5 digits"),
    ({"trn": "12345678"}, "trn", "The TRN cannot include more than 7 digits"),
    ({"first_name": " "}, "first_name", "Enter the mentor's first name"),
    ({"last_name": ""}, "last_name", "Enter the mentor's last name"),
    ({"email": ""}, "email", "Enter their email address"),
    ({"email": "grace.example.org"}, "email", "Enter an email address in the correct format, like name@example.com"),
])
def test_bad_answers_are_explained_on_their_field(client, tutor_a, school_a, data, field, message):
    client.force_login(tutor_a)
    answers = {"trn": "2345678", "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org", **data}
    response = client.post(create_url(school_a), answers)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert "There is a problem" in response.content.decode()
    assert not MentorAtSchoolPeriod.objects.exists()


def test_a_mentor_already_here_is_not_added_twice(client, tutor_a, school_a):
    details = mentor_details()
    register_mentor(school_a, details, actor=tutor_a, today=today())
    client.force_login(tutor_a)
    response = client.post(create_url(school_a), {
        "trn": details.trn, "first_name": details.first_name, "last_name": details.last_name, "email": details.email,
    })
    assert response.context["form"].errors == {"trn": ["This teacher is already a mentor at this school"]}


def test_an_email_of_another_teacher_is_refused(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(create_url(school_a), {
        "trn": "2345678", "first_name": "Grace", "last_name": "Hopper", "email": period.teacher.email,
    })
    assert response.context["form"].errors == {
        "email": ["This email address cannot be used for this teacher. Enter their own email address"],
    }


def test_adding_is_for_the_schools_tutors_and_hub_staff(client, cast, school_a, school_b):
    path = create_url(school_a)
    assert_status_by_role(client, cast, path, {"hub_staff": 200, "tutor_a": 200, "ab_staff": 404, "tutor_b": 404,
                                               "mentor": 404, "no_role": 404})
    client.force_login(cast["tutor_b"])
    response = client.post(path, {"trn": "2345678", "first_name": "G", "last_name": "H", "email": "g@example.org"})
    assert response.status_code == 404 and not MentorAtSchoolPeriod.objects.exists()
    client.force_login(cast["tutor_a"])
    assert client.get(create_url(school_b)).status_code == 404


# --- choosing an ECT's mentor ---------------------------------------------------------------------

def test_the_mentor_page_offers_the_schools_mentors_but_not_the_ect(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    mentor = register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper"), actor=tutor_a, today=today())
    MentorAtSchoolPeriod.objects.create(teacher=period.teacher, school=school_a, started_on=today())
    client.force_login(tutor_a)
    response = client.get(url("ect_mentor", period))
    values = [item["radio"].data["value"] for item in response.context["mentor_items"]]
    assert values == [str(mentor.public_id), "new"]
    content = response.content.decode()
    assert "<legend" in content and "Grace Hopper" in content


def test_assigning_a_mentor_clears_the_action(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=today())
    client.force_login(tutor_a)
    response = client.post(url("ect_mentor", period), {"mentor": str(mentor.public_id)})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.mentor == mentor
    content = client.get(url("ect_detail", period)).content.decode()
    assert "Pending AB" in content and "assign a mentor" not in content


def test_registering_a_new_mentor_from_the_ect(client, tutor_a, school_a, django_capture_on_commit_callbacks):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("ect_mentor", period), {
            "mentor": "new", "trn": "RP 12/345", "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org",
        })
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.mentor.teacher.trn == "0012345"  # ID-TRN-003
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "mentor", "Select a mentor, or register a new one"),
    ({"mentor": "00000000-0000-0000-0000-000000000000"}, "mentor", "Select a mentor, or register a new one"),
    ({"mentor": "new", "trn": "1234", "first_name": "G", "last_name": "H", "email": "g@example.org"},
     "trn", "The TRN must include at least 5 digits"),
    ({"mentor": "new", "trn": "", "first_name": "G", "last_name": "H", "email": "g@example.org"},
     "trn", "Enter the teacher reference number (TRN)"),
    ({"mentor": "new", "trn": "12345678", "first_name": "G", "last_name": "H", "email": "g@example.org"},
     "trn", "The TRN cannot include more than 7 digits"),
    ({"mentor": "new", "trn": "2345678", "first_name": "", "last_name": "H", "email": "g@example.org"},
     "first_name", "Enter the mentor's first name"),
    ({"mentor": "new", "trn": "2345678", "first_name": "G", "last_name": "H", "email": "g@"},
     "email", "Enter an email address in the correct format, like name@example.com"),
])
def test_bad_mentor_answers_are_explained_on_their_field(client, tutor_a, school_a, data, field, message):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_mentor", period), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}


def test_an_ect_cannot_be_their_own_mentor(client, tutor_a, school_a):
    """ROLE-006, by TRN and by a crafted choice of their own mentor record."""
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_mentor", period), {
        "mentor": "new", "trn": period.teacher.trn, "first_name": "Ada", "last_name": "Self", "email": "self@example.org",
    })
    assert response.context["form"].errors["trn"] == ["A teacher cannot mentor themself. Enter a different mentor"]
    own = MentorAtSchoolPeriod.objects.create(teacher=period.teacher, school=school_a, started_on=today())
    response = client.post(url("ect_mentor", period), {"mentor": str(own.public_id)})
    assert response.context["form"].errors["mentor"] == ["A teacher cannot mentor themself. Choose a different mentor"]
    period.refresh_from_db()
    assert period.mentor is None


def test_a_mentor_of_another_school_cannot_be_chosen(client, tutor_a, tutor_b, school_a, school_b):
    period = reg(school_a, tutor_a)
    elsewhere = register_mentor(school_b, mentor_details(), actor=tutor_b, today=today())
    client.force_login(tutor_a)
    response = client.post(url("ect_mentor", period), {"mentor": str(elsewhere.public_id)})
    assert response.context["form"].errors == {"mentor": ["Select a mentor, or register a new one"]}
