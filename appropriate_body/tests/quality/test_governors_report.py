"""The governors' termly report (REC-005): its figures from a hand-built world, counts only, in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest

from appropriate_body.governors.report import (
    Timeliness,
    chosen_term,
    sections,
    term_from_slug,
    term_slug,
    terms_to_choose,
)
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR
from appropriate_body.tests.factories import InductionPeriodFactory

from .world import AUTUMN_2026, SEEN_ON, build, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(school_a, school_b, tutor_a, tutor_b, ab_staff):
    return build(school_a, school_b, tutor_a, tutor_b, ab_staff)


def test_rec_005_the_figures_match_the_hand_built_world(world, school_a):
    report = report_of(school_a, AUTUMN_2026, today=SEEN_ON)
    assert (report.ects, report.year_1, report.year_2) == (4, 3, 1)
    assert (report.on_track, report.not_on_track, report.not_yet_reviewed) == (2, 1, 1)
    # Ava's and Cal's reviews by 31 December, Ben's on 5 January, Dee's not written and overdue.
    assert report.reviews == Timeliness(due=4, on_time=2, late=1, overdue=1, not_yet_due=0)
    assert report.assessments == Timeliness()
    assert (report.started, report.left, report.completed) == (3, 0, 0)
    cpd = report.cpd
    assert (cpd.hours, cpd.programme_hours, cpd.event_hours) == (Decimal("8.5"), Decimal(6), Decimal("2.5"))
    assert (cpd.sessions, cpd.people, cpd.attendances, cpd.attendances_without_hours) == (3, 2, 4, 1)


def test_before_the_due_date_a_review_not_written_is_not_yet_due(world, school_a):
    # As it stood on 20 December: Ben's review still a draft, Dee's not started; both due on 31 December.
    Assessment.objects.filter(induction_period=world.periods[1]).update(status=AssessmentStatus.IN_PROGRESS, submitted_at=None)
    report = report_of(school_a, AUTUMN_2026, today=date(2026, 12, 20))
    assert report.reviews == Timeliness(due=4, on_time=2, late=0, overdue=0, not_yet_due=2)
    assert report.not_yet_reviewed == 2 and not report.is_over


def test_the_other_school_sees_only_its_own(world, school_b):
    report = report_of(school_b, AUTUMN_2026, today=SEEN_ON)
    assert (report.ects, report.on_track, report.not_on_track) == (1, 0, 1)
    assert report.cpd.hours == Decimal(3) and report.cpd.people == 1


def test_a_later_term_counts_its_own_reviews_and_year(world, school_a):
    spring = DEFAULT_CALENDAR.term(2026, 2)
    report = report_of(school_a, spring, today=date(2027, 5, 10))
    assert (report.ects, report.year_1, report.year_2, report.started) == (4, 3, 1, 0)
    # The autumn judgements still stand: the spring reviews (due 30 April) are not written.
    assert (report.on_track, report.not_on_track, report.not_yet_reviewed) == (2, 1, 1)
    assert report.reviews.due == 4 and report.reviews.overdue == 4
    assert report.cpd.hours == Decimal(4)


def test_a_review_no_longer_needed_is_not_counted(world, school_a):
    dee = world.periods[3]
    Assessment.objects.filter(induction_period=dee, due_on__range=(AUTUMN_2026.start, AUTUMN_2026.end)).update(
        status=AssessmentStatus.NOT_NEEDED)
    assert report_of(school_a, AUTUMN_2026, today=SEEN_ON).reviews.due == 3


def test_the_report_holds_no_individual(world, school_a):
    """REC-005, DP-003: only labels and counts; no name, TRN or words from a record."""
    text = repr(sections(report_of(school_a, AUTUMN_2026, today=SEEN_ON)))
    for period in world.periods:
        teacher = period.induction.teacher
        assert teacher.first_name not in text and teacher.last_name not in text and teacher.trn not in text
    assert "Observed" not in text and "coaching" not in text


def test_terms_are_named_in_the_address_and_only_those_to_choose_are_chosen():
    assert term_slug(AUTUMN_2026) == "2026-autumn" and term_from_slug("2026-autumn") == AUTUMN_2026
    assert term_from_slug("2027-summer") == DEFAULT_CALENDAR.term(2027, 3)
    assert term_from_slug("2026-winter") is None and term_from_slug("x-autumn") is None and term_from_slug("") is None
    choices = terms_to_choose(date(2027, 1, 10))
    assert choices[0] == DEFAULT_CALENDAR.term(2026, 2) and choices[-1] == DEFAULT_CALENDAR.term(2024, 1) and len(choices) == 8
    assert chosen_term("2026-autumn", today=date(2027, 1, 10)) == AUTUMN_2026
    # A term to come, one too long ago or nonsense: the term today is in.
    for slug in ("2027-summer", "2020-autumn", "rubbish", None):
        assert chosen_term(slug, today=date(2027, 1, 10)) == DEFAULT_CALENDAR.term(2026, 2)


def _ects_with_reviews(school, count: int) -> None:
    """ECTs written straight to the tables, each with a review due in the autumn, half of them submitted."""
    for n in range(count):
        period = InductionPeriodFactory(school=school)
        Assessment.objects.create(induction=period.induction, induction_period=period, kind=AssessmentKind.PROGRESS_REVIEW,
                                  term_number=1, due_on=date(2026, 12, 31), on_track=True,
                                  status=AssessmentStatus.SUBMITTED if n % 2 else AssessmentStatus.NOT_STARTED)


@pytest.mark.parametrize("count", [1, 20])
def test_the_queries_do_not_grow_with_the_ects(school_a, count, django_assert_num_queries):
    _ects_with_reviews(school_a, count)
    # The periods, the reviews and assessments, the CPD figures.
    with django_assert_num_queries(3):
        report = report_of(school_a, AUTUMN_2026, today=SEEN_ON)
    assert report.ects == count and report.reviews.due == count
