"""The induction tutor's and headteacher's home: "Your tasks" per school, counted in the database."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appropriate_body.agreements.agreements import accept_agreement, publish_terms
from appropriate_body.assessments import assessments as domain
from appropriate_body.models import Assessment, AssessmentKind
from appropriate_body.tests.factories import claimed, ect_account, first, written
from hubportal.home.tasks import half_term_end
from hubportal.home.tutor import school_tasks
from hubportal.lib.dates import academic_year_of
from participants.accounts.roles import grant_role
from participants.models import Role
from programmes.models import EventKind
from programmes.tests.factories import EventFactory, InvitationFactory
from registration.tests.pages import reg, today, with_mentor

HOME = "/"


def tasks_of(user, school) -> dict[str, int]:
    entry = next(entry for entry in school_tasks(user, today=today()) if entry.school == school)
    return {task.key: task.count for task in entry.tasks}


def status_of(content: str, urn: int, key: str) -> str:
    match = re.search(rf'id="school-{urn}-{key}-status" data-count="\d+">\s*(.*?)\s*</div>', content, re.S)
    assert match, f"no {key} row for {urn}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def due_soon(period, kind=AssessmentKind.PROGRESS_REVIEW) -> Assessment:
    """Everything the period's schedule holds moves far off, but its first `kind`, due in three days."""
    Assessment.objects.filter(induction_period=period).update(due_on=today() + timedelta(days=3000))
    assessment = first(period, kind)
    Assessment.objects.filter(pk=assessment.pk).update(due_on=today() + timedelta(days=3))
    return assessment


def ready_to_sign(period, tutor) -> Assessment:
    """The period's formal assessment written, submitted and commented on: waiting for the tutor's signature.
    Nothing else of the period is due for years."""
    formal = domain.submit(written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor), actor=tutor, now=timezone.now())
    Assessment.objects.filter(induction_period=period).exclude(pk=formal.pk).update(due_on=today() + timedelta(days=3000))
    return domain.add_ect_comments(formal, comments="Agreed", actor=ect_account(period), now=timezone.now())


def welcome_place(period) -> None:
    event = EventFactory(kind=EventKind.ECT_WELCOME_Y1, days_ago=-10)
    InvitationFactory(event=event, teacher=period.teacher, email=period.teacher.email)


def publish_this_year():
    from appropriate_body.models import AgreementTerms

    if terms := AgreementTerms.objects.filter(academic_year=academic_year_of(today())).first():
        return terms
    return publish_terms(academic_year_of(today()), provider_led_fee=Decimal("300"), school_led_fee=Decimal("450"))


@pytest.fixture
def school_a_busy(school_a, tutor_a, ab_staff):
    """School A: two ECTs without a mentor, one with; a review due this half-term; a report for the tutor to sign."""
    periods = [reg(school_a, tutor_a) for _ in range(3)]
    with_mentor(periods[0], tutor_a)
    welcome_place(periods[0])
    inducted = claimed(school_a, tutor_a, ab_staff, started_on=today() - timedelta(days=400))
    with_mentor(inducted.ect_period, tutor_a)
    due_soon(inducted)
    signing = claimed(school_a, tutor_a, ab_staff)
    with_mentor(signing.ect_period, tutor_a)
    ready_to_sign(signing, tutor_a)
    return {"periods": periods, "signing": signing}


def test_the_half_term_ends_in_the_middle_or_at_the_end_of_the_term():
    from datetime import date

    assert half_term_end(date(2026, 9, 14)) == date(2026, 10, 31)
    assert half_term_end(date(2026, 12, 5)) == date(2026, 12, 31)
    assert half_term_end(date(2027, 1, 4)) == date(2027, 3, 1)
    assert half_term_end(date(2027, 6, 1)) == date(2027, 6, 30)
    assert half_term_end(date(2027, 7, 15)) == date(2027, 8, 31)


def test_each_count_is_right_on_a_small_school(tutor_a, school_a, school_a_busy):
    publish_this_year()
    counts = tasks_of(tutor_a, school_a)
    # Five current ECTs (three registered, two with inductions); the first registered has a mentor and a place.
    assert counts == {"mentors": 2, "reviews": 1, "signatures": 1, "agreement": 1, "places": 4}


def test_the_page_shows_each_task_with_its_link_and_status(client, tutor_a, school_a, school_a_busy):
    terms = publish_this_year()
    accept_agreement(school_a, terms, signatory_name="Hattie Head", job_title="Headteacher", actor=tutor_a, now=timezone.now())
    client.force_login(tutor_a)
    content = client.get(HOME).content.decode()
    assert "Your tasks" in content and "coming soon" not in content.lower()
    assert 'class="govuk-task-list"' in content and 'class="govuk-summary-card"' in content
    urn = school_a.urn
    assert status_of(content, urn, "mentors") == "2 to do"
    assert status_of(content, urn, "agreement") == "Done"
    links = {
        "mentors": reverse("participants:ect_list", args=[urn]) + "?status=action_required",
        "reviews": reverse("appropriate_body:school_inductions", args=[urn]),
        "signatures": reverse("appropriate_body:school_inductions", args=[urn]),
        "agreement": reverse("appropriate_body:school_agreement", args=[urn]),
        "places": reverse("programmes:school_event_list", args=[urn]),
    }
    for key, link in links.items():
        assert f'href="{link}" aria-describedby="school-{urn}-{key}-hint school-{urn}-{key}-status"' in content
        assert client.get(link).status_code == 200


