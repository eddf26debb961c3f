"""My golden thread: one person's own timeline, in strand order, and nobody else's."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import Induction, InductionPeriod
from hubportal.thread.timeline import thread_of
from participants.tests.factories import SchoolFactory, TeacherFactory
from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.npq import npq_programme
from programmes.models import (
    Certificate,
    Cohort,
    CohortStage,
    Enrolment,
    Event,
    EventInvitation,
    EventKind,
    ITTRoute,
    NPQCourse,
    NPQIntake,
    Partner,
    Place,
    Placement,
    Programme,
    Response,
    Strand,
)
from programmes.tests.factories import CertificateFactory, EnrolmentFactory

URL = reverse("programmes:my_golden_thread")


pytestmark = pytest.mark.usefixtures("files_in_memory")


def enrol(teacher, cohort, on, **fields) -> Enrolment:
    return EnrolmentFactory(cohort=cohort, teacher=teacher, enrolled_on=on, **fields)


def invite(user, title, kind=EventKind.CPD_SESSION, *, days_ago=10, email=None, link_user=True, **fields) -> EventInvitation:
    starts = timezone.now() - timedelta(days=days_ago)
    event = Event.objects.create(title=title, kind=kind, venue="Hub", starts_at=starts, ends_at=starts + timedelta(hours=2))
    return EventInvitation.objects.create(event=event, email=email or user.email, user=user if link_user else None, **fields)


def certificate(user, *, title, enrolment=None, invitation=None, revoked=False) -> Certificate:
    revocation = {"revoked_at": timezone.now(), "revocation_reason": "Issued in error"} if revoked else {}
    return CertificateFactory(
        kind=Certificate.Kind.COMPLETION if enrolment else Certificate.Kind.ATTENDANCE, enrolment=enrolment, invitation=invitation,
        user=user, email=user.email, recipient_name=user.get_full_name(), title=title, statement="completed",
        awarded_on=date(2025, 7, 20), pdf_bytes=b"%PDF-1.4\n", **revocation,
    )


@pytest.fixture
def story(ect, mentor):
    """The cast's ECT's whole story, and a few things of the mentor's that must never show in it."""
    school = SchoolFactory(name="Hazel Primary School")
    me, other = TeacherFactory(user=ect), TeacherFactory(user=mentor)
    scitt = Partner.objects.create(name="Three Counties SCITT", kind=Partner.Kind.SCITT)
    itt = Programme.objects.create(strand=Strand.ITT, name="Three Counties SCITT", slug="three-counties-scitt", partner=scitt)
    itt_cohort = Cohort.objects.create(programme=itt, academic_year=2023)
    itt_enrolment = enrol(me, itt_cohort, date(2023, 9, 4), status=Enrolment.Status.COMPLETED, itt_route=ITTRoute.SCHOOL_DIRECT_SALARIED,
                          study_mode="full_time", school=school)
    Placement.objects.create(enrolment=itt_enrolment, school=SchoolFactory(name="Rowan Infant School"),
                             started_on=date(2023, 9, 4), finished_on=date(2024, 2, 1))
    year_1 = enrol(me, cohort_for(Strand.ECTE, 2024, CohortStage.YEAR_1), date(2024, 9, 2), status=Enrolment.Status.COMPLETED, school=school)
    enrol(me, cohort_for(Strand.ECTE, 2025, CohortStage.YEAR_2), date(2025, 9, 1), school=school)
    npq = Cohort.objects.create(programme=npq_programme(NPQCourse.LL), academic_year=2024, intake=NPQIntake.SPRING)
    enrol(me, npq, date(2025, 1, 10), status=Enrolment.Status.COMPLETED, outcome="passed", outcome_on=date(2025, 7, 10))
    induction = Induction.objects.create(teacher=me)
    InductionPeriod.objects.create(induction=induction, school=school, started_on=date(2024, 9, 2), training_programme="provider_led")
    attended = invite(ect, "Phonics masterclass", attended_at=timezone.now() - timedelta(days=10),
                      response=Response.ACCEPTED, place=Place.CONFIRMED)
    # An invitation by address only (no account on it) is theirs too.
    invite(ect, "Welcome conference", EventKind.ECT_WELCOME_Y1, days_ago=300, link_user=False, email=ect.email.upper())
    certificate(ect, title="Completed ECTE Year 1", enrolment=year_1)
    certificate(ect, title="Phonics masterclass", invitation=attended)
    certificate(ect, title="Revoked award", invitation=invite(ect, "Revoked event", attended_at=timezone.now()), revoked=True)

    # The mentor's: enrolments, an event, a certificate, and an invitation to the ECT's address that names the mentor's account.
    enrol(other, npq, date(2025, 1, 10), status=Enrolment.Status.ACTIVE)
    enrol(other, cohort_for(Strand.ECTE_MENTOR, 2025), date(2025, 9, 1))
    theirs = invite(mentor, "Mentor conference only for Mo", EventKind.MENTOR_CONFERENCE, attended_at=timezone.now())
    certificate(mentor, title="Mo's certificate", invitation=theirs)
    invite(mentor, "Sent to Erin's address but Mo's account", email=ect.email)
    return {"school": school}


