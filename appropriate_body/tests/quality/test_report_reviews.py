"""The AB checks each report: accepts it, or returns it with comments; the school fixes and resubmits (SG24 5.11), and
what a school changed after it was signed is commented on and signed again by all three (FA-005)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from appropriate_body.assessments import assessments as reports
from appropriate_body.inductions.case_history import case_history
from appropriate_body.models import AssessmentKind, AssessmentStatus, ReportReview, ReportReviewNotice, ReviewOutcome
from appropriate_body.reviews import reviews as domain
from appropriate_body.reviews.emails import send_report_review_notices
from appropriate_body.tests.factories import ALL_ON_TRACK, NOW, claimed, ect_account, first, written

pytestmark = pytest.mark.django_db

Status = AssessmentStatus
LATER = NOW + timedelta(days=3)
NO_TS4 = {"TS4": "There is no evidence for TS4."}


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff)


@pytest.fixture
def own(period):
    return ect_account(period)


def sign_all(assessment, tutor, head, ect):
    for role, who in ((reports.Signer.TUTOR, tutor), (reports.Signer.HEADTEACHER, head), (reports.Signer.ECT, ect)):
        assessment = reports.sign(assessment, as_role=role, actor=who, now=NOW)
    return assessment


@pytest.fixture
def signed(period, own, tutor_a, headteacher_a):
    formal = written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a)
    reports.submit(formal, actor=tutor_a, now=NOW)
    reports.add_ect_comments(formal, comments="I agree.", actor=own, now=NOW)
    return sign_all(formal, tutor_a, headteacher_a, own)


@pytest.fixture
def review(period, tutor_a):
    return reports.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)


def steps(step, django_capture_on_commit_callbacks):
    """Run a step, commit it, and return the emails it sent."""
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = step()
    return result, mail.outbox[before:]


def test_returning_needs_a_comment(signed, ab_staff):
    for comments in ({}, {"targets": "  "}):
        with pytest.raises(ValidationError, match="Add a comment on at least one part"):
            domain.return_report(signed, comments, actor=ab_staff, now=LATER)
    with pytest.raises(ValidationError, match="Comment only on the parts"):
        domain.return_report(signed, {"ITTECF": "no"}, actor=ab_staff, now=LATER)
    signed.refresh_from_db()
    assert signed.status == Status.SIGNED and not ReportReview.objects.exists()


def test_only_ab_staff_check_and_only_finished_reports(signed, review, period, tutor_a, headteacher_a, ab_staff):
    for person in (tutor_a, headteacher_a):
        with pytest.raises(ValidationError, match="Only appropriate body staff"):
            domain.return_report(signed, NO_TS4, actor=person, now=LATER)
        with pytest.raises(ValidationError, match="Only appropriate body staff"):
            domain.accept_report(signed, actor=person, now=LATER)
    draft = first(period, AssessmentKind.FINAL_ASSESSMENT)
    with pytest.raises(ValidationError, match="Only a submitted review or a signed assessment"):
        domain.accept_report(draft, actor=ab_staff, now=LATER)


def test_changed_content_clears_the_signatures_and_all_three_sign_again(signed, own, tutor_a, headteacher_a, ab_staff,
                                                                         django_capture_on_commit_callbacks):
    _, [returned] = steps(lambda: domain.return_report(signed, NO_TS4, actor=ab_staff, now=LATER), django_capture_on_commit_callbacks)
    assert returned.to == [tutor_a.email] and returned.subject.startswith("Returned by the appropriate body: formal assessment")
    assert "no evidence for TS4" not in returned.body  # the comments stay behind sign-in (DP-003)
    signed.refresh_from_db()
    assert signed.status == Status.RETURNED and signed.review_round == 1
    assert domain.returned_comments(domain.open_return(signed)) == NO_TS4
    assert signed not in domain.reports_awaiting_review()

    judgements = {**ALL_ON_TRACK, "TS4": (True, "Planning folder, lessons 3 to 9.")}
    reports.save_draft(signed, record={}, judgements=judgements, actor=tutor_a)
    signed.refresh_from_db()
    assert signed.status == Status.RETURNED and domain.signatures_needed_again(signed)
    resubmitted, [to_ect] = steps(lambda: domain.resubmit_report(signed, actor=tutor_a, now=LATER), django_capture_on_commit_callbacks)
    assert resubmitted.status == Status.AWAITING_ECT_COMMENTS
    assert (resubmitted.tutor_signed_at, resubmitted.headteacher_signed_at, resubmitted.ect_signed_at) == (None, None, None)
    assert to_ect.to == [own.email] and to_ect.subject == "Add your comments to your formal assessment (end of year 1)"
    assert signed not in domain.reports_awaiting_review()  # not back with the AB until signed again

    _, asked = steps(lambda: reports.add_ect_comments(signed, comments="I agree.", actor=own, now=LATER), django_capture_on_commit_callbacks)
    assert [m.to for m in asked] == [[tutor_a.email]]
    with pytest.raises(ValidationError, match="The headteacher signs after the induction tutor"):
        reports.sign(signed, as_role=reports.Signer.HEADTEACHER, actor=headteacher_a, now=LATER)
    _, asked = steps(lambda: reports.sign(signed, as_role=reports.Signer.TUTOR, actor=tutor_a, now=LATER), django_capture_on_commit_callbacks)
    assert [m.to for m in asked] == [[headteacher_a.email]]
    _, asked = steps(lambda: reports.sign(signed, as_role=reports.Signer.HEADTEACHER, actor=headteacher_a, now=LATER),
                     django_capture_on_commit_callbacks)
    assert [m.to for m in asked] == [[own.email]]
    done, emails = steps(lambda: reports.sign(signed, as_role=reports.Signer.ECT, actor=own, now=LATER), django_capture_on_commit_callbacks)
    assert done.status == Status.SIGNED
    # The tutors hear it is signed by all; the AB staff member who returned it hears it is back.
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in emails) == [(ab_staff.email, "Resubmitted"), (tutor_a.email, "Signed by all")]
    assert list(domain.reports_awaiting_review()) == [done]


def test_nothing_signed_changed_goes_straight_back_to_the_ab(signed, tutor_a, ab_staff, django_capture_on_commit_callbacks):
    domain.return_report(signed, {"evidence_files": "Attach the observation notes you mention."}, actor=ab_staff, now=LATER)
    signed.refresh_from_db()
    signatures = (signed.tutor_signed_at, signed.headteacher_signed_at, signed.ect_signed_at)
    reports.save_draft(signed, record={}, judgements=ALL_ON_TRACK, actor=tutor_a)  # saved as it was
    assert not domain.signatures_needed_again(signed)
    back, [email] = steps(lambda: domain.resubmit_report(signed, actor=tutor_a, now=LATER), django_capture_on_commit_callbacks)
    assert back.status == Status.SIGNED and (back.tutor_signed_at, back.headteacher_signed_at, back.ect_signed_at) == signatures
    assert email.to == [ab_staff.email] and email.subject.startswith("Resubmitted: formal assessment")
    assert list(domain.reports_awaiting_review()) == [back]
    assert signed.reviews.get().resubmitted_by == tutor_a


def test_a_progress_review_goes_back_to_the_ab_and_may_be_returned_twice(review, tutor_a, ab_staff):
    domain.return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=LATER)
    with pytest.raises(ValidationError, match="resubmit it"):
        reports.submit(review, actor=tutor_a, now=LATER)
    reports.save_draft(review, record={"targets": "Questioning for TS6 and TS2."}, judgements=ALL_ON_TRACK, actor=tutor_a)
    assert domain.resubmit_report(review, actor=tutor_a, now=LATER).status == Status.SUBMITTED
    domain.return_report(review, {"on_track": "Say why."}, actor=ab_staff, now=LATER + timedelta(hours=1))
    assert domain.resubmit_report(review, actor=tutor_a, now=LATER + timedelta(hours=2)).status == Status.SUBMITTED
    accepted = domain.accept_report(review, actor=ab_staff, now=LATER + timedelta(hours=3))
    assert list(review.reviews.values_list("outcome", flat=True)) == [ReviewOutcome.RETURNED, ReviewOutcome.RETURNED, ReviewOutcome.ACCEPTED]
    assert accepted.outcome == ReviewOutcome.ACCEPTED and not domain.reports_awaiting_review().exists()
    with pytest.raises(ValidationError, match="already been accepted"):
        domain.accept_report(review, actor=ab_staff, now=LATER)


def test_only_the_schools_tutor_resubmits_and_only_a_returned_report(review, tutor_b, own, ab_staff, tutor_a):
    with pytest.raises(ValidationError, match="Only a report the appropriate body returned"):
        domain.resubmit_report(review, actor=tutor_a, now=LATER)
    domain.return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=LATER)
    for outsider in (tutor_b, own):
        with pytest.raises(ValidationError, match="Only the school's induction tutor"):
            domain.resubmit_report(review, actor=outsider, now=LATER)


def test_each_email_once_however_often_the_task_runs(review, tutor_a, ab_staff, django_capture_on_commit_callbacks):
    returned, emails = steps(lambda: domain.return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=LATER),
                             django_capture_on_commit_callbacks)
    assert len(emails) == 1
    notice = ReportReviewNotice.objects.get(review=returned)
    for _ in range(2):
        send_report_review_notices.delay([notice.pk])
    assert len(mail.outbox) == 1
    _, emails = steps(lambda: domain.resubmit_report(review, actor=tutor_a, now=LATER), django_capture_on_commit_callbacks)
    assert [m.to for m in emails] == [[ab_staff.email]]
    resubmitted = ReportReviewNotice.objects.get(review=returned, kind=ReportReviewNotice.Kind.RESUBMITTED)
    send_report_review_notices.delay([resubmitted.pk, notice.pk])
    assert len(mail.outbox) == 2 and set(returned.notices.values_list("email_state", flat=True)) == {"sent"}


def test_the_case_history_shows_every_step(signed, own, tutor_a, headteacher_a, ab_staff):
    domain.return_report(signed, NO_TS4, actor=ab_staff, now=LATER)
    reports.save_draft(signed, record={}, judgements={**ALL_ON_TRACK, "TS4": (True, "Planning folder.")}, actor=tutor_a)
    domain.resubmit_report(signed, actor=tutor_a, now=LATER)
    reports.add_ect_comments(signed, comments="Agreed.", actor=own, now=LATER)
    sign_all(signed, tutor_a, headteacher_a, own)
    domain.accept_report(signed, actor=ab_staff, now=LATER)
    entries = case_history(signed.induction)
    by_summary = {entry.summary: entry for entry in entries}
    term = signed.term_number
    returned = by_summary[f"Returned by the AB: Formal assessment (end of year 1) (term {term})"]
    assert returned.who == str(ab_staff) and [(c.label, c.new) for c in returned.changes] == [(
        "TS4 Plan and teach well structured lessons", "There is no evidence for TS4.")]
    assert by_summary[f"Resubmitted by the school: Formal assessment (end of year 1) (term {term})"].who == str(tutor_a)
    assert by_summary[f"Accepted by the AB: Formal assessment (end of year 1) (term {term})"].who == str(ab_staff)


def test_schools_with_returned_reports(review, signed, school_a, ab_staff):
    assert not domain.returned_report_school_ids(NOW).exists()
    domain.return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=LATER)
    domain.return_report(signed, NO_TS4, actor=ab_staff, now=LATER)
    schools = [row["school_id"] for row in domain.returned_report_school_ids(NOW)]
    assert schools == [school_a.pk, school_a.pk]  # two returns, both to school A
    assert not domain.returned_report_school_ids(LATER + timedelta(seconds=1)).exists()
