"""The public CPD offer page: strands in golden-thread order, filters, the signposted matrix, query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.dates import academic_year_of
from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.npq import npq_programme
from programmes.models import (
    CareerStage,
    Cohort,
    CohortStage,
    Delivery,
    Event,
    EventKind,
    NPQCourse,
    NPQIntake,
    OfferKind,
    Partner,
    Phase,
    Programme,
    Strand,
)

URL = reverse("programmes:cpd_offer")
THIS_YEAR = academic_year_of(timezone.localdate())


def programme(name, strand=Strand.CPD, **fields) -> Programme:
    fields.setdefault("slug", re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
    return Programme.objects.create(strand=strand, name=name, **fields)


@pytest.fixture
def offer(db):
    """One hub programme per strand, NPQs (ASO among them), a programme no longer offered, and signposted ones."""
    itt = programme("Primary and secondary SCITT", Strand.ITT, career_stages=[CareerStage.TRAINEE], phases=[Phase.PRIMARY, Phase.SECONDARY],
                    summary="Train to teach in our schools.")
    Cohort.objects.create(programme=itt, academic_year=THIS_YEAR)
    Cohort.objects.create(programme=itt, academic_year=THIS_YEAR - 2)  # past: not shown
    # The standard ECTE programme, as registration makes it: no career stages, so the strand says
    # who it is for (ECTs). The ECTE mentor training one is there too (a data migration adds both).
    cohort_for(Strand.ECTE, THIS_YEAR + 1, CohortStage.YEAR_1)
    cohort_for(Strand.ECTE_MENTOR, THIS_YEAR)
    headship = npq_programme(NPQCourse.H)
    Cohort.objects.create(programme=headship, academic_year=THIS_YEAR, intake=NPQIntake.SPRING)
    Programme.objects.filter(pk=npq_programme(NPQCourse.LPM).pk).update(phases=[Phase.PRIMARY])
    npq_programme(NPQCourse.ASO)  # §6.1: kept for old records, never offered
    programme("Early reading for everyone", career_stages=[CareerStage.TEACHER])  # every phase
    programme("Retired course", career_stages=[CareerStage.TEACHER], is_offered=False)
    maths = Partner.objects.create(name="Severn Maths Hub", kind=Partner.Kind.CURRICULUM_HUB)
    research = Partner.objects.create(name="Cotswold Research School", kind=Partner.Kind.RESEARCH_SCHOOL, website="https://research.example.org/")
    programme("Mastery work group", delivery=Delivery.SIGNPOSTED, partner=maths, offer_kind=OfferKind.WORK_GROUP,
              career_stages=[CareerStage.TEACHER], phases=[Phase.PRIMARY], website="https://maths.example.org/mastery")
    programme("Secondary maths network", delivery=Delivery.SIGNPOSTED, partner=maths, offer_kind=OfferKind.NETWORK,
              career_stages=[CareerStage.MIDDLE_LEADER], phases=[Phase.SECONDARY])
    programme("Evidence into action", delivery=Delivery.SIGNPOSTED, partner=research, offer_kind=OfferKind.COURSE,
              career_stages=[CareerStage.SENIOR_LEADER])
    starts = timezone.now() + timedelta(days=20)
    Event.objects.create(title="Train to teach open evening", kind=EventKind.ITT_RECRUITMENT, venue="Hub", starts_at=starts,
                         ends_at=starts + timedelta(hours=2))


def test_anyone_sees_the_offer_by_strand_in_golden_thread_order(client, offer):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 id="strand-([a-z_]+)"', html)
    assert headings == ["itt", "ecte", "ecte_mentor", "npq", "cpd"]
    assert "Train to teach in our schools." in html
    assert "Trainee teachers" in html and "Primary, Secondary" in html
    assert f"{THIS_YEAR}/{(THIS_YEAR + 1) % 100:02d}" in html
    assert f"{THIS_YEAR - 2}/" not in html  # a past cohort
    assert "Year 1" in html and "spring start" in html
    assert "Train to teach open evening" in html
    assert "Retired course" not in html
    assert "Early reading for everyone" in html and "Every phase" in html


def test_npqs_go_by_their_service_names_and_aso_is_never_offered(client, offer):
    html = client.get(URL).content.decode()
    assert NPQCourse.H.label in html
    assert NPQCourse.LPM.label in html
    assert "ASO" not in html and "Additional support offer" not in html


def test_filter_by_career_stage(client, offer):
    response = client.get(URL, {"career_stage": CareerStage.ECT})
    html = response.content.decode()
    assert "Early career teacher entitlement" in html  # its strand says who it is for
    assert "Primary and secondary SCITT" not in html
    assert NPQCourse.H.label not in html
    assert "Mastery work group" not in html
    assert re.search(r'id="offer-count"[^>]*>\s*1 programme for early career teachers', html)


def test_filter_by_phase_keeps_programmes_for_every_phase(client, offer):
    html = client.get(URL, {"phase": Phase.SECONDARY}).content.decode()
    assert "Primary and secondary SCITT" in html
    assert "Early reading for everyone" in html  # no phases: every phase
    assert NPQCourse.LPM.label not in html  # primary only
    assert "Secondary maths network" in html and "Mastery work group" not in html


def test_filter_by_both(client, offer):
    html = client.get(URL, {"career_stage": CareerStage.TEACHER, "phase": Phase.PRIMARY}).content.decode()
    assert NPQCourse.LPM.label in html
    assert "Early reading for everyone" in html
    assert "Mastery work group" in html
    assert "Secondary maths network" not in html
    assert NPQCourse.H.label not in html
    assert "Primary and secondary SCITT" not in html
    # The chosen radios stay chosen.
    assert re.search(r'value="teacher"\s+checked', html) and re.search(r'value="primary"\s+checked', html)


def test_bad_filter_values_are_reported_and_ignored(client, offer):
    response = client.get(URL, {"career_stage": "astronaut", "phase": Phase.SECONDARY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html and "Choose a career stage from the list" in html
    assert re.search(r'id="id_career_stage_0"\s+value=""\s+checked', html)  # what is applied: any career stage
    # The good filter still applies; the bad one is ignored.
    assert "Primary and secondary SCITT" in html and NPQCourse.LPM.label not in html
    response = client.get(URL, {"phase": ["", "x" * 500]})
    assert response.status_code == 200


def test_nothing_matches_says_so(client, offer):
    # The SCITT is primary and secondary only, and nothing else is for trainees.
    html = client.get(URL, {"career_stage": CareerStage.TRAINEE, "phase": Phase.EARLY_YEARS}).content.decode()
    assert "No programmes match these filters" in html
    assert "Nothing matches these filters" in html
    assert 'href="/cpd/">see the whole offer' in html


def test_an_empty_offer_says_so(client, db):
    Programme.objects.update(is_offered=False)
    html = client.get(URL).content.decode()
    assert "has not published its offer yet" in html


def test_signposted_programmes_form_a_provider_by_kind_matrix(client, offer):
    html = client.get(URL).content.decode()
    table = html[html.index('id="signposted-matrix"'):html.index("</table>", html.index('id="signposted-matrix"'))]
    assert re.search(r"<caption[^>]*>Partner programmes by provider and kind</caption>", table)
    columns = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)
    assert columns == ["Provider", "Course", "Work group", "Network"]  # OfferKind order, only kinds present
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table, re.S)
    assert "Severn Maths Hub" in rows[0] and "Curriculum hub" in rows[0]
    assert "Cotswold Research School" in rows[1] and "Research school" in rows[1]
    assert re.search(r'<a [^>]*href="https://maths.example.org/mastery">Mastery work group</a>', table)
    # Signposted programmes are in the matrix, not among the hub's own.
    assert html.count("Mastery work group") == 1


def test_filters_apply_to_the_matrix(client, offer):
    html = client.get(URL, {"career_stage": CareerStage.SENIOR_LEADER}).content.decode()
    table = html[html.index('id="signposted-matrix"'):]
    assert "Evidence into action" in table
    assert "Severn Maths Hub" not in table
    assert re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table[:table.index("</table>")]) == ["Provider", "Course"]


def test_signed_in_people_see_it_too(client, offer, ect):
    client.force_login(ect)
    assert client.get(URL).status_code == 200


def test_only_get(client, db):
    assert client.post(URL).status_code == 405


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params or {}).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_programmes(client, db, django_assert_max_num_queries):
    partner = Partner.objects.create(name="Alliance One", kind=Partner.Kind.ALLIANCE)
    first = programme("Only one", career_stages=[CareerStage.TEACHER])
    Cohort.objects.create(programme=first, academic_year=THIS_YEAR)
    programme("Only signposted", delivery=Delivery.SIGNPOSTED, partner=partner, offer_kind=OfferKind.COURSE)
    one = _queries(client)
    for n in range(30):
        strand = list(Strand)[n % 5]
        made = programme(f"Programme {n}", strand, career_stages=[CareerStage.TEACHER], phases=[Phase.PRIMARY])
        Cohort.objects.create(programme=made, academic_year=THIS_YEAR + n % 2)
        other = Partner.objects.create(name=f"Partner {n}", kind=Partner.Kind.CURRICULUM_HUB)
        programme(f"Signposted {n}", delivery=Delivery.SIGNPOSTED, partner=other, offer_kind=list(OfferKind)[n % 5])
        starts = timezone.now() + timedelta(days=n + 1)
        Event.objects.create(title=f"Event {n}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts, ends_at=starts + timedelta(hours=1))
    assert _queries(client) == one
    assert _queries(client, {"career_stage": CareerStage.TEACHER, "phase": Phase.PRIMARY}) == one
    with django_assert_max_num_queries(4):
        client.get(URL)


def test_each_strand_shows_its_next_few_events_and_a_busy_one_crowds_out_none(client, offer):
    starts = timezone.now() + timedelta(days=1)
    for n in range(8):
        Event.objects.create(title=f"Session {n}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts + timedelta(hours=n),
                             ends_at=starts + timedelta(hours=n, minutes=30))
    Event.objects.create(title="Cancelled session", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                         ends_at=starts + timedelta(hours=1), cancelled_at=timezone.now())
    html = client.get(URL).content.decode()
    cpd = html[html.index('id="strand-cpd"'):]
    assert [f"Session {n}" in cpd for n in range(8)] == [True] * 5 + [False] * 3
    assert "Cancelled session" not in html
    itt = html[html.index('id="strand-itt"'):html.index('id="strand-ecte"')]
    assert "Train to teach open evening" in itt  # a month away, after all the sessions
