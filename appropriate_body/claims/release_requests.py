"""Asking another AB to release an ECT the hub has been asked to claim (REGN-006: they must release first)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from appropriate_body.models import Claim
from appropriate_body.models.claims import ReleaseRequest
from hubportal.lib.queue import queue_on_commit
from participants.models import User


def request_release(claim: Claim, *, appropriate_body_name: str, email: str, message: str, actor: User) -> ReleaseRequest:
    """Queue one email to the other AB; the same address is asked once per claim."""
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
            queue_on_commit("appropriate_body.tasks.send_release_requests", [request.pk])
    except IntegrityError:
        raise ValidationError({"email": [f"{email.strip().lower()} has already been asked to release this ECT"]}) from None
    return request
