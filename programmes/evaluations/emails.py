"""The "an evaluation is open for you" email: one per person per evaluation, sent once (hubportal.lib.outbox)."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from programmes.models import SurveyNotice


@shared_task(name="programmes.tasks.send_survey_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_survey_notices(self, notice_ids: list[int]) -> None:
    today = timezone.localdate()
    deliver(self, SurveyNotice, notice_ids, lambda notice_id: notice_message(notice_id, today=today))


def notice_message(notice_id: int, *, today: date):
    """The email for one notice, or None once the survey has closed (nobody is asked to answer a closed one)."""
    notice = SurveyNotice.objects.select_related("survey", "user").get(pk=notice_id)
    survey = notice.survey
    if today > survey.closes_on:
        return None
    return build_email("evaluation_open", notice.user.email, {
        "user": notice.user,
        "survey": survey,
        "answer_url": settings.SITE_URL + reverse("programmes:evaluation_answer", args=[survey.public_id]),
    })
