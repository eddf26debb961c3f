"""The AB checks each report the school sends it, and accepts it or returns it with comments (SG24 5.11;
REC-001: the AB monitors the return of progress reviews and assessment reports).

The flow, beside the assessments' own (appropriate_body.assessments.assessments):

- A submitted progress review or a signed formal, final or interim assessment waits for AB staff
  (reports_awaiting_review). They accept it, which is the end, or return it with a comment on each
  section that needs work (the report becomes RETURNED and the school's tutors are told).
- The tutor edits and resubmits. A progress review is not signed (PR-003), so it goes back to the AB.
  An assessment goes back to the AB as it is when nothing its signers signed changed (the AB asked only
  for an evidence file); when the record did change, the signatures go, and FA-005's steps run again:
  the ECT comments on what changed, then the tutor, the headteacher and the ECT sign; the last signature
  sends it back to the AB (quality.notices.signed_again).

Every check is a ReportReview row, kept (a report may be returned twice); each step emails its people
once (quality.notices). The functions lock the report, so two AB staff cannot both decide it.
"""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet

from appropriate_body.assessments import assessments as reports
from appropriate_body.assessments.awaiting import REVIEWABLE, refresh_awaiting_review
from appropriate_body.assessments.not_on_track import refresh_not_on_track
from appropriate_body.assessments.notices import queue_notice
from appropriate_body.models import SECTIONS, Assessment, AssessmentStatus, ReportReview, ReturnedSection, ReviewOutcome
from appropriate_body.reviews.notices import Kind, queue_review_notice
from participants.access import is_ab_staff
from participants.models import User

Status = AssessmentStatus
SIGNATURE_FIELDS = tuple(f"{role}_signed_{part}" for role in reports.SIGNING_ORDER for part in ("by", "at"))


# --- What waits for the AB, and who has had reports returned ----------------------------------------

def reports_awaiting_review() -> QuerySet[Assessment]:
    """Finished reports no AB staff member has accepted yet, the longest waiting first.

    `reached_ab` is when the report last came to the AB: its resubmission, or else when the ECT signed
    (an assessment) or the tutor submitted (a review). It is stored while the report waits
    (appropriate_body.assessments.awaiting), so the list and its count read one partial index.
    """
    return (Assessment.objects.filter(awaiting_review_since__isnull=False).annotate(reached_ab=F("awaiting_review_since"))
            .select_related("induction__teacher", "induction_period__school").order_by("awaiting_review_since", "pk"))


def returned_report_school_ids(since: datetime) -> QuerySet:
    """The school of each report returned since `since` (a school once per return), as a subquery for the QA queue's
    signal: read from the returns themselves, with the school copied onto each (appropriate_body.reviews.schools), from
    one partial index."""
    return ReportReview.objects.filter(outcome=ReviewOutcome.RETURNED, reviewed_at__gte=since).order_by().values("school_id")


def is_reviewable(assessment: Assessment) -> bool:
    return assessment.status in REVIEWABLE and not assessment.reviews.filter(outcome=ReviewOutcome.ACCEPTED).exists()


def open_return(assessment: Assessment) -> ReportReview | None:
    """The return the school is working on (not resubmitted yet), with its comments; None when there is none."""
    if assessment.status != Status.RETURNED:
        return None
    return (assessment.reviews.filter(outcome=ReviewOutcome.RETURNED, resubmitted_at__isnull=True)
            .prefetch_related("sections").order_by("-reviewed_at", "-pk").first())


def returned_comments(review: ReportReview | None) -> dict[str, str]:
    """{section key: the AB's comment}, for showing beside each part of the form."""
    return {section.section: section.comment for section in review.sections.all()} if review else {}


# --- The AB's decision ------------------------------------------------------------------------------

def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("induction__teacher", "induction_period__school").get(pk=assessment.pk)


def _require_reviewer(assessment: Assessment, actor: User) -> None:
    if not is_ab_staff(actor):
        raise ValidationError("Only appropriate body staff can check reports")
    if assessment.status not in REVIEWABLE:
        raise ValidationError("Only a submitted review or a signed assessment can be checked")
    if assessment.reviews.filter(outcome=ReviewOutcome.ACCEPTED).exists():
        raise ValidationError("This report has already been accepted")