def test_the_thread_shows_every_strand_in_golden_thread_order(client, ect, story):
    client.force_login(ect)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<h2 class="govuk-heading-m" id="thread-([a-z_]+)">', html) == ["itt", "ecte", "npq", "cpd"]
    assert "School direct (salaried)" in html and "Three Counties SCITT" in html and "Rowan Infant School" in html
    ecte = html[html.index('id="thread-ecte"'):html.index('id="thread-npq"')]
    # By date: the welcome conference (autumn 2024 or later), Year 1, induction, Year 2 — Year 1 before Year 2.
    assert ecte.index("Year 1") < ecte.index("Year 2")
    assert "Statutory induction" in ecte and "In progress" in ecte and "Hazel Primary School" in ecte
    assert "Welcome conference" in ecte
    assert reverse("appropriate_body:my_induction") in ecte  # an ECT: the link to their induction record
    npq = html[html.index('id="thread-npq"'):html.index('id="thread-cpd"')]
    assert NPQCourse.LL.label in npq and "spring start" in npq and "Passed" in npq and "10 July 2025" in npq
    cpd = html[html.index('id="thread-cpd"'):]
    assert "Phonics masterclass" in cpd and "Attended" in cpd
    # Certificates beside what they are for, with their download link; the revoked one nowhere.
    for title in ("Completed ECTE Year 1", "Phonics masterclass"):
        mine = Certificate.objects.get(title=title)
        assert reverse("programmes:certificate_download", args=[mine.public_id]) in html
    assert "Revoked award" not in html
    revoked = Certificate.objects.get(title="Revoked award")
    assert str(revoked.public_id) not in html
    assert "<ol" in html


def test_nobody_elses_items_appear(client, ect, mentor, story):
    client.force_login(ect)
    html = client.get(URL).content.decode()
    assert "Mentor conference only for Mo" not in html
    assert "Sent to Erin&#x27;s address but Mo&#x27;s account" not in html and "Mo's account" not in html
    assert "Mo&#x27;s certificate" not in html
    assert "ECTE mentor training" not in html
    assert html.count(NPQCourse.LL.label) == 1
    # And the mentor sees only theirs.
    client.force_login(mentor)
    html = client.get(URL).content.decode()
    assert "Mentor conference only for Mo" in html and "ECTE mentor training" in html
    assert "Phonics masterclass" not in html and "Three Counties SCITT" not in html and "Statutory induction" not in html
    # Not an ECT: no link to the induction record page.
    assert reverse("appropriate_body:my_induction") not in html


def test_the_url_takes_no_parameter_for_another_person(client, ect, mentor, story):
    client.force_login(mentor)
    html = client.get(URL, {"user": ect.pk, "teacher": ect.teacher.pk}).content.decode()
    assert "Phonics masterclass" not in html


def test_an_empty_thread_says_so(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing here yet" in html and reverse("programmes:cpd_offer") in html
    assert "<ol" not in html


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_get(client, ect):
    client.force_login(ect)
    assert client.post(URL).status_code == 405


def test_read_model_groups_only_non_empty_strands(ect, story):
    thread = thread_of(ect)
    assert [group.key for group in thread.groups] == ["itt", "ecte", "npq", "cpd"]
    assert thread.count == 8  # ITT, Y1, induction, Y2, welcome, NPQ, phonics, revoked event (no certificate)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(client, ect, story, django_assert_max_num_queries):
    client.force_login(ect)
    many = _queries(client)
    me = ect.teacher
    for n in range(15):
        cohort = Cohort.objects.create(programme=Programme.objects.create(strand=list(Strand)[n % 5], name=f"P{n}", slug=f"p-{n}"),
                                       academic_year=2020 + n % 5)
        enrolment = enrol(me, cohort, date(2020 + n % 5, 10, 1), status=Enrolment.Status.COMPLETED, school=story["school"])
        Placement.objects.create(enrolment=enrolment, school=story["school"], started_on=date(2021, 1, 1), finished_on=date(2021, 3, 1))
        certificate(ect, title=f"Cert {n}", enrolment=enrolment)
        invitation = invite(ect, f"Event {n}", list(EventKind)[n % len(EventKind)], days_ago=n, attended_at=timezone.now())
        certificate(ect, title=f"Attendance {n}", invitation=invitation)
    assert _queries(client) == many
    with django_assert_max_num_queries(many):
        client.get(URL)


def test_query_count_with_one_row_matches_many(client, no_role_user, db):
    client.force_login(no_role_user)
    invite(no_role_user, "Only event")
    one = _queries(client)
    for n in range(10):
        invite(no_role_user, f"Event {n}", attended_at=timezone.now())
    assert _queries(client) == one
