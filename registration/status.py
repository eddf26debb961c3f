"""Where each ECT registration stands, worked out in the database so lists can filter on it."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from appropriate_body.claims.state import live_claim_exists, pending_claim_exists
from hubportal.lib.dates import academic_year_of
from participants.models import ECTAtSchoolPeriod, LeavingReason, School
from participants.people.identifiers import trn_in_search
from programmes.models import EventInvitation, EventKind, Place


class ECTStatus(models.TextChoices):
    ACTION_REQUIRED = "action_required", "Action required"
    PENDING_AB = "pending_ab", "Pending AB"
    REGISTERED = "registered", "Registered"
    LEAVING = "leaving", "Leaving"
    LEFT = "left", "Left"
    COMPLETED = "completed", "Completed"


# No longer at the school: left out of "current" lists and counts.
FINISHED = (ECTStatus.LEFT, ECTStatus.COMPLETED)
# What current_ects counts, in the words every page that counts a school's ECTs shows beside the number.
ECTS_COUNTED = ("ECTs counted: those registered at the school who have not left it or completed induction "
                "(someone leaving counts until their last day).")


def _status_case(*, today: date, live: str, pending: str) -> Case:
    """The status, from the row's leaving reason, end date and mentor and the claim facts named `live` and `pending`.

    A period needs action while it has no mentor or no live AB claim (the claim was
    rejected or withdrawn); leaving, left and completed outrank that.
    """
    return Case(
        When(leaving_reason=LeavingReason.COMPLETED_INDUCTION, then=Value(ECTStatus.COMPLETED.value)),
        When(finished_on__lt=today, then=Value(ECTStatus.LEFT.value)),
        When(finished_on__gte=today, then=Value(ECTStatus.LEAVING.value)),
        When(Q(mentor__isnull=True) | Q(**{live: False}), then=Value(ECTStatus.ACTION_REQUIRED.value)),
        When(**{pending: True}, then=Value(ECTStatus.PENDING_AB.value)),
        default=Value(ECTStatus.REGISTERED.value),
        output_field=models.CharField(),
    )


def with_status(periods: QuerySet[ECTAtSchoolPeriod], *, today: date) -> QuerySet[ECTAtSchoolPeriod]:
    """Annotate `status` (an ECTStatus) on each period, from columns of its own row: the claim facts
    `has_live_claim` and `claim_pending` are stored on it (appropriate_body.claims.state). Only left and
    leaving depend on the day, so they stay a comparison of finished_on with `today`."""
    return periods.annotate(status=_status_case(today=today, live="has_live_claim", pending="claim_pending"))


def with_status_from_claims(periods: QuerySet[ECTAtSchoolPeriod], *, today: date) -> QuerySet[ECTAtSchoolPeriod]:
    """Annotate `status_from_claims`: the status worked out afresh from the claims themselves, not the stored
    facts; what the stored status must always equal (the tests hold them to it)."""
    return periods.annotate(live_claim_now=live_claim_exists(), pending_claim_now=pending_claim_exists()).annotate(
        status_from_claims=_status_case(today=today, live="live_claim_now", pending="pending_claim_now")
    )


def status_filter(status: str, *, today: date) -> Q:
    """The periods in `status`, as a condition on plain columns that an index can serve (the CASE of
    with_status compared with a value cannot be). Agrees with with_status, branch by branch."""
    not_completed = ~Q(leaving_reason=LeavingReason.COMPLETED_INDUCTION)
    at_school = not_completed & Q(finished_on__isnull=True)
    return {
        ECTStatus.COMPLETED: Q(leaving_reason=LeavingReason.COMPLETED_INDUCTION),
        ECTStatus.LEFT: not_completed & Q(finished_on__lt=today),
        ECTStatus.LEAVING: not_completed & Q(finished_on__gte=today),
        ECTStatus.ACTION_REQUIRED: at_school & (Q(mentor__isnull=True) | Q(has_live_claim=False)),
        ECTStatus.PENDING_AB: at_school & Q(mentor__isnull=False, has_live_claim=True, claim_pending=True),
        ECTStatus.REGISTERED: at_school & Q(mentor__isnull=False, has_live_claim=True, claim_pending=False),
    }[ECTStatus(status)]


def current_ects(periods: QuerySet[ECTAtSchoolPeriod], *, today: date) -> QuerySet[ECTAtSchoolPeriod]:
    """A school's ECTs, the one way every page counts and lists them (the tutor's home, the school's checklist
    and status counts, the ECT list): every registration at the school, including one starting later,
    except those who have left (finished before today) or completed induction. Annotated as with_status."""
    counted = ~Q(leaving_reason=LeavingReason.COMPLETED_INDUCTION) & (Q(finished_on__isnull=True) | Q(finished_on__gte=today))
    return with_status(periods.filter(counted), today=today)


def actions_for(period: ECTAtSchoolPeriod) -> list[str]:
    """What the induction tutor still has to do for a period annotated by with_status."""
    if period.status != ECTStatus.ACTION_REQUIRED:
        return []
    actions = []
    if period.mentor_id is None:
        actions.append("assign a mentor")
    if not period.has_live_claim:
        actions.append("resolve the AB claim")
    return actions


def status_label(period: ECTAtSchoolPeriod) -> str:
    label = ECTStatus(period.status).label
    if actions := actions_for(period):
        return f"{label}: {' and '.join(actions)}"
    return label


def status_counts(school: School, *, today: date) -> dict[str, int]:
    """How many of the school's registrations are in each status, in one query (those counted as its ECTs:
    every status but FINISHED)."""
    periods = with_status(ECTAtSchoolPeriod.objects.filter(school=school), today=today)
    return periods.aggregate(**{status.value: Count("pk", filter=Q(status=status.value)) for status in ECTStatus})


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: int
    total: int
    # The ECT periods still outstanding, for the checklist's "still to do" links.
    outstanding: list

    @property
    def complete(self) -> bool:
        return self.done == self.total


def school_checklist(school_id: int, *, today: date) -> list[ChecklistItem]:
    """The school's "done for this year" list over its ECTs (current_ects)."""
    periods = list(
        current_ects(ECTAtSchoolPeriod.objects.filter(school_id=school_id), today=today)
        .annotate(has_welcome_place=Exists(welcome_places(today)))
        .select_related("teacher")
        .order_by("teacher__last_name", "teacher__first_name")
    )
    no_mentor = [p for p in periods if p.mentor_id is None]
    no_claim = [p for p in periods if not p.has_live_claim]
    no_account = [p for p in periods if p.teacher.user_id is None]
    no_welcome = [p for p in periods if not p.has_welcome_place]
    total = len(periods)
    return [
        ChecklistItem("Every ECT has a mentor", total - len(no_mentor), total, no_mentor),
        ChecklistItem("Every ECT has a claim with the appropriate body", total - len(no_claim), total, no_claim),
        ChecklistItem("Every ECT has set up their portal account", total - len(no_account), total, no_account),
        ChecklistItem("Every ECT has a place at this year's welcome conference", total - len(no_welcome), total, no_welcome),
    ]


