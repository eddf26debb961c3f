"""Which registration uploads a user may reach: those of the schools whose ECTs they manage; else 404."""

from django.core.exceptions import ValidationError
from django.http import Http404

from participants.access import get_school_to_manage
from registration.models import RegistrationUpload


def get_upload_for(user, urn: int, public_id) -> RegistrationUpload:
    school = get_school_to_manage(user, urn)
    try:
        return RegistrationUpload.objects.select_related("school").get(school=school, public_id=public_id)
    except (RegistrationUpload.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such upload") from None
