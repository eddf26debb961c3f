"""My golden thread: one person's whole story with the hub, read only, for that person alone.

Everything is found from the signed-in account (never from a parameter): enrolments through
the teacher record linked to it (Teacher.user), the induction the AB holds for that teacher,
event invitations to the account (or to its address when the invitation names no account),
and the certificates programmes.access.certificates_of says are theirs. A fixed number of
queries however long the story is.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from appropriate_body.inductions.cases import CaseStatus
from appropriate_body.models import Induction, InductionPeriod, Outcome
from hubportal.lib.dates import academic_year_of
from programmes.access import certificates_of
from programmes.events.mine import invitations_of
from programmes.models import Certificate, CohortStage, Enrolment, EventInvitation, EventKind, Placement, Strand

# Where an event belongs when it is not tied to a cohort (a cohort's event goes with its strand).
STRAND_OF_EVENT = {
    EventKind.ITT_RECRUITMENT: Strand.ITT,
    EventKind.ECT_WELCOME_Y1: Strand.ECTE,
    EventKind.ECT_WELCOME_Y2: Strand.ECTE,
    EventKind.AB_CLINIC: Strand.ECTE,
    EventKind.MENTOR_CONFERENCE: Strand.ECTE_MENTOR,
    EventKind.NPQ_INDUCTION: Strand.NPQ,
    EventKind.TUTOR_TRAINING: Strand.CPD,
    EventKind.CPD_SESSION: Strand.CPD,
}
# Within an academic year, by date; on the same day a Year 1 cohort before a Year 2 one.
STAGE_ORDER = {CohortStage.NONE: 0, CohortStage.YEAR_1: 1, CohortStage.YEAR_2: 2}
# Certificates not attached to anything above (kept last, after the strands).
CERTIFICATES = "certificates"


@dataclass
class ThreadItem:
    kind: str  # "enrolment", "induction", "event" or "certificate"
    on: date | None
    order: tuple  # (academic year, date, tie-break, pk): the golden thread's order within a strand
    enrolment: Enrolment | None = None
    induction: Induction | None = None
    induction_status: str = ""
    invitation: EventInvitation | None = None
    event_state: str = ""
    certificate: Certificate | None = None


@dataclass
class ThreadGroup:
    key: str
    label: str
    items: list[ThreadItem] = field(default_factory=list)


@dataclass
class Thread:
    groups: list[ThreadGroup]

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def enrolments_of(user) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(teacher__user=user).select_related(
        "cohort__programme__partner", "cohort__lead_provider", "school"
    ).prefetch_related(Prefetch("placements", queryset=Placement.objects.select_related("school").order_by("started_on", "pk")))


def induction_of(user) -> Induction | None:
    periods = InductionPeriod.objects.select_related("school").order_by("started_on", "pk")
    return Induction.objects.filter(teacher__user=user).prefetch_related(Prefetch("periods", queryset=periods)).first()


def induction_status(induction: Induction) -> str:
    """RIAB-009's words, as appropriate_body.cases.case_of gives them (without the schedule it also works out)."""
    periods = list(induction.periods.all())
    outcome = next((p.outcome for p in periods if p.outcome), "")
    if outcome:
        return CaseStatus.PASSED if outcome == Outcome.PASS else CaseStatus.FAILED
    return CaseStatus.IN_PROGRESS if any(p.finished_on is None for p in periods) else CaseStatus.PAUSED


def event_state(invitation: EventInvitation, *, now) -> str:
    event = invitation.event
    if invitation.attended_at:
        return "Attended"
    if event.cancelled_at:
        return "Event cancelled"
    if event.register_closed_at and invitation.place == invitation.Place.CONFIRMED:
        return "Did not attend"
    if invitation.response == invitation.Response.DECLINED:
        return "You declined"
    if invitation.place:
        return invitation.get_place_display()
    if event.ends_at <= now:
        return "Invited"
    return "Invited: no reply yet"


def thread_of(user, *, now=None) -> Thread:
    now = now or timezone.now()
    groups = {strand.value: ThreadGroup(strand.value, strand.label) for strand in Strand}
    groups[CERTIFICATES] = ThreadGroup(CERTIFICATES, "Other certificates")
    certificates = list(certificates_of(user).filter(revoked_at__isnull=True).order_by("awarded_on", "pk"))
    by_enrolment = {c.enrolment_id: c for c in certificates if c.enrolment_id}
    by_invitation = {c.invitation_id: c for c in certificates if c.invitation_id}

    for enrolment in enrolments_of(user):
        cohort = enrolment.cohort
        certificate = by_enrolment.get(enrolment.pk)
        groups[cohort.programme.strand].items.append(ThreadItem(
            "enrolment", enrolment.enrolled_on,
            (cohort.academic_year, enrolment.enrolled_on, STAGE_ORDER.get(cohort.stage, 0), enrolment.pk),
            enrolment=enrolment, certificate=certificate,
        ))

    induction = induction_of(user)
    if induction is not None:
        periods = list(induction.periods.all())
        started = periods[0].started_on if periods else None
        groups[Strand.ECTE].items.append(ThreadItem(
            "induction", started, (academic_year_of(started) if started else 0, started or date.min, 3, induction.pk),
            induction=induction, induction_status=induction_status(induction),
        ))

    for invitation in invitations_of(user):
        event = invitation.event
        strand = event.cohort.programme.strand if event.cohort_id else STRAND_OF_EVENT.get(event.kind, Strand.CPD)
        certificate = by_invitation.get(invitation.pk)
        on = timezone.localdate(event.starts_at)
        groups[strand].items.append(ThreadItem(
            "event", on, (academic_year_of(on), on, 4, invitation.pk),
            invitation=invitation, event_state=event_state(invitation, now=now), certificate=certificate,
        ))

    placed = {item.certificate.pk for group in groups.values() for item in group.items if item.certificate}
    for certificate in certificates:
        if certificate.pk not in placed:
            on = certificate.awarded_on
            groups[CERTIFICATES].items.append(ThreadItem("certificate", on, (academic_year_of(on), on, 5, certificate.pk), certificate=certificate))

    for group in groups.values():
        group.items.sort(key=lambda item: item.order)
    return Thread([group for group in groups.values() if group.items])
