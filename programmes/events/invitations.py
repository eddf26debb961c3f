"""Inviting an audience to an event (replies: programmes.events.replies; the reply link: programmes.events.links).

Inviting is idempotent by construction: one row per (event, email), created with
ignore_conflicts, and the email is an outbox row that a worker claims before sending.
A double click, a retried task or a worker killed half-way never invites anyone twice
and never skips anyone (every row still queued is queued again).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubportal.lib.dates import long_date
from hubportal.lib.outbox import EmailState
from hubportal.lib.queue import queue_chunks_on_commit
from participants.models import User
from programmes.events.audiences import AudienceRule, resolve
from programmes.models import Event, EventInvitation


def check_open(event: Event, *, now) -> None:
    if event.cancelled_at:
        raise ValidationError("This event has been cancelled")
    if event.ends_at <= now:
        raise ValidationError("This event has already taken place")


def check_accepting(event: Event, *, now) -> None:
    """New acceptances close at the end of the reply-by day; a decline is welcome until the event ends."""
    if event.reply_by and timezone.localdate(now) > event.reply_by:
        raise ValidationError(
            f"Replies to this event closed on {long_date(event.reply_by)}. To ask about a place, contact the hub."
        )


def invite_audience(event: Event, rules: list[AudienceRule], extras: list[str], *, actor: User, today: date) -> int:
    """Invite everyone the rules and extras name who is not invited yet; returns how many are new."""

    check_open(event, now=timezone.now())
    recipients = resolve(rules, extras, today=today)
    with transaction.atomic():
        before = event.invitations.count()
        EventInvitation.objects.bulk_create(
            [
                EventInvitation(
                    event=event, email=r.email.lower(), first_name=r.first_name, last_name=r.last_name,
                    teacher_id=r.teacher_id, user_id=r.user_id, school_id=r.school_id, invited_by=actor,
                )
                for r in recipients
            ],
            ignore_conflicts=True,
        )
        created = event.invitations.count() - before
        queued = list(event.invitations.filter(email_state=EmailState.QUEUED).order_by("pk").values_list("pk", flat=True))
        queue_chunks_on_commit("programmes.tasks.send_event_invitations", queued)
    return created


def resend_event_invitation(invitation: EventInvitation) -> bool:
    """Queue a failed invitation email again; False (nothing changed) unless it had failed.

    The conditional update is the claim: two clicks queue it once, and a row that is
    queued, sending or sent is never sent a second time from here.
    """

    with transaction.atomic():
        requeued = EventInvitation.objects.filter(pk=invitation.pk, email_state=EmailState.FAILED).update(
            email_state=EmailState.QUEUED, email_error="", email_claimed_at=None, email_attempts=0, email_retry_at=None
        )
        if requeued:
            queue_chunks_on_commit("programmes.tasks.send_event_invitations", [invitation.pk])
    return bool(requeued)
