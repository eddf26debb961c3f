"""Is a registration ready for its induction to start? Four checks before the start date.

- INST-005: the headteacher has confirmed the post is suitable (the tutor records it on the claim).
- ELIG-003/ELIG-004: QTS is awarded, on or before the start, as the AB found it in the teacher's record.
- ROLE-001: the school has an induction tutor and the ECT has a mentor.
- MIN-001: the contract runs for at least a term from the start (permanent, or a fixed term that long).

`readiness` is pure; `claim_readiness` reads its facts from a claim loaded by `with_readiness_facts`,
so a list of claims costs one query whatever its length.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from appropriate_body.models import Claim
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR, TermCalendar
from hubportal.lib.dates import long_date
from participants.models import Role, RoleAssignment, User

# Starts this close that fail a check head the AB's to-do list.
CHECK_AHEAD = timedelta(days=14)


@dataclass(frozen=True)
class Check:
    passed: bool
    message: str
    rule_id: str


def one_term_from(start: date, calendar: TermCalendar = DEFAULT_CALENDAR) -> date:
    """MIN-001: the last day of one term's employment from `start` (the day before the same point of the next term)."""
    term = calendar.term_containing(start)
    following = calendar.next_term(term)
    return min(following.start + (start - term.start), following.end) - timedelta(days=1)


def readiness(*, starts_on: date, suitable_post_confirmed_on: date | None, qts_awarded_on: date | None, has_tutor: bool,
              has_mentor: bool, contract_permanent: bool | None, contract_ends_on: date | None) -> list[Check]:
    """The four checks, each passing or not with a message saying what is missing."""
    post = Check(True, f"The headteacher confirmed the post is suitable for induction ({long_date(suitable_post_confirmed_on)})", "INST-005") \
        if suitable_post_confirmed_on else Check(False, "The headteacher has not confirmed the post is suitable for induction", "INST-005")
    if qts_awarded_on is None:
        qts = Check(False, "QTS is not recorded as awarded in the teacher's record", "ELIG-003")
    elif qts_awarded_on > starts_on:
        qts = Check(False, f"QTS is awarded on {long_date(qts_awarded_on)}, after the start date", "ELIG-004")
    else:
        qts = Check(True, f"QTS awarded on {long_date(qts_awarded_on)}", "ELIG-003")
    missing = [who for who, there in (("induction tutor at the school", has_tutor), ("mentor", has_mentor)) if not there]
    people = Check(not missing, "No " + " and no ".join(missing) if missing else "Induction tutor and mentor named", "ROLE-001")
    if contract_permanent:
        contract = Check(True, "Permanent contract", "MIN-001")
    elif contract_permanent is None:
        contract = Check(False, "The contract is not recorded", "MIN-001")
    elif contract_ends_on is None or contract_ends_on < one_term_from(starts_on):
        contract = Check(False, "The contract is shorter than a term from the start", "MIN-001")
    else:
        contract = Check(True, f"Fixed-term contract to {long_date(contract_ends_on)}, at least a term", "MIN-001")
    return [post, qts, people, contract]


def with_readiness_facts(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The facts `claim_readiness` reads, in the claims' own query: the start date and whether the school has a tutor."""
    tutor = RoleAssignment.objects.filter(school=OuterRef("ect_period__school"), role=Role.INDUCTION_TUTOR, user__is_active=True)
    return claims.annotate(starts_on=Coalesce("induction_start_date", "proposed_start_date"), school_has_tutor=Exists(tutor)) \
        .select_related("ect_period__teacher", "ect_period__school")


def claim_readiness(claim: Claim) -> list[Check]:
    return readiness(
        starts_on=claim.starts_on, suitable_post_confirmed_on=claim.suitable_post_confirmed_on, qts_awarded_on=claim.qts_awarded_on,
        has_tutor=claim.school_has_tutor, has_mentor=claim.ect_period.mentor_id is not None,
        contract_permanent=claim.contract_permanent, contract_ends_on=claim.contract_ends_on,
    )


def readiness_of(claim: Claim) -> list[Check]:
    """One claim's checks (a page showing one claim: one query)."""
    return claim_readiness(with_readiness_facts(Claim.objects.filter(pk=claim.pk)).get())


def starts_not_ready(*, today: date) -> list[Claim]:
    """Live claims not yet started whose start is within CHECK_AHEAD and that fail a check, soonest first; one query."""
    claims = with_readiness_facts(Claim.objects.filter(status__in=[Claim.Status.PENDING, Claim.Status.SCHEDULED])) \
        .filter(starts_on__gte=today, starts_on__lte=today + CHECK_AHEAD).order_by("starts_on", "pk")
    failing = []
    for claim in claims:
        claim.failed_checks = [check for check in claim_readiness(claim) if not check.passed]
        if claim.failed_checks:
            failing.append(claim)
    return failing


def record_post_and_contract(claim: Claim, *, suitable_post_confirmed: bool, contract_permanent: bool,
                             contract_ends_on: date | None, actor: User, today: date) -> Claim:
    """The tutor records the headteacher's confirmation of a suitable post (INST-005) and the contract (MIN-001)."""
    if not contract_permanent and contract_ends_on is None:
        raise ValidationError({"contract_ends_on": ["Enter the date the fixed-term contract ends"]})
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status not in Claim.LIVE:
            raise ValidationError("This claim was withdrawn or rejected")
        if not suitable_post_confirmed:
            claim.suitable_post_confirmed_on, claim.suitable_post_confirmed_by = None, None
        elif claim.suitable_post_confirmed_on is None:
            claim.suitable_post_confirmed_on, claim.suitable_post_confirmed_by = today, actor
        claim.contract_permanent = contract_permanent
        claim.contract_ends_on = None if contract_permanent else contract_ends_on
        claim._history_user = actor
        claim.save(update_fields=["suitable_post_confirmed_on", "suitable_post_confirmed_by", "contract_permanent", "contract_ends_on"])
    return claim
