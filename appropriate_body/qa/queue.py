"""The AB's QA queue: which ECTs' inductions most need a human look, risk first, then a random share.

An item is an ECT's induction, not one report: every signal is about the ECT (not on track, late,
absent, their programme, their school), and the person checking looks at the latest reports and
the schedule together. Each signal is one small function returning the induction ids it flags (or
the school ids, turned into inductions at the school). Only inductions with an open period with the
hub's AB are in the queue, and one checked since this term began is left out until next term.

The order: each item by the first signal it has (1 above 2 above 3...), then by how many it has.
After them, QA_RANDOM_SHARE_PERCENT of the rest, chosen with a seed of the ISO week so the queue
does not jump on every refresh (SG24 5.11: quality assurance by sampling).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone

from appropriate_body.fidelity.checks import completed_check_school_ids
from appropriate_body.inductions.todo import not_on_track
from appropriate_body.models import Absence, Assessment, Induction, InductionPeriod, QACheck
from appropriate_body.models.assessments import OPEN_STATUSES
from appropriate_body.reviews.reviews import returned_report_school_ids
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR
from hubportal.lib.dates import academic_year_of
from participants.models import TrainingProgramme


@dataclass(frozen=True)
class Signal:
    key: str
    label: str


NOT_ON_TRACK = Signal("not_on_track", "Not on track at the latest review or assessment")
LATE = Signal("late", "A review or assessment is past its due date and not done")
ABSENCE = Signal("absence", "A long absence since the last term began")
NO_FIDELITY_CHECK = Signal("no_fidelity_check", "School-led programme with no fidelity check this year")
RETURNED_BEFORE = Signal("returned_before", "The school has had reports returned before")
RANDOM = Signal("random", "Chosen at random this week")
SIGNALS = (NOT_ON_TRACK, LATE, ABSENCE, NO_FIDELITY_CHECK, RETURNED_BEFORE)
LABELS = {signal.key: signal.label for signal in (*SIGNALS, RANDOM)}


def _open_periods() -> QuerySet[InductionPeriod]:
    """The periods the hub's AB holds now: only their ECTs are in the queue. Unordered: the queue orders its items
    itself, and each signal reads them from a partial index (InductionPeriod's induction_period_held*)."""
    return InductionPeriod.objects.filter(finished_on__isnull=True, other_appropriate_body="").order_by()


def not_on_track_ids() -> QuerySet:
    """1. PR-004/FA-006: the latest recorded review or assessment says not on track, as the to-do list reads it."""
    return not_on_track().order_by().values("induction_id")


def late_ids(*, today: date) -> QuerySet:
    """2. A review or assessment past its due date and still open (PR-002, FA-002)."""
    return Assessment.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today).order_by().values("induction_id")


def long_absence_ids(*, today: date) -> QuerySet:
    """3. QA_ABSENCE_DAYS or more days absent in absences ending since the previous term began (ABS-001)."""
    current = DEFAULT_CALENDAR.term_containing(today)
    since = DEFAULT_CALENDAR.term_containing(current.start - timedelta(days=1)).start
    return (Absence.objects.filter(finished_on__gte=since, started_on__lte=today).order_by().values("induction_id")
            .annotate(total=Sum("days")).filter(total__gte=settings.QA_ABSENCE_DAYS).values("induction_id"))


def school_led_without_fidelity_ids(*, today: date) -> QuerySet:
    """4. A school-led programme (E25-003) at a school with no fidelity check this academic year (ABD-011)."""
    return (_open_periods().filter(training_programme=TrainingProgramme.SCHOOL_LED)
            .exclude(school__in=completed_check_school_ids(academic_year_of(today))).values("induction_id"))


def returned_before_ids(*, today: date) -> QuerySet:
    """5. The ECT's school had reports returned in the last year."""
    since = datetime.combine(today - timedelta(days=365), time(0), tzinfo=timezone.get_current_timezone())
    return _open_periods().filter(school__in=returned_report_school_ids(since)).values("induction_id")


def _checked_this_term(*, today: date) -> set[int]:
    """ECTs checked since this term began: left out of the queue until next term (a few, read once)."""
    since = DEFAULT_CALENDAR.term_containing(today).start
    return set(QACheck.objects.filter(induction__isnull=False, checked_at__date__gte=since).values_list("induction_id", flat=True))


@dataclass
class QueueItem:
    induction_id: int
    reasons: list[Signal]
    induction: Induction | None = None
    period: InductionPeriod | None = None

    @property
    def reason_keys(self) -> list[str]:
        return [signal.key for signal in self.reasons]


