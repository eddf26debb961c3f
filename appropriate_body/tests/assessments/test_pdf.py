"""The printed record of a review or assessment (FA-005, PR-003): what it says, and who may download it (DP-003)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from appropriate_body import access
from appropriate_body.assessments import assessments as domain
from appropriate_body.assessments.pdf import render_assessment_pdf
from appropriate_body.models import Assessment, AssessmentKind, Standard
from appropriate_body.tests.factories import ALL_ON_TRACK, COMPLETE, NOW, claimed, ect_account, first, written
from participants.models import MentorAtSchoolPeriod, Teacher

pytestmark = pytest.mark.django_db

NAME = {"first_name": "Zoë", "last_name": "O'Brien-Núñez"}
SCRIPT_NOTE = "<script>alert('x')</script> & more"
MEETING = {"meeting_on": date(2026, 11, 30)}  # FA-005: formal and final assessments record their meeting


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def signed_formal(period, tutor, headteacher) -> Assessment:
    """A formal assessment through FA-005's whole order: written, submitted, commented, signed by all three."""
    own = ect_account(period)
    judgements = {**ALL_ON_TRACK, Standard.TS6: (False, SCRIPT_NOTE)}
    formal = domain.save_draft(first(period, AssessmentKind.FORMAL_ASSESSMENT), actor=tutor, judgements=judgements,
                               record={**COMPLETE, **MEETING, "on_track": False, "support_plan": "Weekly coaching on questioning."},
                               today=NOW.date())
    formal = domain.submit(formal, actor=tutor, now=NOW)
    domain.add_ect_comments(formal, comments="I agree with the targets.", actor=own, now=NOW)
    domain.sign(formal, as_role=domain.Signer.TUTOR, actor=tutor, now=NOW)
    domain.sign(formal, as_role=domain.Signer.HEADTEACHER, actor=headteacher, now=NOW)
    domain.sign(formal, as_role=domain.Signer.ECT, actor=own, now=NOW)
    return Assessment.objects.get(pk=formal.pk)


def school_url(assessment):
    return reverse("appropriate_body:assessment_report_pdf", args=[assessment.induction_period.school.urn, assessment.public_id])


def own_url(assessment):
    return reverse("appropriate_body:my_assessment_report_pdf", args=[assessment.public_id])


def test_the_record_prints_the_ect_the_judgements_targets_and_signatures(school_a, tutor_a, headteacher_a, ab_staff, settings):
    period = claimed(school_a, tutor_a, ab_staff, **NAME)
    formal = signed_formal(period, tutor_a, headteacher_a)
    text = text_of(render_assessment_pdf(formal, printed_on=date(2027, 4, 1)))
    assert settings.HUB_NAME.upper() in text  # set in capitals by the stylesheet
    assert "Zoë O'Brien-Núñez" in text and period.induction.teacher.trn in text and school_a.name in text
    assert "Formal assessment (end of year 1): term 3" in text and "Assessment meeting 30 November 2026" in text
    assert "On track to complete induction No" in text
    assert text.count("Not on track") == 1 and text.count("On track") == 1 + 8  # the heading and eight standards
    assert f"TS6 Make accurate and productive use of assessment Not on track {SCRIPT_NOTE}" in text
    assert "TS8 Fulfil wider professional responsibilities" in text and "Part Two" in text
    assert "Questioning for TS6." in text and "Weekly coaching on questioning." in text
    assert "I agree with the targets." in text
    assert f"{tutor_a} Signed 1 December 2026" in text and f"{headteacher_a} Signed 1 December 2026" in text
    assert f"Early career teacher {period.induction.teacher.user} Signed 1 December 2026" in text
    assert "Printed 1 April 2027" in text and "Status: Signed" in text


def test_markup_in_a_note_prints_as_text(school_a, tutor_a, headteacher_a, ab_staff):
    formal = signed_formal(claimed(school_a, tutor_a, ab_staff), tutor_a, headteacher_a)
    assert SCRIPT_NOTE in text_of(render_assessment_pdf(formal))


