"""Identity is never changed from outside: every way a tutor can type a TRN, tried by school B's tutor
with the TRN of a teacher at school A (a new name, a new email, any date of birth).

Whatever the entry point, the teacher's record keeps every field, no invitation or email goes to
the new address, the teacher is still at school A, and where the registration would move them a
pending transfer is what school A and the AB see.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from participants.models import Invitation, MentorAtSchoolPeriod, Teacher, TeacherTransfer
from programmes.cohorts.enrolments import PersonDetails
from programmes.cohorts.nominations import nominate
from programmes.tests.factories import NPQCohortFactory
from registration.changes import add_mentor, change_mentor
from registration.ects import register_ect
from registration.mentors import register_mentor
from registration.tests.factories import ect_details, mentor_details, register
from registration.tests.pages import answers, start_url, step_url, walk
from registration.uploads.bulk import confirm_upload, start_upload
from registration.uploads.rows import HEADINGS, read_rows

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY + timedelta(days=7)
NEW_NAME = ("Mallory", "Outsider")
NEW_EMAIL = "mallory@attacker.example"


def _held_at_a(kind, school_a, tutor_a):
    """A teacher at school A, as an ECT or as a mentor, with their own email on record."""
    if kind == "ect":
        return register(school_a, tutor_a, today=TODAY, started_on=TODAY - timedelta(days=30)).teacher
    return register_mentor(school_a, mentor_details(), actor=tutor_a, today=TODAY).teacher


# -- the entry points, each as school B's tutor would use it ----------------------------------------


def guided_ect(teacher, school_b, tutor_b):
    details = ect_details(trn=teacher.trn, first_name=NEW_NAME[0], last_name=NEW_NAME[1], email=NEW_EMAIL, started_on=START)
    register_ect(school_b, details, actor=tutor_b, today=TODAY)


def guided_ect_with_new_mentor(teacher, school_b, tutor_b):
    mentor = mentor_details(trn=teacher.trn, first_name=NEW_NAME[0], last_name=NEW_NAME[1], email=NEW_EMAIL)
    register_ect(school_b, ect_details(started_on=START), actor=tutor_b, today=TODAY, new_mentor=mentor)


def add_a_mentor(teacher, school_b, tutor_b):
    add_mentor(school_b, mentor_details(trn=teacher.trn, first_name=NEW_NAME[0], last_name=NEW_NAME[1], email=NEW_EMAIL),
               actor=tutor_b, today=TODAY)


def change_an_ects_mentor(teacher, school_b, tutor_b):
    period = register(school_b, tutor_b, today=TODAY, started_on=START)
    change_mentor(period, actor=tutor_b, today=TODAY,
                  new_mentor=mentor_details(trn=teacher.trn, first_name=NEW_NAME[0], last_name=NEW_NAME[1], email=NEW_EMAIL))


def csv_upload(teacher, school_b, tutor_b):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerow([teacher.trn, "01/01/1990", NEW_NAME[0], NEW_NAME[1], "", NEW_EMAIL, START.strftime("%d/%m/%Y"),
                     "full_time", "", "school_led", ""])
    text = buffer.getvalue()
    upload = start_upload(school_b, filename="ects.csv", text=text, rows=read_rows(text), actor=tutor_b, today=TODAY)
    confirm_upload(upload, actor=tutor_b, today=TODAY)


def npq_nomination(teacher, school_b, tutor_b):
    cohort = NPQCohortFactory(academic_year=TODAY.year if TODAY.month >= 9 else TODAY.year - 1)
    nominate(school_b, cohort, PersonDetails(trn=teacher.trn, first_name=NEW_NAME[0], last_name=NEW_NAME[1], email=NEW_EMAIL),
             actor=tutor_b, today=TODAY)


ENTRY_POINTS = [guided_ect, guided_ect_with_new_mentor, add_a_mentor, change_an_ects_mentor, csv_upload, npq_nomination]
# Entry points that would put the teacher at school B: there, a pending transfer is what happens.
TRANSFERS = {guided_ect, guided_ect_with_new_mentor, add_a_mentor, change_an_ects_mentor, csv_upload}


@pytest.mark.parametrize("kind", ["ect", "mentor"])
@pytest.mark.parametrize("entry_point", ENTRY_POINTS, ids=lambda entry: entry.__name__)
def test_a_tutor_of_another_school_cannot_change_or_take_over_a_teacher(
    entry_point, kind, school_a, tutor_a, school_b, tutor_b, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        teacher = _held_at_a(kind, school_a, tutor_a)
    before = model_to_dict(Teacher.objects.get(pk=teacher.pk))
    at_a = {(p.pk, p.finished_on, p.leaving_reason) for p in teacher.ect_periods.all()} | {
        (p.pk, p.finished_on, "") for p in teacher.mentor_periods.all()}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        try:
            entry_point(teacher, school_b, tutor_b)
        except ValidationError:
            pass  # a refusal is as good as a pending transfer, so long as nothing changed

    assert model_to_dict(Teacher.objects.get(pk=teacher.pk)) == before
    assert not Invitation.objects.filter(email__iexact=NEW_EMAIL).exists()
    assert not [message for message in mail.outbox if NEW_EMAIL in message.to]
    assert {(p.pk, p.finished_on, p.leaving_reason) for p in teacher.ect_periods.all()} | {
        (p.pk, p.finished_on, "") for p in teacher.mentor_periods.all()} >= at_a
    assert not teacher.ect_periods.filter(school=school_b).exists()
    assert not MentorAtSchoolPeriod.objects.filter(teacher=teacher, school=school_b).exists()
    if entry_point in TRANSFERS:
        transfer = TeacherTransfer.objects.get(teacher=teacher)
        assert (transfer.from_school, transfer.to_school, transfer.status) == (school_a, school_b, TeacherTransfer.Status.PENDING)
        # School A's tutors hear of it, once; the teacher gets no invitation until the move takes effect.
        assert [message.to for message in mail.outbox if tutor_a.email in message.to] == [[tutor_a.email]]
        assert not [message for message in mail.outbox if before["email"] in message.to]


# -- the whole chain the issue describes, through the pages ----------------------------------------


def test_the_takeover_chain_ends_in_a_transfer_school_a_and_the_ab_see(
    as_user, school_a, tutor_a, school_b, tutor_b, ab_staff, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        victim = register(school_a, tutor_a, today=TODAY, started_on=TODAY - timedelta(days=30),
                          first_name="Vera", last_name="Victim", email="vera@school-a.example")
    mail.outbox.clear()
    client = as_user(tutor_b)
    steps = answers(trn=victim.teacher.trn, name={"first_name": NEW_NAME[0], "last_name": NEW_NAME[1], "uses_other_name": "no"},
                    email={"email": NEW_EMAIL}, mentor={"mentor": "later"})
    client.post(start_url(school_b.urn))
    found = client.post(step_url("find", urn=school_b.urn), steps.pop("find"), follow=True)
    page = found.content.decode()
    # The tutor learns only what they need: a move will be asked for, not where or who.
    assert "registered at another school" in page
    assert school_a.name not in page and "Vera" not in page and "vera@school-a.example" not in page
    walk(client, steps, urn=school_b.urn)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(step_url("check", urn=school_b.urn), follow=True)
    assert done.status_code == 200
    assert "Vera" not in done.content.decode() and "asked that school to confirm" in done.content.decode()

    victim.refresh_from_db()
    teacher = victim.teacher
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.last_name, teacher.email) == ("Vera", "Victim", "vera@school-a.example")
    assert (victim.finished_on, victim.leaving_reason) == (None, "")
    assert not Invitation.objects.filter(email__iexact=NEW_EMAIL).exists()
    assert [message.to for message in mail.outbox] == [[tutor_a.email]]
    # Nothing of the teacher's record reaches school B's tutor.
    assert as_user(tutor_b).get(reverse("participants:ect_detail", kwargs={"urn": school_a.urn, "ect": victim.public_id})).status_code == 404

    transfer = TeacherTransfer.objects.get(teacher=teacher)
    a_page = as_user(tutor_a).get(reverse("participants:ect_list", kwargs={"urn": school_a.urn})).content.decode()
    assert "Vera Victim" in a_page and school_b.name in a_page
    assert reverse("participants:transfer", kwargs={"urn": school_a.urn, "transfer": transfer.public_id}) in a_page
    todo = as_user(ab_staff).get(reverse("appropriate_body:todo"))
    moves = next(item for item in todo.context["items"] if item.key == "moves")
    assert [(row.teacher, row.from_school, row.to_school) for row in moves.rows] == [(teacher, school_a, school_b)]
    assert f"from {school_a.name} to {school_b.name}" in todo.content.decode()



@pytest.mark.parametrize("name", ["programmes:npq_enrolment_csv", "appropriate_body:bulk_create", "appropriate_body:claim_list"])
def test_the_hub_and_ab_entry_points_that_take_a_trn_are_out_of_a_tutors_reach(as_user, tutor_b, name):
    # NPQ enrolment by CSV and the AB's claims (single and bulk) find teachers by TRN too, but only hub or
    # AB staff reach them (and they never rename a teacher): a tutor gets the answer an outsider gets.
    client = as_user(tutor_b)
    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name), {"trn": "1234567"}).status_code in (404, 405)