def welcome_places(today: date):
    """A confirmed place (or attendance) at an ECT welcome conference in this academic year, for the outer ECT
    (OuterRef("teacher")): the school checklist and the tutor's home count places by this one rule."""

    year = academic_year_of(today)
    return EventInvitation.objects.filter(
        Q(place=Place.CONFIRMED) | Q(attended_at__isnull=False),
        teacher=OuterRef("teacher"), event__kind__in=[EventKind.ECT_WELCOME_Y1, EventKind.ECT_WELCOME_Y2],
        event__cancelled_at__isnull=True, event__starts_at__date__gte=date(year, 9, 1), event__starts_at__date__lt=date(year + 1, 9, 1),
    )


def search_by_name_or_trn(periods: QuerySet[ECTAtSchoolPeriod], query: str) -> QuerySet[ECTAtSchoolPeriod]:
    """The search box of every ECT list: each word matches a name; digits match part of a TRN.

    ID-TRN-006: a 7-digit number in the search is a TRN and wins over any text around it.
    """

    if trn := trn_in_search(query):
        return periods.filter(teacher__trn=trn)
    for word in query.split():
        match = Q(teacher__first_name__icontains=word) | Q(teacher__last_name__icontains=word) | Q(
            teacher__corrected_name__icontains=word
        )
        if word.isdigit():
            match |= Q(teacher__trn__contains=word)
        periods = periods.filter(match)
    return periods
