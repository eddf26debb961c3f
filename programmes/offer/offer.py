"""The public CPD offer: what the hub offers across the golden thread, and what it signposts.

Read only. The whole offer is a few dozen programmes, so it is loaded in a fixed number of
queries (programmes with their partners, their upcoming cohorts, upcoming events) and filtered
in Python: JSON list lookups differ between SQLite and PostgreSQL, and the page's cost must not
grow with the number of programmes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber

from hubportal.lib.dates import academic_year_of
from programmes.cohorts.npq import CAREER_STAGES as NPQ_CAREER_STAGES
from programmes.models import (
    NPQ_NOT_OFFERED,
    CareerStage,
    Cohort,
    Delivery,
    Event,
    EventKind,
    NPQCourse,
    OfferKind,
    Partner,
    Phase,
    Programme,
    Strand,
)

# The golden thread's order is the Strand enum's order: ITT, ECTE, mentor training, NPQs, wider CPD.
STRAND_ORDER = list(Strand)

# Who a programme is for when the hub has not said: the strand answers it (a programme made by
# cohorts.cohort_for, say, has no career stages). Wider CPD with none stated is for everyone.
DEFAULT_STAGES = {
    Strand.ITT: [CareerStage.TRAINEE],
    Strand.ECTE: [CareerStage.ECT],
    Strand.ECTE_MENTOR: [CareerStage.MENTOR],
    Strand.CPD: list(CareerStage),
}

# The hub's events that belong to each strand, shown beside it as "coming up".
EVENT_KINDS = {
    Strand.ITT: [EventKind.ITT_RECRUITMENT],
    Strand.ECTE: [EventKind.ECT_WELCOME_Y1, EventKind.ECT_WELCOME_Y2],
    Strand.ECTE_MENTOR: [EventKind.MENTOR_CONFERENCE],
    Strand.NPQ: [EventKind.NPQ_INDUCTION],
    Strand.CPD: [EventKind.CPD_SESSION],
}
EVENTS_PER_STRAND = 5


def stages_of(programme: Programme) -> list[str]:
    """Career stage values, in golden-thread order."""
    stages = set(programme.career_stages or [])
    if not stages:
        if programme.npq_course:
            stages = set(NPQ_CAREER_STAGES.get(programme.npq_course, []))
        else:
            stages = set(DEFAULT_STAGES.get(programme.strand, []))
    return [stage.value for stage in CareerStage if stage.value in stages]


def phases_of(programme: Programme) -> list[str]:
    """Phase values, in order; an empty list means every phase."""
    phases = set(programme.phases or [])
    return [phase.value for phase in Phase if phase.value in phases]


def suits(programme: Programme, *, career_stage: str = "", phase: str = "") -> bool:
    if career_stage and career_stage not in stages_of(programme):
        return False
    phases = phases_of(programme)
    return not (phase and phases and phase not in phases)


@dataclass
class OfferedProgramme:
    programme: Programme
    stages: list[str]
    phases: list[str]
    cohorts: list[Cohort]

    @property
    def title(self) -> str:
        # §6.1: NPQs go by their official service names.
        if self.programme.npq_course:
            return NPQCourse(self.programme.npq_course).label
        return self.programme.name

    @property
    def stage_labels(self) -> list[str]:
        return [CareerStage(stage).label for stage in self.stages]

    @property
    def phase_labels(self) -> list[str]:
        return [Phase(phase).label for phase in self.phases]


@dataclass
class StrandGroup:
    strand: Strand
    programmes: list[OfferedProgramme]
    events: list[Event] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.strand.label


@dataclass
class MatrixRow:
    partner: Partner | None
    # One list of programmes per column, in the matrix's column order.
    cells: list[list[OfferedProgramme]]


@dataclass
class Matrix:
    kinds: list[tuple[str, str]]  # (value, label); "" is a programme with no kind recorded
    rows: list[MatrixRow]

    @property
    def count(self) -> int:
        return sum(len(cell) for row in self.rows for cell in row.cells)


@dataclass
class Offer:
    groups: list[StrandGroup]
    matrix: Matrix

    @property
    def hub_count(self) -> int:
        return sum(len(group.programmes) for group in self.groups)

    @property
    def count(self) -> int:
        return self.hub_count + self.matrix.count


def offered_programmes(*, today: date):
    """Programmes on the offer, with their partners and the cohorts of this academic year onwards."""
    upcoming = Cohort.objects.filter(academic_year__gte=academic_year_of(today)).order_by("academic_year", "stage", "intake")
    return (
        Programme.objects.filter(is_offered=True)
        .exclude(npq_course__in=[course.value for course in NPQ_NOT_OFFERED])
        .select_related("partner")
        .prefetch_related(Prefetch("cohorts", queryset=upcoming, to_attr="upcoming_cohorts"))
        .order_by("name", "pk")
    )


def _matrix(programmes: list[OfferedProgramme]) -> Matrix:
    present = {item.programme.offer_kind for item in programmes}
    kinds = [(kind.value, kind.label) for kind in OfferKind if kind.value in present]
    if "" in present:
        kinds.append(("", "Other"))
    column = {value: index for index, (value, _) in enumerate(kinds)}
    by_partner: dict[int | None, MatrixRow] = {}
    for item in programmes:
        partner = item.programme.partner
        row = by_partner.setdefault(partner.pk if partner else None, MatrixRow(partner, [[] for _ in kinds]))
        row.cells[column[item.programme.offer_kind]].append(item)
    # Partners by kind (curriculum hubs, research schools, alliances...) then name; unnamed last.
    kind_order = {kind.value: index for index, kind in enumerate(Partner.Kind)}
    rows = sorted(
        by_partner.values(),
        key=lambda row: (row.partner is None, kind_order.get(row.partner.kind, 99) if row.partner else 0,
                         row.partner.name.lower() if row.partner else ""),
    )
    return Matrix(kinds, rows)


def build_offer(*, today: date, now: datetime, career_stage: str = "", phase: str = "") -> Offer:
    """The offer as the filters narrow it: hub-run programmes by strand, signposted ones as a matrix."""
    hub: dict[str, list[OfferedProgramme]] = {strand.value: [] for strand in STRAND_ORDER}
    signposted: list[OfferedProgramme] = []
    for programme in offered_programmes(today=today):
        if not suits(programme, career_stage=career_stage, phase=phase):
            continue
        item = OfferedProgramme(programme, stages_of(programme), phases_of(programme), programme.upcoming_cohorts)
        if programme.delivery == Delivery.SIGNPOSTED:
            signposted.append(item)
        else:
            hub.setdefault(programme.strand, []).append(item)
    groups = [StrandGroup(strand, hub[strand.value]) for strand in STRAND_ORDER if hub[strand.value]]
    _attach_events(groups, now=now)
    return Offer(groups, _matrix(signposted))


def _attach_events(groups: list[StrandGroup], *, now: datetime) -> None:
    if not groups:
        return
    strand_of = {kind: group for group in groups for kind in EVENT_KINDS.get(group.strand, [])}
    # The first few of each kind in one query (a window per kind), so a busy strand's many
    # sessions never crowd out a quieter strand's one recruitment evening.
    events = (
        Event.objects.filter(kind__in=list(strand_of), starts_at__gte=now, cancelled_at__isnull=True)
        .annotate(place_in_kind=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("starts_at").asc(), F("pk").asc()]))
        .filter(place_in_kind__lte=EVENTS_PER_STRAND)
        .order_by("starts_at", "pk")
    )
    for event in events:
        group = strand_of[event.kind]
        if len(group.events) < EVENTS_PER_STRAND:
            group.events.append(event)
