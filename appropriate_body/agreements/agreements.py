"""Service agreements: which terms apply, whether a school has accepted them, and renewal reminders.

AB-007 (ABD-013): the AB's fees must be agreed in advance, so each school accepts the year's terms,
by a named signatory, before the hub charges for the year. A year's terms run 1 September to
31 August; in the last 30 days of a year a school that has not yet accepted next year's is
"expiring", and hub staff get one reminder listing such schools (each school once).
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from appropriate_body.models import AgreementTerms, RenewalReminder, RenewalReminderItem, ServiceAgreement
from appropriate_body.models.agreements import DEFAULT_TERMS_TEXT
from hubportal.lib.dates import academic_year_dates
from hubportal.lib.outbox import requeue_stuck
from participants.models import Role, School, User

logger = logging.getLogger(__name__)

# How long before a year's terms end that a school without next year's agreement counts as expiring.
RENEWAL_WINDOW = timedelta(days=30)


class Status:
    SIGNED = "signed"
    NOT_SIGNED = "not_signed"
    EXPIRING = "expiring"

    LABELS = {SIGNED: "Signed", EXPIRING: "Signed, next year's not yet", NOT_SIGNED: "Not signed"}


def publish_terms(academic_year: int, *, provider_led_fee: Decimal, school_led_fee: Decimal,
                  terms_text: str = DEFAULT_TERMS_TEXT, fidelity_check_fee: Decimal | None = None) -> AgreementTerms:
    """A year's terms, 1 September to 31 August (hub staff normally do this in the admin; demo data calls it)."""
    valid_from, valid_until = academic_year_dates(academic_year)
    fees = {} if fidelity_check_fee is None else {"fidelity_check_fee": fidelity_check_fee}
    return AgreementTerms.objects.create(
        academic_year=academic_year, provider_led_fee=provider_led_fee, school_led_fee=school_led_fee,
        terms_text=terms_text, valid_from=valid_from, valid_until=valid_until, **fees,
    )


def terms_around(today: date) -> tuple[AgreementTerms | None, AgreementTerms | None]:
    """This year's terms and the next to start after today (once published), in one query."""
    terms = list(AgreementTerms.objects.filter(valid_until__gte=today).order_by("valid_from")[:2])
    current = terms.pop(0) if terms and terms[0].valid_from <= today else None
    return current, (terms[0] if terms else None)


def current_terms(today: date) -> AgreementTerms | None:
    return terms_around(today)[0]


def next_terms(today: date) -> AgreementTerms | None:
    return terms_around(today)[1]


def in_renewal_window(terms: AgreementTerms | None, today: date) -> bool:
    return terms is not None and today >= terms.valid_until - RENEWAL_WINDOW


@dataclass(frozen=True)
class AgreementStatus:
    status: str
    current_terms: AgreementTerms | None
    current_agreement: ServiceAgreement | None
    next_terms: AgreementTerms | None
    next_agreement: ServiceAgreement | None
    in_renewal_window: bool

    @property
    def label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def offers_next_terms(self) -> bool:
        """Next year's terms are for the school to read and accept: in the renewal window, or when no year is running."""
        return self.next_terms is not None and (self.in_renewal_window or self.current_terms is None)


def agreement_status(school: School, today: date) -> AgreementStatus:
    current, upcoming = terms_around(today)
    years = [terms.pk for terms in (current, upcoming) if terms]
    agreements = {a.terms_id: a for a in ServiceAgreement.objects.filter(school=school, terms__in=years).select_related("accepted_by")}
    current_agreement = agreements.get(current.pk) if current else None
    next_agreement = agreements.get(upcoming.pk) if upcoming else None
    window = in_renewal_window(current, today)
    if current_agreement is None:
        status = Status.NOT_SIGNED
    elif window and next_agreement is None:
        status = Status.EXPIRING
    else:
        status = Status.SIGNED
    return AgreementStatus(status, current, current_agreement, upcoming, next_agreement, window)


