"""The guided flow with a record service behind it (as TRS is): what it says reaches the AB's claim,
what it cannot answer is said on the field, and the find page says whether details are checked."""

from datetime import date

import pytest
from django.urls import reverse

from appropriate_body.models import Claim
from participants.people.records import TeacherRecord
from registration.tests.pages import answers, find_data, start_url, step_url, walk

from .test_flow import field_errors


class UnreachableRecords:
    """A record service that cannot answer (TRS down, or refusing the portal's key)."""

    def find(self, trn, date_of_birth):
        from participants.people.records import RecordServiceUnavailable

        raise RecordServiceUnavailable("down")


@pytest.mark.django_db
def test_a_record_service_that_cannot_answer_is_said_on_the_trn_not_taken_for_a_missing_teacher(client, school_a, tutor_a, settings):
    settings.TEACHER_RECORD_LOOKUP = f"{__name__}.UnreachableRecords"
    client.force_login(tutor_a)

    response = client.post(step_url("find"), find_data("1234567"))

    assert response.status_code == 200
    assert field_errors(response, "trn") == [
        "We could not check the teacher's record with the Teaching Record System just now. Try again in a few minutes"]


class RecordsWithChecks:
    """A record service that knows the AB's answers too (as TRS does): QTS, induction status, prohibition, ITT provider."""

    def find(self, trn, date_of_birth):
        return TeacherRecord(trn=trn, first_name="Rhiannon", last_name="Evans", qts_awarded_on=date(2026, 7, 17),
                             induction_status="RequiredToComplete", has_active_prohibition=False, itt_provider_ukprn="10012345")


@pytest.mark.django_db
def test_what_the_record_service_said_reaches_the_abs_claim_page_without_retyping(client, school_a, tutor_a, ab_staff, settings):
    settings.TEACHER_RECORD_LOOKUP = f"{__name__}.RecordsWithChecks"
    client.force_login(tutor_a)
    client.post(start_url())
    steps = answers(trn="7777777")
    steps["name"] = {"is_right": "yes", "uses_other_name": "no"}
    walk(client, steps)
    assert client.post(step_url("check"))["Location"].startswith("/schools/")

    claim = Claim.objects.get(ect_period__teacher__trn="7777777")
    assert (claim.qts_awarded_on, claim.trs_induction_status, claim.has_active_prohibition, claim.itt_provider_ukprn) == (
        date(2026, 7, 17), "RequiredToComplete", False, "10012345")
    assert claim.checked_at is not None and claim.checked_by is None
    client.force_login(ab_staff)
    page = client.get(reverse("appropriate_body:claim_detail", args=[claim.public_id]))
    form = page.context["accept_form"]
    assert (form.initial["qts_awarded_on"], form.initial["induction_status"], form.initial["has_active_prohibition"]) == (
        date(2026, 7, 17), "RequiredToComplete", "no")
    assert "Filled in from the Teaching Record System" in page.content.decode()


@pytest.mark.django_db
def test_the_tutors_word_fills_in_nothing_for_the_ab(client, school_a, tutor_a):
    client.force_login(tutor_a)
    client.post(start_url())
    steps = answers(trn="7777778")
    walk(client, steps)
    client.post(step_url("check"))

    claim = Claim.objects.get(ect_period__teacher__trn="7777778")
    assert (claim.checked_at, claim.trs_induction_status) == (None, "")


@pytest.mark.django_db
def test_the_find_page_says_whether_the_details_are_checked(client, school_a, tutor_a, settings):
    client.force_login(tutor_a)
    client.post(start_url())
    assert "not connected to the Teaching Record System" in client.get(step_url("find")).content.decode()

    settings.TEACHER_RECORD_LOOKUP = "participants.people.trs_records.TRSTeacherRecords"
    page = client.get(step_url("find")).content.decode()
    assert "We check them against the Teaching Record System" in page


class MergedRecords:
    """TRS answering a TRN that was merged into another record (a 308 the client followed)."""

    def find(self, trn, date_of_birth):
        return TeacherRecord(trn="7000002", first_name="Rhiannon", last_name="Evans", qts_awarded_on=date(2026, 7, 17),
                             induction_status="RequiredToComplete", has_active_prohibition=False, merged_from=trn)


@pytest.mark.django_db
def test_a_merged_record_registers_the_ect_under_the_surviving_trn_and_says_so(client, school_a, tutor_a, settings):
    settings.TEACHER_RECORD_LOOKUP = f"{__name__}.MergedRecords"
    client.force_login(tutor_a)
    client.post(start_url())
    steps = answers(trn="7000001")
    steps["name"] = {"is_right": "yes", "uses_other_name": "no"}

    found = client.post(step_url("find"), steps.pop("find"), follow=True)
    assert "merged TRN 7000001 into TRN 7000002" in found.content.decode()
    walk(client, steps)
    assert client.post(step_url("check"))["Location"].startswith("/schools/")

    assert Claim.objects.get().ect_period.teacher.trn == "7000002"
