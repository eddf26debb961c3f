"""Progress review and assessment pages: each role sees what DP-003 allows, and the lists cost a fixed number of queries."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appropriate_body.assessments import assessments as domain
from appropriate_body.models import AssessmentKind, AssessmentStatus, Standard
from appropriate_body.tests.factories import NOW, PDF, claimed, ect_account, first, written
from appropriate_body.tests.pages import assessment_page
from participants.models import MentorAtSchoolPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("files_in_memory")]


def standards(value="yes"):
    return {f"{code}_on_track": value for code in Standard.values}


def test_the_tutor_sees_each_ects_schedule_and_terms(client, school_a, tutor_a, ab_staff, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    response = as_user(tutor_a).get(reverse("appropriate_body:school_inductions", args=[school_a.urn]))
    body = response.content.decode()
    assert response.status_code == 200
    assert period.induction.teacher.full_name in body and "of 6 terms" in body
    assert body.count("Progress review<span") == 4 and "Final assessment" in body
    assert assessment_page(first(period, AssessmentKind.PROGRESS_REVIEW)) in body


def test_another_schools_tutor_and_hub_staff_do_not_read_records(client, school_a, tutor_a, tutor_b, hub_staff, ab_staff, as_user):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    assert as_user(tutor_b).get(assessment_page(review)).status_code == 404
    assert client.get(reverse("appropriate_body:school_inductions", args=[school_a.urn])).status_code == 404
    schedule = as_user(hub_staff).get(reverse("appropriate_body:school_inductions", args=[school_a.urn]))
    assert schedule.status_code == 200 and assessment_page(review) not in schedule.content.decode()
    assert client.get(assessment_page(review)).status_code == 404


def test_the_tutor_completes_and_submits_a_review_in_the_browser(client, school_a, tutor_a, ab_staff, as_user):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    as_user(tutor_a)
    form = {**standards(), "TS6_note": "Good use of hinge questions", "on_track": "no", "evidence_summary": "Observations",
            "targets": "Behaviour routines", "action": "submit"}
    response = client.post(assessment_page(review), form)
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body
    assert "Enter the support plan" in body
    response = client.post(assessment_page(review), {**form, "support_plan": "Weekly coaching"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.on_track, review.support_plan) == (AssessmentStatus.SUBMITTED, False, "Weekly coaching")
    assert review.judgements.get(standard="TS6").note == "Good use of hinge questions"
    assert "Good use of hinge questions" in client.get(assessment_page(review)).content.decode()


def test_a_draft_is_saved_half_done(client, school_a, tutor_a, ab_staff, as_user):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    response = as_user(tutor_a).post(assessment_page(review), {"TS1_on_track": "yes", "targets": "Start", "action": "save"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.targets, review.judgements.count()) == (AssessmentStatus.IN_PROGRESS, "Start", 1)


def test_the_headteacher_sees_what_awaits_their_signature_and_signs(client, school_a, tutor_a, headteacher_a, ab_staff, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    domain.add_ect_comments(formal, comments="Agreed", actor=own, now=NOW)
    as_user(headteacher_a)
    response = client.post(assessment_page(formal), {"action": "sign", "as_role": "headteacher"})
    formal.refresh_from_db()
    assert response.status_code == 302 and formal.headteacher_signed_at is None  # the tutor signs first
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    assert assessment_page(formal) in client.get(reverse("home")).content.decode()
    assert "Sign as the headteacher" in client.get(assessment_page(formal)).content.decode()
    client.post(assessment_page(formal), {"action": "sign", "as_role": "headteacher"})
    formal.refresh_from_db()
    assert formal.headteacher_signed_by == headteacher_a
    assert assessment_page(formal) not in client.get(reverse("home")).content.decode()


def test_the_ect_reads_their_own_record_comments_and_signs(client, school_a, tutor_a, headteacher_a, ab_staff, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    as_user(own)
    record = client.get(reverse("appropriate_body:my_induction")).content.decode()
    assert "of 6 terms" in record and "Who can see your assessments" in record
    mine = reverse("appropriate_body:my_assessment", args=[formal.public_id])
    assert mine in record
    client.post(mine, {"action": "comment", "comments": "I agree with the targets."})
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=headteacher_a, now=NOW)
    assert "Sign the report" in client.get(mine).content.decode()
    client.post(mine, {"action": "sign"})
    formal.refresh_from_db()
    assert (formal.ect_comments, formal.status) == ("I agree with the targets.", AssessmentStatus.SIGNED)


def test_an_ect_never_reaches_another_ects_record(client, school_a, tutor_a, ab_staff, ect, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    other = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    theirs = first(other, AssessmentKind.PROGRESS_REVIEW)
    assert as_user(own).get(reverse("appropriate_body:my_assessment", args=[theirs.public_id])).status_code == 404
    assert other.induction.teacher.full_name not in client.get(reverse("appropriate_body:my_induction")).content.decode()
    # The ECT's own school page is the tutors' and headteacher's, not theirs.
    assert client.get(assessment_page(first(period, AssessmentKind.PROGRESS_REVIEW))).status_code == 404
    assert as_user(ect).get(reverse("appropriate_body:my_induction")).status_code == 200


def test_the_mentor_sees_dates_and_states_but_not_the_record(client, school_a, tutor_a, ab_staff, mentor, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a, evidence_summary="Private evidence words")
    mentor_period = MentorAtSchoolPeriod.objects.create(teacher=period.ect_period.mentor.teacher if period.ect_period.mentor else
                                                        _teacher_for(mentor), school=school_a, started_on=date(2026, 9, 1))
    mentor_period.teacher.user = mentor
    mentor_period.teacher.save(update_fields=["user"])
    period.ect_period.mentor = mentor_period
    period.ect_period.save(update_fields=["mentor"])
    body = as_user(mentor).get(reverse("appropriate_body:mentor_schedules")).content.decode()
    assert period.induction.teacher.full_name in body and "Final assessment" in body
    assert "Private evidence words" not in body and "assessments/" not in body
    unmentored = claimed(school_a, tutor_a, ab_staff)
    assert unmentored.induction.teacher.full_name not in body
    assert client.get(assessment_page(first(period, AssessmentKind.PROGRESS_REVIEW))).status_code == 404


def _teacher_for(user):
    from participants.models import Teacher

    return Teacher.objects.create(trn="7654321", first_name=user.first_name, last_name=user.last_name, email=user.email)


def test_evidence_uploads_from_the_page_and_downloads_only_for_those_involved(
    client, school_a, tutor_a, tutor_b, headteacher_a, hub_staff, ab_staff, ect, as_user,
):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    upload = reverse("appropriate_body:evidence_upload", args=[school_a.urn, review.public_id])
    as_user(tutor_a).post(upload, {"file": SimpleUploadedFile("notes.txt", b"hello")})
    assert not review.evidence_files.exists()
    response = client.post(upload, {"file": SimpleUploadedFile("plan.pdf", PDF)}, follow=True)
    assert "plan.pdf attached." in response.content.decode()
    evidence = review.evidence_files.get()
    download = reverse("appropriate_body:evidence_download", args=[evidence.public_id])
    for reader in (tutor_a, headteacher_a, own, ab_staff):
        response = as_user(reader).get(download)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment") and "plan.pdf" in response["Content-Disposition"]
    for outsider in (tutor_b, hub_staff, ect):
        assert as_user(outsider).get(download).status_code == 404, outsider
    client.logout()
    assert client.get(download)["Location"].startswith("/accounts/login/")
    assert as_user(tutor_a).get(upload).status_code == 405
    assert as_user(tutor_b).post(upload, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404


def test_the_ab_list_filters_by_state_school_and_kind(client, school_a, school_b, tutor_a, tutor_b, ab_staff, as_user):
    at_a = claimed(school_a, tutor_a, ab_staff)
    claimed(school_b, tutor_b, ab_staff)
    domain.submit(written(first(at_a, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)
    as_user(ab_staff)
    url = reverse("appropriate_body:ab_assessments")
    assert "12 results" in client.get(url).content.decode()
    assert "1 result." in client.get(url, {"state": "done"}).content.decode()
    assert "6 results at Alder" in client.get(url, {"school": school_a.urn}).content.decode()
    assert "2 results" in client.get(url, {"kind": "final_assessment"}).content.decode()


@pytest.mark.parametrize("name", ["ab_assessments", "school_inductions"])
def test_the_lists_queries_do_not_grow_with_rows(client, school_a, tutor_a, ab_staff, django_assert_max_num_queries, name, as_user):
    args = [] if name == "ab_assessments" else [school_a.urn]
    user = ab_staff if name == "ab_assessments" else tutor_a
    as_user(user)
    claimed(school_a, tutor_a, ab_staff)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse(f"appropriate_body:{name}", args=args)).status_code == 200
    for _ in range(5):
        claimed(school_a, tutor_a, ab_staff)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(f"appropriate_body:{name}", args=args)).status_code == 200