def week_seed(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def random_positions(n: int, *, today: date, percent: int | None = None) -> list[int]:
    """Which of `n` ids in id order make `percent` of them (rounded up), the same all week: a seeded choice.

    random.sample picks by position alone, so these are the positions it picks from any `n` ids: the queue knows its
    share, and its length, from a count, and reads the ids themselves only for a page that shows them."""
    percent = settings.QA_RANDOM_SHARE_PERCENT if percent is None else percent
    k = min(n, math.ceil(n * percent / 100))
    return sorted(random.Random(week_seed(today)).sample(range(n), k))  # noqa: S311 (a sample, not a secret)


def random_share(ids: list[int], *, today: date, percent: int | None = None) -> list[int]:
    """`percent` of `ids` (rounded up), the same all week: a seeded choice from them in id order."""
    ordered = sorted(ids)
    return [ordered[position] for position in random_positions(len(ordered), today=today, percent=percent)]


class QAQueue(Sequence):
    """The queue in order: the flagged items, then the week's random share of the others (read when a page reaches it).

    Each item is made when a page asks for it, and kept, so that filling a page (with_inductions) fills the items
    the page then shows: at 87 hubs' size the queue holds thousands, and a page 50. Until then an item is its
    induction's id and a bit for each signal it has (in SIGNALS' order): plain ints, which the garbage collector
    never walks, where a list of reasons each would give it thousands of objects to walk on every view."""

    def __init__(self, signals: dict[int, int], order: list[int], positions: list[int], unflagged_ids: Callable[[], list[int]]):
        self._signals, self._order, self.positions, self._unflagged_ids = signals, order, positions, unflagged_ids
        self._made: dict[int, QueueItem] = {}
        self._chosen: list[QueueItem] | None = None

    def __len__(self) -> int:
        return len(self._order) + len(self.positions)

    def _random_items(self) -> list[QueueItem]:
        if self._chosen is None:
            ids = self._unflagged_ids()
            # A row gone between the count and this read (a period closed meanwhile) shortens the share, never breaks it.
            self._chosen = [QueueItem(ids[position], [RANDOM]) for position in self.positions if position < len(ids)]
        return self._chosen

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("QA queue index out of range")
        if index < len(self._order):
            if index not in self._made:
                pk = self._order[index]
                self._made[index] = QueueItem(pk, [signal for n, signal in enumerate(SIGNALS) if self._signals[pk] >> n & 1])
            return self._made[index]
        return self._random_items()[index - len(self._order)]


def qa_queue(*, today: date) -> QAQueue:
    """Every item of the queue in order, ids and reasons only: one query per signal, one to find which of those the
    first three flag the hub still holds, and one count of the ECTs it holds (their ids are read only for a page of
    the random share); `with_inductions` fills a page of them."""
    checked = _checked_this_term(today=today)
    held = _open_periods().exclude(induction_id__in=checked)
    sources = ((NOT_ON_TRACK, not_on_track_ids()), (LATE, late_ids(today=today)), (ABSENCE, long_absence_ids(today=today)),
               (NO_FIDELITY_CHECK, school_led_without_fidelity_ids(today=today)), (RETURNED_BEFORE, returned_before_ids(today=today)))
    found = [(signal, set(ids.values_list("induction_id", flat=True)) - checked) for signal, ids in sources]
    # The last two signals are read from the held periods; the first three from reports and absences, some of ECTs the
    # hub no longer holds, so which of those it holds is asked once for all three, in the database (a list of their
    # thousands of ids as parameters costs more to build than the query).
    flagged_elsewhere = sources[0][1].union(sources[1][1], sources[2][1])
    held_among = set(_open_periods().filter(induction_id__in=flagged_elsewhere).values_list("induction_id", flat=True))
    flagged: dict[int, int] = {}  # induction id: a bit for each of its signals, the first signal lowest
    for n, (_, ids) in enumerate(found):
        for induction_id in ids & held_among if n < 3 else ids:
            flagged[induction_id] = flagged.get(induction_id, 0) | 1 << n

    def rank(pk: int) -> int:
        # By the first signal, then by how many (more first), then by id: one int, so sorting makes no tuples.
        bits = flagged[pk]
        return ((bits & -bits).bit_length() * 8 + len(SIGNALS) - bits.bit_count()) << 48 | pk

    def unflagged_ids() -> list[int]:
        return [pk for pk in held.order_by("induction_id").values_list("induction_id", flat=True) if pk not in flagged]

    return QAQueue(flagged, sorted(flagged, key=rank), random_positions(held.count() - len(flagged), today=today), unflagged_ids)


def with_inductions(items: list[QueueItem]) -> list[QueueItem]:
    """A page of items with each ECT and the school of their open period: one query whatever the page."""
    periods = {period.induction_id: period for period in _open_periods().filter(induction__in=[item.induction_id for item in items])
               .select_related("induction__teacher", "school")}
    for item in items:
        item.period = periods[item.induction_id]
        item.induction = item.period.induction
    return items
