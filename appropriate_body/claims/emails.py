"""The email asking another AB to release an ECT (REGN-006), sent once (hubportal.lib.outbox)."""

from celery import shared_task

from appropriate_body.models.claims import ReleaseRequest
from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver


@shared_task(name="appropriate_body.tasks.send_release_requests", bind=True, max_retries=5, default_retry_delay=60)
def send_release_requests(self, request_ids: list[int]) -> None:
    """Release requests to other ABs, each sent once."""
    deliver(self, ReleaseRequest, request_ids, release_request_message)


def release_request_message(request_id: int):
    request = ReleaseRequest.objects.select_related("claim__ect_period__teacher", "claim__ect_period__school", "created_by").get(pk=request_id)
    period = request.claim.ect_period
    message = build_email("ab_release_request", request.email, {"request": request, "teacher": period.teacher, "school": period.school,
                                                                 "claim": request.claim})
    if request.created_by is not None:
        message.reply_to = [request.created_by.email]
    return message
