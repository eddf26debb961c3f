"""Who may reach the AB's records. Only AB staff decide claims and outcomes; everyone else gets 404.

Reviews and assessments are read by those directly involved (DP-003, REC-004): AB staff, the
school's induction tutors and headteacher, and the ECT; mentors and hub staff see dates only.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from participants.access import confirmed_headed_schools, headed_schools, is_ab_staff, is_hub_staff, tutored_schools
from participants.models import School

from .models import Assessment, BulkUpload, Claim, Concern, EvidenceFile, FidelityCheck, Induction, LengthRequest


def claims_for(user) -> QuerySet[Claim]:
    if not is_ab_staff(user):
        return Claim.objects.none()
    return Claim.objects.all()


def get_claim_for(user, public_id) -> Claim:
    try:
        return claims_for(user).select_related("ect_period__teacher", "ect_period__school", "ect_period__mentor__teacher").get(public_id=public_id)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None


def require_ab_staff(user) -> None:
    if not is_ab_staff(user):
        raise Http404("No such page")


def inductions_for(user) -> QuerySet[Induction]:
    """The inductions whose AB record the user may open: all for AB staff, for now nobody else."""
    if not is_ab_staff(user):
        return Induction.objects.none()
    return Induction.objects.all()


def get_induction_for(user, public_id, queryset: QuerySet[Induction] | None = None) -> Induction:
    allowed = inductions_for(user)
    try:
        return (queryset if queryset is not None else allowed).filter(pk__in=allowed.values("pk")).get(public_id=public_id)
    except Induction.DoesNotExist:
        raise Http404("No such induction") from None


def bulk_uploads_for(user) -> QuerySet[BulkUpload]:
    if not is_ab_staff(user):
        return BulkUpload.objects.none()
    return BulkUpload.objects.all()


def get_bulk_upload_for(user, public_id) -> BulkUpload:
    return _get(bulk_uploads_for(user), public_id, "upload")


def is_tutor_of(user, school_id: int) -> bool:
    return tutored_schools(user).filter(pk=school_id).exists()


def is_headteacher_of(user, school_id: int) -> bool:
    return headed_schools(user).filter(pk=school_id).exists()


def is_confirmed_headteacher_of(user, school_id: int) -> bool:
    """A headteacher whose role hub staff or the school's headteacher confirmed: the one who may sign (FA-005)."""
    return confirmed_headed_schools(user).filter(pk=school_id).exists()


def is_ect_of(user, assessment: Assessment) -> bool:
    return user.is_authenticated and assessment.induction.teacher.user_id == user.pk


def assessments_for(user) -> QuerySet[Assessment]:
    """Whose records a user may read: AB staff all; the school's tutors and headteacher their school's; the ECT their own.

    Hub staff are not directly involved, so they see schedules (dates and states) but not records.
    """
    if not user.is_authenticated:
        return Assessment.objects.none()
    if is_ab_staff(user):
        return Assessment.objects.all()
    return Assessment.objects.filter(
        Q(induction_period__school__in=tutored_schools(user)) | Q(induction_period__school__in=headed_schools(user))
        | Q(induction__teacher__user=user)
    )


def schools_for_termly_report(user) -> QuerySet[School]:
    """REC-005: a school's termly report holds counts only, no one's record, so hub and AB staff read any
    school's; its headteacher and induction tutors read their own. Nobody else (ECTs, mentors) reads one."""
    if is_ab_staff(user) or is_hub_staff(user):
        return School.objects.all()
    return headed_schools(user) | tutored_schools(user)


def get_school_for_termly_report(user, urn: int) -> School:
    school = schools_for_termly_report(user).filter(urn=urn).first()
    if school is None:
        raise Http404("No such school")
    return school


def _get(queryset: QuerySet, public_id, what: str):
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise Http404(f"No such {what}") from None


