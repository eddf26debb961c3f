"""What a tutor learns about another school's teacher by typing their TRN or email: only what they need.

They may be told the teacher is registered at another school and that school will be asked to confirm
a move, or that an email address cannot be used for this teacher; never the other school, anything it
holds (its dates, the teacher's name or email), nor what kind of record an address belongs to.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.cohorts.enrolments import PersonDetails
from programmes.cohorts.nominations import nominate
from programmes.tests.factories import NPQCohortFactory
from registration.ects import RegistrationError, register_ect
from registration.tests.factories import ect_details, register
from registration.tests.pages import answers, find_data, start_url, step_url, walk

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def at_a(school_a, tutor_a):
    return register(school_a, tutor_a, today=TODAY, started_on=TODAY - timedelta(days=30),
                    first_name="Vera", last_name="Victim", email="vera@school-a.example")


def _says_nothing_of(text: str, school_a, period) -> None:
    for fact in (school_a.name, "Vera", "Victim", "vera@school-a.example", f"{period.started_on:%-d %B %Y}"):
        assert fact not in text
    # Which kind of record an address or TRN belongs to is the other school's fact too.
    for kind in ("another ECT or mentor", "different TRN", "different name on the portal", "previous school"):
        assert kind not in text


def test_the_guided_pages_say_only_that_another_school_will_be_asked(client, school_a, school_b, tutor_b, at_a):
    client.force_login(tutor_b)
    client.post(start_url(school_b.urn))
    found = client.post(step_url("find", urn=school_b.urn), find_data(at_a.teacher.trn), follow=True).content.decode()
    assert "registered at another school" in found and "will ask that school to confirm the move" in found
    _says_nothing_of(found, school_a, at_a)

    # Another teacher's email, typed for a new ECT: refused without saying whose it is.
    steps = answers()
    walk(client, {"find": steps["find"], "name": steps["name"]}, urn=school_b.urn)
    email = client.post(step_url("email", urn=school_b.urn), {"email": "vera@school-a.example"}).content.decode()
    assert "cannot be used for this teacher" in email
    _says_nothing_of(email.replace("vera@school-a.example", ""), school_a, at_a)


def test_a_start_date_before_the_other_schools_is_no_clue_to_its_dates(school_a, school_b, tutor_b, at_a):
    # Old behaviour: "The start date must be after they started at their previous school" let a tutor
    # find the other school's start date by trying dates. The current school now confirms the dates.
    details = ect_details(trn=at_a.teacher.trn, started_on=at_a.started_on - timedelta(days=10))
    registered = register_ect(school_b, details, actor=tutor_b, today=TODAY)
    assert registered.transfer is not None and registered.period is None


def test_the_same_email_for_another_teacher_is_refused_in_neutral_words(school_b, tutor_b, school_a, at_a):
    with pytest.raises(RegistrationError) as raised:
        register_ect(school_b, ect_details(email="vera@school-a.example"), actor=tutor_b, today=TODAY)
    _says_nothing_of(" ".join(raised.value.messages).replace("vera@school-a.example", ""), school_a, at_a)


def test_an_npq_nomination_with_another_name_does_not_say_the_trn_is_held(school_a, school_b, tutor_b, at_a):
    cohort = NPQCohortFactory(academic_year=TODAY.year if TODAY.month >= 9 else TODAY.year - 1)
    with pytest.raises(ValidationError) as raised:
        nominate(school_b, cohort, PersonDetails(trn=at_a.teacher.trn, first_name="Mallory", last_name="Outsider",
                                                 email="m@example.org"), actor=tutor_b, today=TODAY)
    assert raised.value.message_dict["trn"] == ["The TRN and name do not match a teacher we hold. Check both: use the "
                                                "name on their teacher record"]


def test_the_add_a_mentor_page_says_only_that_another_school_will_be_asked(client, school_a, school_b, tutor_b, at_a):
    client.force_login(tutor_b)
    response = client.post(reverse("participants:mentor_create", kwargs={"urn": school_b.urn}), {
        "trn": at_a.teacher.trn, "first_name": "Mallory", "last_name": "Outsider", "email": "m@example.org",
    }, follow=True)
    page = response.content.decode()
    assert "asked that school to confirm the move" in page
    _says_nothing_of(page, school_a, at_a)


def test_the_upload_preview_does_not_name_the_other_school(client, school_a, school_b, tutor_b, at_a):
    import csv
    import io

    from registration.uploads.bulk import start_upload
    from registration.uploads.rows import HEADINGS, read_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    start = TODAY + timedelta(days=7)
    writer.writerow([at_a.teacher.trn, "01/01/1990", "Mallory", "Outsider", "", "m@example.org", start.strftime("%d/%m/%Y"),
                     "full_time", "", "school_led", ""])
    text = buffer.getvalue()
    upload = start_upload(school_b, filename="ects.csv", text=text, rows=read_rows(text), actor=tutor_b, today=TODAY)
    client.force_login(tutor_b)
    page = client.get(reverse("participants:upload_detail", kwargs={"urn": school_b.urn, "upload": upload.public_id})).content.decode()
    assert "Registered at another school: we will ask that school to confirm the move" in page
    _says_nothing_of(page, school_a, at_a)
