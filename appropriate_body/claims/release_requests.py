"""Asking another AB to release an ECT the hub has been asked to claim (REGN-006: they must release first)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from hubportal.lib.emails import build_email
from participants.models import User

from appropriate_body.models import Claim
from appropriate_body.models.claims import ReleaseRequest


def request_release(claim: Claim, *, appropriate_body_name: str, email: str, message: str, actor: User) -> ReleaseRequest:
    """Queue one email to the other AB; the same address is asked once per claim."""
    from appropriate_body.tasks import send_release_requests

    errors = {}
    if not appropriate_body_name.strip():
        errors["appropriate_body_name"] = ["Enter the name of the appropriate body holding the ECT's induction"]
    try:
        validate_email(email.strip())
    except ValidationError:
        errors["email"] = ["Enter their email address, like induction@otherhub.org.uk"]
    if claim.status not in (Claim.Status.PENDING, Claim.Status.SCHEDULED):
        errors["__all__"] = [f"This claim is {claim.get_status_display().lower()}, so there is nothing to ask for"]
    if errors:
        raise ValidationError(errors)
    request = ReleaseRequest(claim=claim, appropriate_body_name=appropriate_body_name.strip(), email=email.strip().lower(),
                             message=message.strip(), created_by=actor)
    try:
        with transaction.atomic():
            request.save()
            send_release_requests.delay_on_commit([request.pk])
    except IntegrityError:
        raise ValidationError({"email": [f"{email.strip().lower()} has already been asked to release this ECT"]}) from None
    return request


def release_request_message(request_id: int):
    request = ReleaseRequest.objects.select_related("claim__ect_period__teacher", "claim__ect_period__school", "created_by").get(pk=request_id)
    period = request.claim.ect_period
    message = build_email("ab_release_request", request.email, {"request": request, "teacher": period.teacher, "school": period.school,
                                                                 "claim": request.claim})
    if request.created_by is not None:
        message.reply_to = [request.created_by.email]
    return message
