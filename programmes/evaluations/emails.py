"""The "an evaluation is open for you" email: one per person per evaluation, sent once (hubportal.lib.outbox)."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from programmes.models import EvaluationNotice


@shared_task(name="programmes.tasks.send_survey_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_evaluation_notices(self, notice_ids: list[int]) -> None:
    today = timezone.localdate()
    deliver(self, EvaluationNotice, notice_ids, lambda notice_id: notice_message(notice_id, today=today))


def notice_message(notice_id: int, *, today: date):
    """The email for one notice, or None once the evaluation has closed (nobody is asked to answer a closed one)."""
    notice = EvaluationNotice.objects.select_related("evaluation", "user").get(pk=notice_id)
    evaluation = notice.evaluation
    if today > evaluation.closes_on:
        return None
    return build_email("evaluation_open", notice.user.email, {
        "user": notice.user,
        "evaluation": evaluation,
        "answer_url": settings.SITE_URL + reverse("programmes:evaluation_answer", args=[evaluation.public_id]),
    })