def test_signatures_still_to_come_say_so_and_a_review_says_it_is_not_signed(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    formal = domain.save_draft(first(period, AssessmentKind.FORMAL_ASSESSMENT), record={**COMPLETE, **MEETING},
                               judgements=ALL_ON_TRACK, actor=tutor_a, today=NOW.date())
    formal = domain.submit(formal, actor=tutor_a, now=NOW)
    text = text_of(render_assessment_pdf(formal))
    assert text.count("Not signed yet") == 3 and "Waiting for the ECT's comments" in text
    review = domain.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)
    text = text_of(render_assessment_pdf(review))
    assert "Progress reviews are not signed" in text and "Submitted 1 December 2026" in text
    assert "Support plan" not in text  # on track (PR-004 asks for one only when not)


def test_the_judgements_are_read_in_one_query(school_a, tutor_a, headteacher_a, ab_staff, django_assert_num_queries):
    formal = signed_formal(claimed(school_a, tutor_a, ab_staff), tutor_a, headteacher_a)
    loaded = access.get_school_assessment_for(tutor_a, school_a.urn, formal.public_id)
    with django_assert_num_queries(1):
        render_assessment_pdf(loaded)


def test_those_who_read_the_record_download_it(client, school_a, tutor_a, headteacher_a, ab_staff, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    formal = signed_formal(period, tutor_a, headteacher_a)
    own = period.induction.teacher.user
    for user, url in [(ab_staff, school_url(formal)), (tutor_a, school_url(formal)), (headteacher_a, school_url(formal)),
                      (own, own_url(formal))]:
        response = as_user(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="formal-assessment-term-3-{period.induction.teacher.trn}.pdf"'
        assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
        assert response.content.startswith(b"%PDF")
    review = domain.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)
    response = as_user(tutor_a).get(school_url(review))
    assert f'filename="progress-review-term-1-{period.induction.teacher.trn}.pdf"' in response["Content-Disposition"]
    assert as_user(tutor_a).post(school_url(review)).status_code == 405


def test_nobody_else_downloads_it(client, school_a, school_b, tutor_a, tutor_b, headteacher_a, hub_staff, ab_staff, ect, mentor, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    formal = signed_formal(period, tutor_a, headteacher_a)
    other_ect = ect_account(claimed(school_a, tutor_a, ab_staff))
    _make_mentor_of(period, mentor, school_a)
    for user in (tutor_b, hub_staff, ect, other_ect, mentor):
        assert as_user(user).get(school_url(formal)).status_code == 404, user
        assert as_user(user).get(own_url(formal)).status_code == 404, user
    # The URN must be the record's school, even for AB staff.
    wrong_school = reverse("appropriate_body:assessment_report_pdf", args=[school_b.urn, formal.public_id])
    assert as_user(ab_staff).get(wrong_school).status_code == 404
    # The school's staff use the school's URL, not the ECT's.
    assert as_user(tutor_a).get(own_url(formal)).status_code == 404
    for url in (school_url(formal), own_url(formal)):
        response = as_user(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_record_still_being_written_is_not_printed(client, school_a, tutor_a, headteacher_a, ab_staff, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    draft = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a)
    for user in (ab_staff, tutor_a, headteacher_a):
        assert as_user(user).get(school_url(draft)).status_code == 404
    assert as_user(own).get(own_url(draft)).status_code == 404


def _make_mentor_of(period, user, school):
    teacher = Teacher.objects.create(trn="7654320", first_name="Grace", last_name="Mentor", email=user.email, user=user)
    mentor_period = MentorAtSchoolPeriod.objects.create(teacher=teacher, school=school, started_on=date(2026, 9, 1))
    period.ect_period.mentor = mentor_period
    period.ect_period.save(update_fields=["mentor"])


def test_the_record_pages_link_to_the_pdf_once_it_is_written(client, school_a, tutor_a, headteacher_a, ab_staff, as_user):
    period = claimed(school_a, tutor_a, ab_staff)
    draft = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a)
    school_page = reverse("appropriate_body:assessment_page", args=[school_a.urn, draft.public_id])
    assert school_url(draft) not in as_user(ab_staff).get(school_page).content.decode()
    formal = signed_formal(period, tutor_a, headteacher_a)
    school_page = reverse("appropriate_body:assessment_page", args=[school_a.urn, formal.public_id])
    assert school_url(formal) in as_user(tutor_a).get(school_page).content.decode()
    own_page = reverse("appropriate_body:my_assessment", args=[formal.public_id])
    assert own_url(formal) in as_user(period.induction.teacher.user).get(own_page).content.decode()
