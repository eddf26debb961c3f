"""The renewal digest to hub staff: the schools whose AB service agreement ends within 30 days, sent once."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from appropriate_body.agreements.agreements import Status, hub_staff_emails, next_terms
from appropriate_body.models import RenewalReminder, ServiceAgreement
from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver


@shared_task(name="appropriate_body.tasks.send_renewal_reminders", bind=True, max_retries=5, default_retry_delay=60)
def send_renewal_reminders(self, reminder_ids: list[int]) -> None:
    deliver(self, RenewalReminder, reminder_ids, lambda pk: renewal_reminder_message(pk, today=timezone.localdate()))


def renewal_reminder_message(reminder_id: int, *, today: date):
    """The digest for one reminder, naming only the schools that still have not renewed; None if all have."""
    reminder = RenewalReminder.objects.get(pk=reminder_id)
    items = reminder.items.select_related("agreement__school", "agreement__terms").order_by("agreement__school__name")
    upcoming = next_terms(today)
    renewed = set(ServiceAgreement.objects.filter(terms=upcoming).values_list("school_id", flat=True)) if upcoming else set()
    agreements = [item.agreement for item in items if item.agreement.school_id not in renewed]
    if not agreements:
        return None
    emails = hub_staff_emails()
    context = {
        "agreements": [{"agreement": a, "url": settings.SITE_URL + reverse("appropriate_body:school_agreement", args=[a.school.urn])}
                       for a in agreements],
        "ending_terms": agreements[0].terms, "next_terms": upcoming,
        "list_url": settings.SITE_URL + reverse("appropriate_body:agreement_list") + f"?status={Status.EXPIRING}",
        "admin_url": settings.SITE_URL + reverse("admin:appropriate_body_agreementterms_add"),
    }
    message = build_email("ab_agreement_renewal", emails[0], context)
    # One message to the (small) hub staff team: everyone sees who else was told.
    message.to = emails
    return message