def test_the_headteacher_signs_after_the_tutor_and_never_twice(client, tutor_a, headteacher_a, school_a, school_a_busy):
    assert tasks_of(headteacher_a, school_a)["signatures"] == 0  # the tutor signs first (FA-005)
    domain.sign(Assessment.objects.get(induction_period=school_a_busy["signing"], kind=AssessmentKind.FORMAL_ASSESSMENT),
                as_role=domain.Signer.TUTOR, actor=tutor_a, now=timezone.now())
    assert tasks_of(tutor_a, school_a)["signatures"] == 0
    head = tasks_of(headteacher_a, school_a)
    # The headteacher is not the school's tutor: the ECT pages' rows are the tutor's.
    assert head == {"reviews": 1, "signatures": 1, "agreement": 0}
    client.force_login(headteacher_a)
    content = client.get(HOME).content.decode()
    assert status_of(content, school_a.urn, "signatures") == "1 to do"
    assert f'id="school-{school_a.urn}-mentors-status"' not in content


def test_a_tutor_of_two_schools_sees_each_with_its_own_counts(tutor_a, school_a, school_b, school_a_busy):
    grant_role(tutor_a, Role.INDUCTION_TUTOR, school=school_b)
    reg(school_b, tutor_a)
    entries = school_tasks(tutor_a, today=today())
    assert [entry.school for entry in entries] == [school_a, school_b]  # by name
    assert tasks_of(tutor_a, school_b)["mentors"] == 1
    assert tasks_of(tutor_a, school_a)["mentors"] == 2


def test_a_tutor_never_sees_another_schools_counts(client, tutor_b, school_a, school_b, school_a_busy):
    reg(school_b, tutor_b)
    client.force_login(tutor_b)
    content = client.get(HOME).content.decode()
    assert school_b.name in content and school_a.name not in content
    assert f"school-{school_a.urn}" not in content
    assert status_of(content, school_b.urn, "mentors") == "1 to do"
    assert status_of(content, school_b.urn, "reviews") == "Done"
    assert status_of(content, school_b.urn, "signatures") == "Done"
    assert [entry.school for entry in school_tasks(tutor_b, today=today())] == [school_b]


def test_a_tutors_own_record_as_an_ect_is_not_their_task(tutor_a, school_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    due_soon(period)
    teacher = period.induction.teacher
    teacher.user = tutor_a
    teacher.save(update_fields=["user"])
    assert tasks_of(tutor_a, school_a)["reviews"] == 0


def build(school, tutor, ab_staff, n: int) -> None:
    """n of every task at the school."""
    publish_this_year()
    for _ in range(n):
        reg(school, tutor)
        due_soon(claimed(school, tutor, ab_staff))
        ready_to_sign(claimed(school, tutor, ab_staff), tutor)


def home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured.captured_queries)


def test_the_tutors_home_takes_the_same_queries_for_1_and_20_of_everything(client, tutor_a, tutor_b, school_a, school_b, ab_staff,
                                                                           django_assert_max_num_queries):
    build(school_a, tutor_a, ab_staff, 1)
    build(school_b, tutor_b, ab_staff, 20)
    assert tasks_of(tutor_b, school_b) == {"mentors": 60, "reviews": 20, "signatures": 20, "agreement": 1, "places": 60}
    assert home_queries(client, tutor_a) == home_queries(client, tutor_b)
    client.force_login(tutor_b)
    # Session, user, roles; the schools (tutored, headed, confirmed); ECT counts; assessment counts; terms; agreements.
    with django_assert_max_num_queries(10):
        client.get(HOME)


@pytest.mark.parametrize("schools", [1, 8])
def test_more_schools_take_no_more_queries(client, tutor_a, school_a, schools, django_assert_max_num_queries):
    from participants.tests.factories import SchoolFactory

    for n in range(schools - 1):
        school = SchoolFactory(urn=120000 + n)
        grant_role(tutor_a, Role.INDUCTION_TUTOR, school=school)
        reg(school, tutor_a)
    client.force_login(tutor_a)
    with django_assert_max_num_queries(10):
        assert client.get(HOME).status_code == 200


def test_a_report_the_ab_returned_is_a_task_for_the_tutor_while_it_waits(tutor_a, headteacher_a, school_a, ab_staff):
    from appropriate_body.models import AssessmentStatus
    from appropriate_body.reviews.reviews import resubmit_report, return_report

    review = first(claimed(school_a, tutor_a, ab_staff), AssessmentKind.PROGRESS_REVIEW)
    domain.submit(written(review, tutor_a), actor=tutor_a, now=timezone.now())
    assert "returned" not in tasks_of(tutor_a, school_a)
    return_report(review, {"targets": "Targets missing."}, actor=ab_staff, now=timezone.now())
    assert tasks_of(tutor_a, school_a)["returned"] == 1
    assert "returned" not in tasks_of(headteacher_a, school_a)  # the tutor changes it
    assert resubmit_report(review, actor=tutor_a, now=timezone.now()).status == AssessmentStatus.SUBMITTED
    assert "returned" not in tasks_of(tutor_a, school_a)
