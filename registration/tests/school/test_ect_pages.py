"""The school's ECT pages: list, record with history, change details, mentor, leaver; the school page."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.models import Claim
from hubportal.home.tutor import ect_counts, school_tasks
from participants.models import LeadProvider, LeavingReason, TrainingProgramme, WorkingPattern
from registration.changes import add_months, report_leaver
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details
from registration.tests.pages import assert_status_by_role, reg, today, with_mentor

pytestmark = pytest.mark.django_db


def url(name, period=None, school=None):
    if period is not None:
        return reverse(f"participants:{name}", args=[period.school.urn, period.public_id])
    return reverse(f"participants:{name}", args=[school.urn])


# --- the list ----------------------------------------------------------------------------

def test_the_list_shows_each_ect_with_its_status_in_words(client, tutor_a, school_a):
    period = reg(school_a, tutor_a, first_name="Ada", last_name="Lovelace")
    client.force_login(tutor_a)
    response = client.get(url("ect_list", school=school_a))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{url("ect_detail", period)}">Ada Lovelace</a>' in content
    assert period.teacher.trn in content and "School-led" in content
    assert "Action required: assign a mentor</strong>" in content
    assert f'href="{url("mentor_list", school=school_a)}"' in content


def test_register_and_upload_links_show_for_managers_only(client, tutor_a, ab_staff, school_a):
    links = [reverse(f"participants:{name}", args=[school_a.urn]) for name in ("register_start", "upload_create")]
    client.force_login(tutor_a)
    content = client.get(url("ect_list", school=school_a)).content.decode()
    assert all(f'href="{link}"' in content for link in links)
    client.force_login(ab_staff)
    content = client.get(url("ect_list", school=school_a)).content.decode()
    assert not any(f'href="{link}"' in content for link in links)


def test_the_list_defaults_to_current_ects_and_filters_by_status(client, tutor_a, school_a):
    needs_mentor = reg(school_a, tutor_a, last_name="Needs")
    pending = reg(school_a, tutor_a, last_name="Pending")
    with_mentor(pending, tutor_a)
    leaving = reg(school_a, tutor_a, last_name="Leaving")
    report_leaver(leaving, finished_on=today() + timedelta(days=10), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=today())
    left = reg(school_a, tutor_a, last_name="Gone")
    report_leaver(left, finished_on=today() - timedelta(days=1), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=today())
    client.force_login(tutor_a)

    def listed(**params):
        return [period.pk for period, _ in client.get(url("ect_list", school=school_a), params).context["rows"]]

    assert set(listed()) == {needs_mentor.pk, pending.pk, leaving.pk}
    assert listed(status="action_required") == [needs_mentor.pk]
    assert listed(status="pending_ab") == [pending.pk]
    assert listed(status="leaving") == [leaving.pk]
    assert listed(status="left") == [left.pk]
    assert listed(status="registered") == []
    assert set(listed(status="all")) == {needs_mentor.pk, pending.pk, leaving.pk, left.pk}
    content = client.get(url("ect_list", school=school_a)).content.decode()
    assert "Current ECTs (everyone except those who have left or completed induction)" in content


def test_an_unknown_status_is_explained_on_its_field(client, tutor_a, school_a):
    client.force_login(tutor_a)
    response = client.get(url("ect_list", school=school_a), {"status": "lost"})
    assert response.context["form"].errors == {"status": ["Select a status from the list"]}


def test_search_by_name_or_trn_and_a_trn_wins_over_text(client, tutor_a, school_a):
    """ID-TRN-006"""
    ada = reg(school_a, tutor_a, trn="1234567", first_name="Ada", last_name="Lovelace")
    grace = reg(school_a, tutor_a, trn="7654321", first_name="Grace", last_name="Hopper")
    client.force_login(tutor_a)

    def found(q):
        return [period.pk for period, _ in client.get(url("ect_list", school=school_a), {"q": q}).context["rows"]]

    assert found("lovelace") == [ada.pk]
    assert found("grace hop") == [grace.pk]
    assert found("7654321") == [grace.pk]
    # The text names Ada, but the 7-digit number is Grace's TRN: the TRN takes precedence.
    assert found("Ada 7654321") == [grace.pk]
    assert found("76543") == [grace.pk]


def test_the_list_pages_by_50_and_keeps_the_filter(client, tutor_a, school_a):
    for _ in range(51):
        reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.get(url("ect_list", school=school_a), {"status": "action_required"})
    assert len(response.context["rows"]) == 50
    assert "?status=action_required&amp;page=2" in response.content.decode()
    assert len(client.get(url("ect_list", school=school_a), {"status": "action_required", "page": 2}).context["rows"]) == 1


@pytest.mark.parametrize("ects", [1, 60])
def test_the_list_takes_a_fixed_number_of_queries(client, tutor_a, school_a, ects, django_assert_max_num_queries):
    for n in range(ects):
        period = reg(school_a, tutor_a)
        if n % 2:
            with_mentor(period, tutor_a)
    client.force_login(tutor_a)
    # (One of them: the moves between schools waiting on the school, registration.transfers.)
    with django_assert_max_num_queries(8):
        response = client.get(url("ect_list", school=school_a))
    assert len(response.context["rows"]) == min(ects, 50)


def test_list_access(client, cast, school_a, school_b, tutor_b):
    reg(school_a, cast["tutor_a"])
    path = url("ect_list", school=school_a)
    assert_status_by_role(client, cast, path, {"hub_staff": 200, "ab_staff": 200, "tutor_a": 200, "tutor_b": 404,
                                               "ect": 404, "mentor": 404})
    client.force_login(cast["tutor_a"])
    assert client.post(path).status_code == 405
    assert client.get(url("ect_list", school=school_b)).status_code == 404


# --- one ECT's record --------------------------------------------------------------------

def test_the_record_summarises_the_registration(client, tutor_a, school_a):
    provider = LeadProvider.objects.get(name="Teach First")
    period = reg(school_a, tutor_a, first_name="Siân", last_name="O'Neill", corrected_name="Siân Jones",
                 working_pattern=WorkingPattern.PART_TIME, fte=Decimal("0.6"),
                 training_programme=TrainingProgramme.PROVIDER_LED, lead_provider_id=provider.pk)
    claim = Claim.objects.get(ect_period=period)
    claim.status, claim.status_reason = Claim.Status.REJECTED, "The start date is before their QTS"
    claim.save()
    refresh_claim_state([period.pk])
    client.force_login(tutor_a)
    response = client.get(url("ect_detail", period))
    content = response.content.decode()
    assert '<h1 class="govuk-heading-l">Siân Jones</h1>' in content
    assert "Name on teacher record: Siân O&#x27;Neill" in content
    assert "Part time, 0.6 FTE" in content and "Provider-led, with Teach First" in content
    assert "Rejected: The start date is before their QTS" in content
    assert "Not set up yet" in content
    assert "Year 1" in content  # the ECTE cohort from the enrolment
    assert "Action required: assign a mentor and resolve the AB claim" in content
    assert f'href="{url("ect_edit", period)}"' in content
    assert 'Change<span class="govuk-visually-hidden"> email address</span>' in content


def test_ab_staff_read_the_record_without_change_links(client, ab_staff, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    client.force_login(ab_staff)
    content = client.get(url("ect_detail", period)).content.decode()
    assert period.teacher.full_name in content
    assert url("ect_edit", period) not in content and url("ect_mentor", period) not in content


def test_the_history_shows_who_changed_what(client, tutor_a, hub_staff, school_a):
    period = reg(school_a, tutor_a)
    client.force_login(hub_staff)
    response = client.post(url("ect_edit", period), {
        "first_name": period.teacher.first_name, "last_name": "Lovelace", "email": period.teacher.email,
        "working_pattern": "full_time", "training_programme": "school_led",
    })
    assert response.status_code == 302
    content = client.get(url("ect_detail", period)).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", content).split())
    assert "Registered by Tara Tutor" in text
    assert "Changed by Hana Hub" in text
    assert "Lovelace" in content and "Last name:" in content
    assert text.index("by Hana Hub") < text.index("Registered by Tara Tutor")  # newest first


@pytest.mark.parametrize("changes", [0, 8])
def test_the_record_takes_a_fixed_number_of_queries(client, tutor_a, school_a, changes, django_assert_max_num_queries):
    period = reg(school_a, tutor_a)
    for _ in range(changes):
        mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=today())
        assign_mentor(period, mentor, actor=tutor_a, today=today())
    client.force_login(tutor_a)
    # Three more than the record alone: the readiness checks, the open induction and the tutor check.
    with django_assert_max_num_queries(17):
        response = client.get(url("ect_detail", period))
    assert len(response.context["history"]) == 2 + changes


def test_record_access(client, cast, school_a, school_b):
    period = reg(school_a, cast["tutor_a"])
    other = reg(school_b, cast["tutor_b"])
    path = url("ect_detail", period)
    assert_status_by_role(client, cast, path, {"hub_staff": 200, "ab_staff": 200, "tutor_a": 200, "tutor_b": 404,
                                               "ect": 404, "facilitator": 404})
    client.force_login(cast["tutor_a"])
    assert client.post(path).status_code == 405
    # School B's ECT under school A's address is not found either.
    assert client.get(reverse("participants:ect_detail", args=[school_a.urn, other.public_id])).status_code == 404


# --- change details ----------------------------------------------------------------------

def edit_data(period, **overrides):
    teacher = period.teacher
    data = {
        "first_name": teacher.first_name, "last_name": teacher.last_name, "corrected_name": teacher.corrected_name,
        "email": teacher.email, "working_pattern": period.working_pattern, "fte": "",
        "training_programme": period.training_programme, "lead_provider": "",
    }
    data.update(overrides)
    return data


def test_the_edit_form_starts_from_the_current_answers(client, tutor_a, school_a):
    period = reg(school_a, tutor_a, first_name="Ada")
    client.force_login(tutor_a)
    response = client.get(url("ect_edit", period))
    assert response.status_code == 200
    assert response.context["form"]["first_name"].value() == "Ada"
    assert 'value="full_time" checked' in response.content.decode()


def test_changing_details_saves_them(client, tutor_a, school_a, django_capture_on_commit_callbacks):
    period = reg(school_a, tutor_a)
    provider = LeadProvider.objects.get(name="Teach First")
    client.force_login(tutor_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("ect_edit", period), edit_data(
            period, email="new.address@example.org", working_pattern="part_time", fte="0.8",
            training_programme="provider_led", lead_provider=provider.pk,
        ))
    assert response.status_code == 302 and response["Location"] == url("ect_detail", period)
    period.refresh_from_db()
    assert (period.teacher.email, period.fte, period.lead_provider) == ("new.address@example.org", Decimal("0.80"), provider)
    assert [m.to for m in mail.outbox] == [["new.address@example.org"]]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"first_name": ""}, "first_name", "Enter their first name"),
    ({"last_name": " "}, "last_name", "Enter their last name"),
    ({"email": "ada@"}, "email", "Enter an email address in the correct format, like name@example.com"),
    ({"working_pattern": ""}, "working_pattern", "Select full time or part time"),
    ({"working_pattern": "part_time", "fte": "1.5"}, "fte",
     "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
    ({"working_pattern": "part_time", "fte": "0"}, "fte",
     "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"),
    ({"working_pattern": "part_time", "fte": "half"}, "fte", "FTE must be a number, for example 0.6"),
    ({"working_pattern": "part_time"}, "fte", "Enter their FTE, for example 0.6"),
    ({"training_programme": "provider_led"}, "lead_provider", "Select the lead provider"),
    ({"training_programme": "diy"}, "training_programme", "Select provider-led or school-led"),
])
def test_bad_changes_are_explained_on_their_field(client, tutor_a, school_a, overrides, field, message):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_edit", period), edit_data(period, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    content = response.content.decode()
    assert "There is a problem" in content and "<title>Error: " in content


def test_an_email_of_another_ect_is_refused(client, tutor_a, school_a):
    first, second = reg(school_a, tutor_a), reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_edit", second), edit_data(second, email=first.teacher.email))
    assert response.context["form"].errors["email"] == [
        "This email address cannot be used for this teacher. Enter their own email address"
    ]


def test_a_leaver_cannot_be_changed(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    report_leaver(period, finished_on=today() - timedelta(days=1), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=today())
    client.force_login(tutor_a)
    for name in ("ect_edit", "ect_mentor", "ect_leaving"):
        response = client.get(url(name, period))
        assert response.status_code == 302 and response["Location"] == url("ect_detail", period), name
    content = client.get(url("ect_detail", period)).content.decode()
    assert "no longer at this school" in content and url("ect_edit", period) not in content


@pytest.mark.parametrize("name", ["ect_edit", "ect_mentor", "ect_leaving"])
def test_change_pages_are_for_the_schools_tutors_and_hub_staff(client, cast, school_a, name):
    period = reg(school_a, cast["tutor_a"])
    path = url(name, period)
    assert_status_by_role(client, cast, path, {"hub_staff": 200, "tutor_a": 200, "ab_staff": 404, "tutor_b": 404,
                                               "mentor": 404, "no_role": 404}, post={})
    assert client.put(path).status_code in (404, 405)


# --- reporting a leaver ------------------------------------------------------------------

def leaving_data(day, reason="left_school", note=""):
    return {"finished_on_0": day.day, "finished_on_1": day.month, "finished_on_2": day.year, "reason": reason, "note": note}


def test_a_leaver_four_months_ahead_shows_as_leaving(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    latest = add_months(today(), 4)
    client.force_login(tutor_a)
    response = client.post(url("ect_leaving", period), leaving_data(latest, note="Relocating"))
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.finished_on, period.leaving_reason, period.leaving_note) == (latest, "left_school", "Relocating")
    content = client.get(url("ect_detail", period)).content.decode()
    assert ">Leaving</strong>" in content and "Leaving on" in content
    rows = client.get(url("ect_list", school=school_a), {"status": "leaving"}).context["rows"]
    assert [p.pk for p, _ in rows] == [period.pk]


def test_four_months_and_a_day_ahead_is_refused_on_the_date(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_leaving", period), leaving_data(add_months(today(), 4) + timedelta(days=1)))
    errors = response.context["form"].errors
    assert list(errors) == ["finished_on"]
    assert errors["finished_on"][0].startswith("The end date must be no more than 4 months from today")
    assert 'href="#id_finished_on_0"' in response.content.decode()
    period.refresh_from_db()
    assert period.finished_on is None


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"reason": "left_school"}, "finished_on", "Enter the date they leave or left the school"),
    ({"finished_on_0": "3", "finished_on_2": "2026", "reason": "left_school"}, "finished_on",
     "The end date must include a month"),
    ({"finished_on_0": "31", "finished_on_1": "2", "finished_on_2": "2027", "reason": "left_school"}, "finished_on",
     "The end date must be a real date, for example 31 12 2026"),
    ({"finished_on_0": "x", "finished_on_1": "2", "finished_on_2": "2027", "reason": "left_school"}, "finished_on",
     "The end date must be a real date, for example 31 12 2026"),
    ({"reason": "moved_school"}, "reason", "Select why they are leaving"),
    ({"note": "x" * 1001, "reason": "left_school"}, "note", "The note must be 1,000 characters or fewer"),
])
def test_bad_leaver_answers_are_explained_on_their_field(client, tutor_a, school_a, data, field, message):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_leaving", period), {**leaving_data(today()), **data} if field != "finished_on" else data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]


def test_a_missing_reason_is_asked_for_beside_a_date_error(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_leaving", period), leaving_data(today(), reason=""))
    assert response.context["form"].errors == {"reason": ["Select why they are leaving"]}
    response = client.post(url("ect_leaving", period), {"finished_on_0": "1", "reason": ""})
    assert response.context["form"].errors == {
        "finished_on": ["The end date must include a month and year"], "reason": ["Select why they are leaving"],
    }


def test_an_end_date_before_the_start_is_refused(client, tutor_a, school_a):
    period = reg(school_a, tutor_a)
    client.force_login(tutor_a)
    response = client.post(url("ect_leaving", period), leaving_data(period.started_on - timedelta(days=1)))
    assert response.context["form"].errors["finished_on"][0].startswith("The end date must be on or after the date they started")


# --- the school page and the tutor's home panel ------------------------------------------

def test_the_school_page_shows_the_checklist_and_counts(client, tutor_a, school_a):
    done = reg(school_a, tutor_a, first_name="Done", last_name="Already")
    with_mentor(done, tutor_a)
    todo = reg(school_a, tutor_a, first_name="Still", last_name="Todo")
    client.force_login(tutor_a)
    content = client.get(reverse("participants:school_detail", args=[school_a.urn])).content.decode()
    assert "Done for this year" in content and "(coming soon)" not in content
    # The checklist is a GOV.UK task list: each task, how far it has got, whom it still needs, and its status.
    text = " ".join(re.sub(r"<[^>]+>", " ", content).split())
    assert re.search(r"Every ECT has a mentor Done for 1 of 2 ECTs\W+Still to do: Still Todo To do", text)
    assert f'href="{url("ect_detail", todo)}">Still Todo</a>' in content
    assert "Every ECT has a claim with the appropriate body Done for 2 of 2 ECTs Done" in text
    assert f'<span class="app-figure__count">1</span> <a class="govuk-link" href="{url("ect_list", school=school_a)}?status=action_required">Action required</a>' in content
    assert f'<span class="app-figure__count">1</span> <a class="govuk-link" href="{url("ect_list", school=school_a)}?status=pending_ab">Pending AB</a>' in content
    assert f'href="{reverse("participants:invitation_create")}?school={school_a.urn}"' in content


def test_ab_staff_see_the_school_page_without_the_invite_link(client, ab_staff, school_a):
    client.force_login(ab_staff)
    content = client.get(reverse("participants:school_detail", args=[school_a.urn])).content.decode()
    assert "Done for this year" in content and "Invite another induction tutor" not in content


@pytest.mark.parametrize("ects", [1, 30])
def test_the_school_page_takes_a_fixed_number_of_queries(client, tutor_a, school_a, ects, django_assert_max_num_queries):
    for _ in range(ects):
        reg(school_a, tutor_a)
    client.force_login(tutor_a)
    # Four of them for the AB's side: this year's fidelity check (the check, and whether one is owed), whether
    # the person monitors the school's concerns, and its open concerns.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participants:school_detail", args=[school_a.urn])).status_code == 200


def test_the_tutors_home_counts_each_schools_ects_in_one_query(school_a, school_b, tutor_a, tutor_b, django_assert_num_queries):
    for _ in range(3):
        reg(school_a, tutor_a)
    with_mentor(reg(school_a, tutor_a), tutor_a)
    gone = reg(school_a, tutor_a)
    report_leaver(gone, finished_on=today() - timedelta(days=1), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=today())
    reg(school_b, tutor_b)
    with django_assert_num_queries(1):
        counts = ect_counts([school_a.pk], today=today())
    # Four current ECTs (the leaver has gone), three without a mentor; school B is not asked about.
    assert counts[school_a.pk]["no_mentor"] == 3 and school_b.pk not in counts
    tasks = {task.key: task.count for task in school_tasks(tutor_a, today=today())[0].tasks}
    assert tasks["mentors"] == 3 and tasks["places"] == 4
