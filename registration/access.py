"""Which registration uploads and moves a user may reach: those of the schools whose ECTs they manage; else 404."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from participants.access import get_school_to_manage
from participants.models import School, TeacherTransfer
from registration.models import RegistrationUpload


def get_upload_for(user, urn: int, public_id) -> RegistrationUpload:
    school = get_school_to_manage(user, urn)
    try:
        return RegistrationUpload.objects.select_related("school").get(school=school, public_id=public_id)
    except (RegistrationUpload.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such upload") from None


def get_transfer_for(school: School, public_id) -> TeacherTransfer:
    """A move to or from `school` (a school the user manages: get_school_to_manage); any other answers 404."""
    try:
        return (TeacherTransfer.objects.select_related("teacher", "from_school", "to_school")
                .get(Q(from_school=school) | Q(to_school=school), public_id=public_id))
    except (TeacherTransfer.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such move") from None