def accept_agreement(school: School, terms: AgreementTerms, *, signatory_name: str, job_title: str,
                     actor: User, now: datetime) -> ServiceAgreement:
    """The school accepts `terms` (this year's or next year's) through its named signatory."""
    today = timezone.localdate(now)
    errors: dict[str, list[str]] = {}
    if not signatory_name.strip():
        errors["signatory_name"] = ["Enter the full name of the person accepting the agreement"]
    if not job_title.strip():
        errors["job_title"] = ["Enter their job title, for example headteacher"]
    offered = {t.pk for t in terms_around(today) if t}
    if terms.pk not in offered:
        errors["__all__"] = [f"The {terms.label} terms are not open for acceptance"]
    if ServiceAgreement.objects.filter(school=school, terms=terms).exists():
        errors["__all__"] = [_already_accepted(school, terms)]
    if errors:
        raise ValidationError(errors)
    agreement = ServiceAgreement(school=school, terms=terms, signatory_name=signatory_name.strip(),
                                 signatory_job_title=job_title.strip(), accepted_by=actor, accepted_at=now)
    agreement._history_user = actor
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        # A double submit: the other request saved first, and the unique constraint stopped this one.
        raise ValidationError({"__all__": [_already_accepted(school, terms)]}) from None
    return agreement


def _already_accepted(school: School, terms: AgreementTerms) -> str:
    return f"{school.name} has already accepted the {terms.label} agreement"


def schools_with_status(today: date, *, terms: tuple[AgreementTerms | None, AgreementTerms | None] | None = None) -> QuerySet[School]:
    """Every school the hub serves (closed schools need no agreement), annotated with `agreement_status`.

    `terms` is terms_around(today), when the caller has it already.
    """
    current, upcoming = terms if terms is not None else terms_around(today)
    signed_current = Exists(ServiceAgreement.objects.filter(school=OuterRef("pk"), terms=current)) if current else Value(False)
    signed_next = Exists(ServiceAgreement.objects.filter(school=OuterRef("pk"), terms=upcoming)) if upcoming else Value(False)
    expiring = When(Q(signed_next=False), then=Value(Status.EXPIRING)) if in_renewal_window(current, today) else None
    whens = [When(Q(signed_current=False), then=Value(Status.NOT_SIGNED)), *([expiring] if expiring else [])]
    return School.objects.exclude(status=School.Status.CLOSED).annotate(
        signed_current=signed_current, signed_next=signed_next,
        agreement_status=Case(*whens, default=Value(Status.SIGNED), output_field=CharField()),
    )


def ending_agreements(today: date) -> QuerySet[ServiceAgreement]:
    """This year's agreements in their last 30 days, whose school has not accepted next year's terms."""
    current, upcoming = terms_around(today)
    if not in_renewal_window(current, today):
        return ServiceAgreement.objects.none()
    agreements = ServiceAgreement.objects.filter(terms=current).exclude(school__status=School.Status.CLOSED)
    if upcoming:
        agreements = agreements.exclude(school__service_agreements__terms=upcoming)
    return agreements


def queue_renewal_reminders(today: date) -> int:
    """One reminder to hub staff naming every newly due school; returns how many schools it names.

    Run daily (a beat job). The unique (agreement, kind) item is what makes each school's reminder
    once, however often this runs; a concurrent run hits it and leaves the schools to the other.
    """
    kind = RenewalReminderItem.Kind.ENDS_WITHIN_30_DAYS
    due = list(ending_agreements(today).exclude(renewal_reminders__kind=kind).values_list("pk", flat=True))
    if due:
        try:
            with transaction.atomic():
                reminder = RenewalReminder.objects.create()
                RenewalReminderItem.objects.bulk_create(
                    [RenewalReminderItem(reminder=reminder, agreement_id=pk, kind=kind) for pk in due])
        except IntegrityError:
            logger.info("Another run queued these renewal reminders first")
            due = []
    # Every reminder still waiting (new, or left by a worker that died) goes to a worker; claims stop doubles.
    requeue_stuck(RenewalReminder, queued_before=timedelta(0))
    return len(due)


def hub_staff_emails() -> list[str]:
    """Everyone with the hub staff role; the hub's contact address when nobody has it yet."""
    emails = list(User.objects.filter(is_active=True, role_assignments__role=Role.HUB_STAFF)
                  .order_by("email").values_list("email", flat=True).distinct())
    return emails or [settings.HUB_CONTACT_EMAIL]