def return_errors(comments: Mapping[str, str]) -> dict[str, list[str]]:
    unknown = set(comments) - set(SECTIONS)
    if unknown:
        return {None: [f"Comment only on the parts of the report, not {', '.join(sorted(unknown))}"]}
    if not any(text.strip() for text in comments.values()):
        return {None: ["Add a comment on at least one part of the report to return it"]}
    return {}


def return_report(assessment: Assessment, comments: Mapping[str, str], *, actor: User, now: datetime) -> ReportReview:
    """Send the report back to the school with a comment on each section that needs work; its tutors are told."""
    if errors := return_errors(comments):
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_reviewer(assessment, actor)
        if assessment.tutor_signed_at and not assessment.signed_content_hash:
            # Signed before fingerprints were kept: nothing changes after the last signature, so what is there was signed.
            assessment.signed_content_hash = reports.content_hash(assessment)
        review = ReportReview(assessment=assessment, outcome=ReviewOutcome.RETURNED, reviewed_by=actor, reviewed_at=now,
                              school_id=assessment.induction_period.school_id)
        review._history_user = actor
        review.save()
        for key in SECTIONS:  # in the report's order
            if text := comments.get(key, "").strip():
                section = ReturnedSection(review=review, section=key, comment=text)
                section._history_user = actor
                section.save()
        assessment.status = Status.RETURNED
        assessment.review_round += 1
        assessment._history_user = actor
        assessment.save(update_fields=["status", "review_round", "signed_content_hash"])
        refresh_awaiting_review([assessment.pk])
        refresh_not_on_track([assessment.induction_id])  # a returned report is no longer the ECT's latest recorded
        queue_review_notice(review, Kind.RETURNED)
    return review


def accept_report(assessment: Assessment, *, actor: User, now: datetime) -> ReportReview:
    """The AB is satisfied with the report: it leaves the list of reports to check."""
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_reviewer(assessment, actor)
        review = ReportReview(assessment=assessment, outcome=ReviewOutcome.ACCEPTED, reviewed_by=actor, reviewed_at=now,
                              school_id=assessment.induction_period.school_id)
        review._history_user = actor
        review.save()
        refresh_awaiting_review([assessment.pk])
    return review


# --- The school's resubmission ----------------------------------------------------------------------

def resubmit_report(assessment: Assessment, *, actor: User, now: datetime) -> Assessment:
    """The tutor sends a returned report back: straight to the AB unless what was signed changed (FA-005).

    The tutor's edits are saved first (assessments.save_draft); this only moves the report on.
    """
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status != Status.RETURNED:
            raise ValidationError("Only a report the appropriate body returned can be resubmitted")
        if not reports.can_edit(actor, assessment):
            raise ValidationError("Only the school's induction tutor or headteacher can resubmit this report")
        if errors := reports.submission_errors(assessment):
            raise ValidationError(errors)
        review = open_return(assessment)
        review.resubmitted_at, review.resubmitted_by = now, actor
        review._history_user = actor
        review.save(update_fields=["resubmitted_at", "resubmitted_by"])
        changed = bool(assessment.tutor_signed_at) and reports.content_hash(assessment) != assessment.signed_content_hash
        assessment._history_user = actor
        if changed:
            # What the signers signed is not what the report says now: each signs again, after the ECT
            # has seen the changes and commented (FA-005). The AB hears once the last signature is in.
            for name in SIGNATURE_FIELDS:
                setattr(assessment, name, None)
            assessment.signed_content_hash = ""
            assessment.status = Status.AWAITING_ECT_COMMENTS
            assessment.save(update_fields=[*SIGNATURE_FIELDS, "signed_content_hash", "status"])
            queue_notice(assessment)
        else:
            assessment.status = Status.SUBMITTED if assessment.is_progress_review else Status.SIGNED
            assessment.save(update_fields=["status"])
            queue_review_notice(review, Kind.RESUBMITTED)
        refresh_awaiting_review([assessment.pk])
        refresh_not_on_track([assessment.induction_id])
    return assessment


def signatures_needed_again(assessment: Assessment) -> bool:
    """Whether resubmitting now would ask the signers again (for the tutor's page: it says so before they press)."""
    return (assessment.status == Status.RETURNED and bool(assessment.tutor_signed_at)
            and reports.content_hash(assessment) != assessment.signed_content_hash)
