"""A participant reads their golden thread in a real browser; anyone browses and filters the CPD offer.

The participant's story is made with the portal's own records: ITT completed, ECTE Year 1 completed
and Year 2 under way, an NPQ passed, an event attended with a certificate issued from the closed
register and rendered by the worker's function (a real WeasyPrint render, as in
test_certificate_journey.py). Another participant's items must not appear.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, TeacherFactory, user_with_role
from programmes.attendance.attendance import close_register, mark_attendance
from programmes.certificates.certificates import issue_event_certificates
from programmes.certificates.rendering import render_chunk
from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.npq import npq_programme
from programmes.models import (
    CareerStage,
    Certificate,
    Cohort,
    CohortStage,
    Delivery,
    Enrolment,
    Event,
    EventInvitation,
    EventKind,
    ITTRoute,
    NPQCourse,
    NPQIntake,
    OfferKind,
    Partner,
    Phase,
    Place,
    Programme,
    Response,
    Strand,
)

pytestmark = pytest.mark.browser

EVENT_TITLE = "Adaptive teaching in mixed-age classes"


@pytest.fixture
def participant(db, files_in_memory):
    user = user_with_role(Role.ECT, email="priya.shah@example.org", first_name="Priya", last_name="Shah")
    teacher = TeacherFactory(user=user)
    itt = Programme.objects.create(strand=Strand.ITT, name="Severn Vale SCITT", slug="severn-vale-scitt")
    Enrolment.objects.create(cohort=Cohort.objects.create(programme=itt, academic_year=2023), teacher=teacher,
                             enrolled_on=date(2023, 9, 4), status=Enrolment.Status.COMPLETED,
                             itt_route=ITTRoute.PG_TEACHING_APPRENTICESHIP)
    Enrolment.objects.create(cohort=cohort_for(Strand.ECTE, 2024, CohortStage.YEAR_1), teacher=teacher,
                             enrolled_on=date(2024, 9, 2), status=Enrolment.Status.COMPLETED)
    Enrolment.objects.create(cohort=cohort_for(Strand.ECTE, 2025, CohortStage.YEAR_2), teacher=teacher,
                             enrolled_on=date(2025, 9, 1), status=Enrolment.Status.ACTIVE)
    npq = Cohort.objects.create(programme=npq_programme(NPQCourse.LT), academic_year=2024, intake=NPQIntake.AUTUMN)
    Enrolment.objects.create(cohort=npq, teacher=teacher, enrolled_on=date(2024, 10, 1), status=Enrolment.Status.COMPLETED,
                             outcome="passed", outcome_on=date(2025, 6, 30))

    staff = user_with_role(Role.HUB_STAFF, email="thread.staff@example.org", first_name="Hana")
    starts = timezone.now() - timedelta(days=3)
    event = Event.objects.create(title=EVENT_TITLE, kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                                 ends_at=starts + timedelta(hours=2), cpd_hours=2)
    invitation = EventInvitation.objects.create(event=event, email=user.email, user=user, first_name="Priya", last_name="Shah",
                                                response=Response.ACCEPTED, place=Place.CONFIRMED)
    mark_attendance(invitation, present=True, actor=staff, now=starts + timedelta(minutes=5))
    close_register(event, actor=staff, now=timezone.now())
    batch = issue_event_certificates(event, actor=staff, now=timezone.now())
    render_chunk(list(batch.certificates.values_list("pk", flat=True)))
    assert Certificate.objects.get(invitation=invitation).is_ready

    # Someone else's story, which must not leak into Priya's.
    other = user_with_role(Role.NPQ_PARTICIPANT, email="owen.jones@example.org", first_name="Owen", last_name="Jones")
    Enrolment.objects.create(cohort=Cohort.objects.create(programme=npq_programme(NPQCourse.H), academic_year=2025),
                             teacher=TeacherFactory(user=other), enrolled_on=date(2025, 10, 1))
    other_event = Event.objects.create(title="Owen's headship residential", kind=EventKind.NPQ_INDUCTION, venue="Hub",
                                       starts_at=starts, ends_at=starts + timedelta(hours=2))
    EventInvitation.objects.create(event=other_event, email=other.email, user=other, attended_at=starts)
    return user


def test_a_participant_reads_their_golden_thread(page, sign_in, participant):
    sign_in(participant.email, TEST_PASSWORD)
    page.goto("/my/golden-thread/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My golden thread")
    headings = page.locator("main h2").all_inner_texts()
    assert headings == [
        "Initial teacher training", "Early career teacher entitlement", "National professional qualifications", "Wider CPD",
    ]
    itt = page.get_by_role("region", name="Initial teacher training")
    expect(itt.get_by_role("listitem")).to_contain_text("Teaching apprenticeship (postgraduate)")
    expect(itt.get_by_role("listitem")).to_contain_text("Completed")
    ecte = page.get_by_role("region", name="Early career teacher entitlement").get_by_role("listitem")
    expect(ecte).to_have_count(2)
    expect(ecte.nth(0)).to_contain_text("Year 1")
    expect(ecte.nth(0)).to_contain_text("Completed")
    expect(ecte.nth(1)).to_contain_text("Year 2")
    expect(ecte.nth(1)).to_contain_text("Active")
    npq = page.get_by_role("region", name="National professional qualifications")
    expect(npq).to_contain_text(NPQCourse.LT.label)
    expect(npq).to_contain_text("autumn start")
    expect(npq).to_contain_text("Passed")
    cpd = page.get_by_role("region", name="Wider CPD")
    expect(cpd).to_contain_text(EVENT_TITLE)
    expect(cpd).to_contain_text("Attended")

    with page.expect_download() as info:
        cpd.get_by_role("link", name=re.compile("^Download certificate")).click()
    certificate = Certificate.objects.get(invitation__user=participant)
    assert info.value.suggested_filename == f"certificate-{certificate.code}.pdf"

    main = page.locator("main")
    expect(main).not_to_contain_text("Owen")
    expect(main).not_to_contain_text(NPQCourse.H.label)


def test_anyone_browses_the_offer_and_filters_it(page, db):
    maths = Partner.objects.create(name="Severn Maths Hub", kind=Partner.Kind.CURRICULUM_HUB)
    Programme.objects.create(strand=Strand.CPD, name="Mastery readiness", slug="mastery-readiness", delivery=Delivery.SIGNPOSTED,
                             partner=maths, offer_kind=OfferKind.WORK_GROUP, career_stages=[CareerStage.TEACHER],
                             phases=[Phase.PRIMARY], website="https://maths.example.org/")
    Programme.objects.create(strand=Strand.CPD, name="Secondary curriculum leadership", slug="secondary-curriculum",
                             career_stages=[CareerStage.MIDDLE_LEADER], phases=[Phase.SECONDARY])
    npq_programme(NPQCourse.SENCO)

    page.goto("/cpd/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our CPD offer")
    expect(page.get_by_role("heading", name=NPQCourse.SENCO.label)).to_be_visible()
    matrix = page.get_by_role("table", name="Partner programmes by provider and kind")
    expect(matrix.get_by_role("columnheader", name="Work group")).to_be_visible()
    expect(matrix.get_by_role("rowheader")).to_contain_text("Severn Maths Hub")
    expect(matrix.get_by_role("link", name="Mastery readiness")).to_have_attribute("href", "https://maths.example.org/")

    page.get_by_role("group", name="Phase").get_by_label("Secondary", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"phase=secondary"))
    expect(page.get_by_role("status")).to_contain_text("for the secondary phase")
    expect(page.get_by_role("heading", name="Secondary curriculum leadership")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Partner programmes"))).to_have_count(0)

    page.get_by_role("group", name="Career stage").get_by_label("Trainee teachers").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("No programmes match these filters")
    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/cpd/$"))
    expect(matrix.get_by_role("link", name="Mastery readiness")).to_be_visible()
