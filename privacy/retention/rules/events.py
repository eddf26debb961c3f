"""Events, certificates and evaluations: who came goes, the counts stay (the insight figures read them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from privacy.retention.deleting import delete_records
from privacy.retention.schedule import Action, Rule, day_start
from programmes.models import Certificate, CertificateNotice, EvaluationAnswer, EventInvitation, EventNotice

# An address nobody has (RFC 2606's .invalid): one per invitation, because each event holds an address once.
ANONYMOUS_DOMAIN = "@example.invalid"


def anonymous_email(prefix: str, key: str) -> Concat:
    return Concat(Value(f"anonymised-{prefix}-"), Cast(key, CharField()), Value(ANONYMOUS_DOMAIN))


def invitations_with_needs(cutoff: date):
    return EventInvitation.objects.filter(event__ends_at__lt=day_start(cutoff)).exclude(access_needs="", dietary_needs="")


def clear_needs(ids: Sequence[int], today: date) -> None:
    EventInvitation.objects.filter(pk__in=ids).update(access_needs="", dietary_needs="")


def named_invitations(cutoff: date):
    return EventInvitation.objects.filter(event__ends_at__lt=day_start(cutoff), anonymised_on__isnull=True)


def anonymise_invitations(ids: Sequence[int], today: date) -> None:
    # The notices were sent to the person's address: they go with it.
    EventNotice.objects.filter(invitation__in=ids).delete()
    EventInvitation.objects.filter(pk__in=ids).update(
        email=anonymous_email("guest", "pk"), first_name="", last_name="", teacher=None, user=None,
        invited_by=None, booked_by=None, marked_by=None, access_needs="", dietary_needs="",
        email_error="", email_message_id="", email_provider_id="", email_delivery="", anonymised_on=today,
    )


def old_certificates(cutoff: date):
    return Certificate.objects.filter(awarded_on__lt=cutoff)


def delete_certificates(ids: Sequence[int], today: date) -> None:
    CertificateNotice.objects.filter(certificate__in=ids).delete()
    delete_records(Certificate, ids)


def named_answers(cutoff: date):
    return EvaluationAnswer.objects.filter(respondent__isnull=False, submitted_at__lt=day_start(cutoff))


def anonymise_answers(ids: Sequence[int], today: date) -> None:
    EvaluationAnswer.objects.filter(pk__in=ids).update(respondent=None)


RULES = [
    Rule(
        key="event_needs",
        length_key="event_needs",
        kind="Access and dietary needs given for an event",
        clock="The event's end",
        action=Action.CLEAR,
        outcome="Cleared (DP-004: they may describe someone's health). The place and attendance stay.",
        due=invitations_with_needs,
        apply=clear_needs,
    ),
    Rule(
        key="event_invitations",
        length_key="event_invitations",
        kind="Event invitations, replies and attendance",
        clock="The event's end",
        action=Action.ANONYMISE,
        outcome=(
            "Name, email address, account and the emails sent about the event are removed. "
            "The school, the reply and the attendance stay, so the insight figures do not change."
        ),
        due=named_invitations,
        apply=anonymise_invitations,
    ),
    Rule(
        key="certificates",
        length_key="certificates",
        kind="Certificates",
        clock="The day the certificate was awarded",
        action=Action.DELETE,
        outcome="The certificate, its PDF and its history are deleted; its code no longer verifies.",
        due=old_certificates,
        apply=delete_certificates,
    ),
    Rule(
        key="evaluations",
        length_key="evaluations",
        kind="Evaluation answers",
        clock="The day the answer was given",
        action=Action.ANONYMISE,
        outcome="Whose answer it was is removed. The rating, comments and school stay.",
        due=named_answers,
        apply=anonymise_answers,
    ),
]
