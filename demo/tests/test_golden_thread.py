"""Demo data for every strand (issue 7, item 7): ITT, ECTE, NPQs on the official list, the hub's CPD and
the partners' programmes it signposts, enrolments in every state, and evaluations."""

from datetime import date

import pytest
from django.db.models import Count
from django.utils import timezone

from demo.golden_thread import seed_demo_golden_thread
from demo.hub import seed_demo
from demo.people import DEMO_DOMAIN
from programmes.models import (
    NPQ_WITHOUT_OUTCOME,
    Cohort,
    Delivery,
    Enrolment,
    Evaluation,
    EvaluationAnswer,
    NPQCourse,
    Partner,
    Placement,
    Programme,
    Strand,
)

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def build_demo():
    # One demo hub for the module (demo/tests/conftest.py).
    return lambda: seed_demo(today=TODAY)


def test_every_strand_has_cohorts_and_enrolments_in_realistic_numbers(demo):
    by_strand = dict(Enrolment.objects.values_list("cohort__programme__strand").annotate(n=Count("pk")))
    assert set(by_strand) == set(Strand.values)
    this_year_npq = Enrolment.objects.filter(cohort__programme__strand=Strand.NPQ, cohort__academic_year=2026).count()
    assert 150 <= this_year_npq <= 200  # DESIGN.md: ~150 NPQ participants a hub, and the spring intake filling
    assert demo.golden_thread_enrolments == Enrolment.objects.exclude(cohort__programme__strand__in=[Strand.ECTE, Strand.ECTE_MENTOR]).count()
    assert set(Enrolment.objects.values_list("status", flat=True)) == set(Enrolment.Status.values) - {Enrolment.Status.DECLINED}


def test_npqs_follow_the_official_list_with_both_intakes_and_outcomes_only_where_taken(demo):
    offered = set(Programme.objects.filter(strand=Strand.NPQ).values_list("npq_course", flat=True))
    assert offered == set(NPQCourse.values) - {NPQCourse.ASO}
    assert set(Cohort.objects.filter(programme__strand=Strand.NPQ).values_list("intake", flat=True)) == {"autumn", "spring"}
    assert not Cohort.objects.filter(programme__strand=Strand.NPQ, lead_provider__isnull=True).exists()
    outcomes = Enrolment.objects.exclude(outcome="")
    assert set(outcomes.values_list("outcome", flat=True)) == {"passed", "failed"}
    assert not outcomes.filter(cohort__programme__npq_course__in=NPQ_WITHOUT_OUTCOME).exists()
    assert not outcomes.exclude(status=Enrolment.Status.COMPLETED).exists()
    # The demo NPQ login passed one last year and is on another now.
    theirs = Enrolment.objects.filter(teacher__user__email=f"npq@{DEMO_DOMAIN}").order_by("cohort__academic_year")
    assert [(e.cohort.academic_year, e.outcome) for e in theirs] == [(2025, "passed"), (2026, "")]


def test_itt_trainees_have_routes_and_two_placements_and_partners_cover_every_kind(demo):
    itt = Enrolment.objects.filter(cohort__programme__strand=Strand.ITT)
    assert not itt.filter(itt_route="").exists() and itt.values("itt_route").distinct().count() >= 4
    assert Placement.objects.count() == 2 * itt.count()
    assert Enrolment.objects.filter(teacher__user__email=f"trainee@{DEMO_DOMAIN}", cohort__academic_year=2026).exists()
    assert set(Partner.objects.values_list("kind", flat=True)) == set(Partner.Kind.values)
    signposted = Programme.objects.filter(delivery=Delivery.SIGNPOSTED)
    assert signposted.values("partner").distinct().count() >= 4 and signposted.values("offer_kind").distinct().count() >= 4


def test_evaluations_of_held_events_and_the_schools_survey_have_answers_and_a_second_run_adds_nothing(demo):
    assert Evaluation.objects.filter(kind=Evaluation.Kind.SCHOOLS).count() == 1
    assert Evaluation.objects.filter(kind=Evaluation.Kind.EVENT).count() >= 5
    assert EvaluationAnswer.objects.filter(evaluation__kind=Evaluation.Kind.SCHOOLS).count() >= 10
    # Every answer came while its evaluation was open.
    answered = EvaluationAnswer.objects.values_list("evaluation__opens_on", "evaluation__closes_on", "submitted_at")
    for opens_on, closes_on, submitted_at in answered:
        assert opens_on <= timezone.localdate(submitted_at) <= closes_on
    before = (Enrolment.objects.count(), Evaluation.objects.count(), Programme.objects.count())
    assert seed_demo_golden_thread(today=TODAY, hub_staff=None).enrolments == 0
    assert (Enrolment.objects.count(), Evaluation.objects.count(), Programme.objects.count()) == before
