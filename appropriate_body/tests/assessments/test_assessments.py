"""The schedule as rows, the tutor's record, the ECT's comments, the signatures and evidence files (§2.10)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from appropriate_body.assessments import assessments as domain
from appropriate_body.inductions.periods import add_extension, release
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus, CompletionDecision
from appropriate_body.rules.schedule import generate_schedule
from appropriate_body.tests.factories import COMPLETE, NOW, PDF, claimed, ect_account, first, written
from participants.accounts.roles import grant_role
from participants.models import Role, WorkingPattern

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("files_in_memory")]


# --- The schedule -----------------------------------------------------------------------------------

def test_a_full_timer_gets_reviews_in_terms_1_2_4_5_and_assessments_in_3_and_6(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    rows = [(a.kind, a.term_number) for a in period.assessments.order_by("term_number")]
    assert rows == [("progress_review", 1), ("progress_review", 2), ("formal_assessment", 3),
                    ("progress_review", 4), ("progress_review", 5), ("final_assessment", 6)]
    expected = generate_schedule(date(2026, 9, 1), 1)
    assert [a.due_on for a in period.assessments.order_by("due_on")] == [item.due_on for item in expected]
    assert all(a.status == AssessmentStatus.NOT_STARTED for a in period.assessments.all())


def test_a_half_timer_gets_a_review_every_term_and_assessments_in_terms_6_and_12(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, working_pattern=WorkingPattern.PART_TIME, fte=Decimal("0.5"))
    assessments = {a.term_number: a.kind for a in period.assessments.all()}
    assert assessments[6] == AssessmentKind.FORMAL_ASSESSMENT and assessments[12] == AssessmentKind.FINAL_ASSESSMENT
    # PR-001 every term, PR-002: not within one term of an assessment (so not 6 or 12 themselves).
    assert sorted(n for n, kind in assessments.items() if kind == AssessmentKind.PROGRESS_REVIEW) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]


def test_syncing_again_changes_nothing(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    before = list(period.assessments.values_list("pk", "kind", "term_number", "due_on"))
    domain.sync_schedule(period)
    assert list(period.assessments.values_list("pk", "kind", "term_number", "due_on")) == before


def test_an_extension_moves_the_final_assessment_and_adds_a_review_but_leaves_started_ones(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    started = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a)
    final = first(period, AssessmentKind.FINAL_ASSESSMENT)
    CompletionDecision.objects.create(induction=period.induction, completed_on=date(2027, 1, 4))  # EXT-001: decided at the end
    add_extension(period.induction, terms="2", reason="Extended support", decided_on=date(2027, 1, 5), actor=ab_staff)
    final.refresh_from_db()
    assert (final.term_number, final.status) == (8, AssessmentStatus.NOT_STARTED)
    assert final.due_on == generate_schedule(date(2026, 9, 1), 1, extra_terms=2)[-1].due_on
    assert period.assessments.filter(kind=AssessmentKind.PROGRESS_REVIEW, term_number=6).exists()
    started_again = Assessment.objects.get(pk=started.pk)
    assert (started_again.status, started_again.due_on) == (AssessmentStatus.IN_PROGRESS, started.due_on)
    assert period.assessments.filter(kind=AssessmentKind.FINAL_ASSESSMENT).count() == 1


def test_a_release_after_a_term_owes_an_interim_assessment_and_drops_later_items(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    release(period, finished_on=date(2027, 2, 12), number_of_terms="1.3", actor=ab_staff, today=date(2027, 2, 12))
    interim = period.assessments.get(kind=AssessmentKind.INTERIM_ASSESSMENT)
    assert (interim.due_on, interim.rule_id, interim.term_number) == (date(2027, 2, 12), "INT-001", 2)
    later = period.assessments.filter(due_on__gt=date(2027, 2, 12)).exclude(kind=AssessmentKind.INTERIM_ASSESSMENT)
    assert later.exists() and set(later.values_list("status", flat=True)) == {AssessmentStatus.NOT_NEEDED}


def test_a_release_within_the_first_term_owes_no_interim(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    release(period, finished_on=date(2026, 11, 20), number_of_terms="0", actor=ab_staff, today=date(2026, 11, 20))
    assert not period.assessments.filter(kind=AssessmentKind.INTERIM_ASSESSMENT).exists()


# --- The record -------------------------------------------------------------------------------------

def test_every_standard_must_be_judged_before_submitting(school_a, tutor_a, ab_staff):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    review = domain.save_draft(review, record=COMPLETE, judgements={"TS1": (True, "Good")}, actor=tutor_a)
    with pytest.raises(ValidationError) as refused:
        domain.submit(review, actor=tutor_a, now=NOW)
    assert set(refused.value.message_dict) == {"TS2", "TS3", "TS4", "TS5", "TS6", "TS7", "TS8", "P2"}
    assert refused.value.message_dict["P2"] == ["Say whether the ECT is on track against P2"]


def test_not_on_track_needs_a_support_plan(school_a, tutor_a, ab_staff):
    review = written(first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW), tutor_a, on_track=False)
    with pytest.raises(ValidationError) as refused:
        domain.submit(review, actor=tutor_a, now=NOW)
    assert "support plan" in refused.value.message_dict["support_plan"][0]
    review = domain.save_draft(review, record={"support_plan": "Weekly coaching on behaviour."}, judgements={}, actor=tutor_a)
    assert domain.submit(review, actor=tutor_a, now=NOW).status == AssessmentStatus.SUBMITTED


def test_a_review_is_done_when_submitted_and_the_ect_may_comment_after(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    review = domain.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)
    assert review.status == AssessmentStatus.SUBMITTED and review.done_on == date(2026, 12, 1)
    with pytest.raises(ValidationError, match="Progress reviews are not signed"):
        domain.sign(review, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    review = domain.add_ect_comments(review, comments="Thank you.", actor=own, now=NOW)
    assert (review.status, review.ect_comments) == (AssessmentStatus.SUBMITTED, "Thank you.")
    with pytest.raises(ValidationError, match="submitted"):
        written(review, tutor_a)


def test_the_final_assessment_needs_the_headteachers_recommendation(school_a, tutor_a, ab_staff):
    final = written(first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.FINAL_ASSESSMENT), tutor_a)
    with pytest.raises(ValidationError) as refused:
        domain.submit(final, actor=tutor_a, now=NOW)
    assert list(refused.value.message_dict) == ["headteacher_recommendation"]
    final = written(final, tutor_a, headteacher_recommendation="satisfactory")
    assert domain.submit(final, actor=tutor_a, now=NOW).status == AssessmentStatus.AWAITING_ECT_COMMENTS


def test_only_the_final_carries_a_recommendation(school_a, tutor_a, ab_staff):
    formal = written(first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.FORMAL_ASSESSMENT), tutor_a,
                     headteacher_recommendation="satisfactory")
    assert formal.headteacher_recommendation == ""


def test_judgements_are_only_against_the_teachers_standards(school_a, tutor_a, ab_staff):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    with pytest.raises(ValidationError, match="Teachers' Standards"):
        domain.save_draft(review, record={}, judgements={"ITTECF 2.1": (True, "")}, actor=tutor_a)


def test_only_the_schools_tutor_or_headteacher_writes_the_record(school_a, tutor_a, tutor_b, headteacher_a, mentor, ab_staff):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    for outsider in (tutor_b, mentor, ab_staff):
        with pytest.raises(ValidationError, match="Only the school's induction tutor or headteacher"):
            written(review, outsider)
    assert written(review, headteacher_a).status == AssessmentStatus.IN_PROGRESS


# --- Comments and signatures (FA-005) --------------------------------------------------------------

@pytest.fixture
def formal(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    assessment = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a), actor=tutor_a, now=NOW)
    return assessment, ect_account(period)


def test_sign_off_runs_comments_then_tutor_headteacher_and_ect(formal, tutor_a, headteacher_a):
    assessment, own = formal
    with pytest.raises(ValidationError, match="signed after the ECT has added their comments"):
        domain.sign(assessment, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    assessment = domain.add_ect_comments(assessment, comments="", actor=own, now=NOW)
    assert assessment.status == AssessmentStatus.AWAITING_SIGNATURES
    with pytest.raises(ValidationError, match="The headteacher signs after the induction tutor"):
        domain.sign(assessment, as_role=domain.Signer.HEADTEACHER, actor=headteacher_a, now=NOW)
    with pytest.raises(ValidationError, match="The ECT signs after the induction tutor"):
        domain.sign(assessment, as_role=domain.Signer.ECT, actor=own, now=NOW)
    domain.sign(assessment, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    with pytest.raises(ValidationError, match="The ECT signs after the headteacher"):
        domain.sign(assessment, as_role=domain.Signer.ECT, actor=own, now=NOW)
    with pytest.raises(ValidationError, match="already signed"):
        domain.sign(assessment, as_role=domain.Signer.TUTOR, actor=tutor_a, now=NOW)
    domain.sign(assessment, as_role=domain.Signer.HEADTEACHER, actor=headteacher_a, now=NOW)
    assessment = domain.sign(assessment, as_role=domain.Signer.ECT, actor=own, now=NOW)
    assert assessment.status == AssessmentStatus.SIGNED and assessment.done_on == date(2026, 12, 1)
    assert (assessment.tutor_signed_by, assessment.headteacher_signed_by, assessment.ect_signed_by) == (tutor_a, headteacher_a, own)
    assert assessment.history.count() >= 5


def test_nobody_signs_for_someone_else(formal, tutor_a, tutor_b, headteacher_a, ect, school_b):
    assessment, own = formal
    domain.add_ect_comments(assessment, comments="Fine.", actor=own, now=NOW)
    grant_role(headteacher_a, Role.INDUCTION_TUTOR, school=school_b)  # a tutor elsewhere is not this school's tutor
    for as_role, actor in [(domain.Signer.TUTOR, tutor_b), (domain.Signer.TUTOR, headteacher_a), (domain.Signer.HEADTEACHER, tutor_a),
                           (domain.Signer.ECT, ect)]:
        with pytest.raises(ValidationError, match="can sign here"):
            domain.sign(assessment, as_role=as_role, actor=actor, now=NOW)
    with pytest.raises(ValidationError, match="Only the ECT"):
        domain.add_ect_comments(assessment, comments="Not mine", actor=ect, now=NOW)


def test_the_ect_comments_only_after_the_tutor_submits(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    own = ect_account(period)
    with pytest.raises(ValidationError, match="after the report is written"):
        domain.add_ect_comments(first(period, AssessmentKind.FORMAL_ASSESSMENT), comments="Early", actor=own, now=NOW)


# --- Evidence ---------------------------------------------------------------------------------------

def test_evidence_is_stored_under_a_random_name(school_a, tutor_a, ab_staff):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    evidence = domain.attach_evidence(review, upload=SimpleUploadedFile("Erin plan.pdf", PDF), actor=tutor_a)
    assert (evidence.original_name, evidence.size, evidence.content_type) == ("Erin plan.pdf", len(PDF), "application/pdf")
    assert "Erin" not in evidence.file.name and evidence.file.name.startswith("assessment-evidence/")
    assert evidence.file.read() == PDF


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.txt", b"hello", "must be a PDF, Word document (DOCX), JPG or PNG"),
    ("virus.pdf", b"MZ\x90\x00", "is not a real PDF file"),
    ("photo.png", b"\xff\xd8\xff\xe0 a jpeg", "is not a real PNG file"),
    ("empty.pdf", b"", "is empty"),
    ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "smaller than 10 MB"),
])
def test_evidence_of_the_wrong_type_or_size_is_refused(school_a, tutor_a, ab_staff, name, content, message):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    with pytest.raises(ValidationError) as refused:
        domain.attach_evidence(review, upload=SimpleUploadedFile(name, content), actor=tutor_a)
    assert message in refused.value.message_dict["file"][0]
    assert not review.evidence_files.exists()


def test_accepted_evidence_types(school_a, tutor_a, ab_staff):
    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    for name, content in [("a.docx", b"PK\x03\x04rest"), ("b.JPG", b"\xff\xd8\xff\xe0"), ("c.png", b"\x89PNG\r\n\x1a\nrest")]:
        domain.attach_evidence(review, upload=SimpleUploadedFile(name, content), actor=tutor_a)
    assert review.evidence_files.count() == 3