def with_parts(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return queryset.select_related("induction__teacher", "induction_period__school", "tutor_signed_by",
                                   "headteacher_signed_by", "ect_signed_by")


def get_school_assessment_for(user, urn: int, public_id) -> Assessment:
    """One of the school's assessments, for its tutors, its headteacher and AB staff; 404 for anyone else."""
    mine = assessments_for(user).filter(induction_period__school__urn=urn).exclude(induction__teacher__user=user)
    return _get(with_parts(mine), public_id, "assessment")


def get_own_assessment(user, public_id) -> Assessment:
    if not user.is_authenticated:
        raise Http404("No such assessment")
    return _get(with_parts(Assessment.objects.filter(induction__teacher__user=user)), public_id, "assessment")


def get_evidence_for(user, public_id) -> EvidenceFile:
    return _get(EvidenceFile.objects.filter(assessment__in=assessments_for(user)).select_related("assessment"), public_id, "file")


def length_requests_for(user) -> QuerySet[LengthRequest]:
    """Requests to change an induction's length (ABD-007): AB staff all; the asking school's tutors theirs; the ECT their own."""
    if not user.is_authenticated:
        return LengthRequest.objects.none()
    if is_ab_staff(user):
        return LengthRequest.objects.all()
    return LengthRequest.objects.filter(Q(school__in=tutored_schools(user)) | Q(induction__teacher__user=user))


def get_length_request_for(user, public_id) -> LengthRequest:
    return _get(length_requests_for(user).select_related("induction__teacher", "school", "extension"), public_id, "request")


def get_tutored_induction_for(user, urn: int, public_id) -> Induction:
    """An induction whose open period with the hub is at a school the user tutors (the school they ask for); 404 otherwise."""
    mine = Induction.objects.filter(periods__school__urn=urn, periods__school__in=tutored_schools(user),
                                    periods__finished_on__isnull=True, periods__other_appropriate_body="")
    return _get(mine.select_related("teacher"), public_id, "induction")


def get_tutored_claim_for(user, urn: int, public_id) -> Claim:
    """A live claim of a school the user tutors, for the post and contract it records before the start; 404 otherwise."""
    mine = Claim.objects.filter(ect_period__school__urn=urn, ect_period__school__in=tutored_schools(user), status__in=Claim.LIVE)
    return _get(mine.select_related("ect_period__teacher", "ect_period__school"), public_id, "claim")


def get_assessment_to_check(user, public_id) -> Assessment:
    """Any report, for AB staff checking it (SG24 5.11); 404 for everyone else."""
    require_ab_staff(user)
    return _get(with_parts(assessments_for(user)), public_id, "assessment")


def concerns_for(user) -> QuerySet[Concern]:
    """Concerns about ECTs (ABD-004): AB staff all; a school's induction tutors those raised at their school.

    The ECT reads only that a concern is open, on their own induction page; hub staff, headteachers and
    mentors are not part of the monitoring and get 404.
    """
    if not user.is_authenticated:
        return Concern.objects.none()
    if is_ab_staff(user):
        return Concern.objects.all()
    return Concern.objects.filter(school__in=tutored_schools(user))


def get_concern_for(user, public_id) -> Concern:
    return _get(concerns_for(user).select_related("induction__teacher", "induction__named_contact", "school", "raised_by",
                                                  "closed_by"), public_id, "concern")


def concern_inductions_for(user) -> QuerySet[Induction]:
    """Whose induction the user may raise a concern about: AB staff any; a tutor their school's ECTs now
    (an open period at a school they tutor)."""
    if not user.is_authenticated:
        return Induction.objects.none()
    if is_ab_staff(user):
        return Induction.objects.all()
    return Induction.objects.filter(periods__finished_on__isnull=True, periods__school__in=tutored_schools(user)).distinct()


def get_concern_induction_for(user, public_id) -> Induction:
    return _get(concern_inductions_for(user).select_related("teacher"), public_id, "induction")


def fidelity_checks_for(user) -> QuerySet[FidelityCheck]:
    """Fidelity checks (E25-003) are the AB's own quality assurance: AB staff only."""
    if not is_ab_staff(user):
        return FidelityCheck.objects.none()
    return FidelityCheck.objects.all()


def get_fidelity_check_for(user, public_id) -> FidelityCheck:
    return _get(fidelity_checks_for(user).select_related("school", "visitor", "completed_by", "fee_agreement"), public_id, "fidelity check")
