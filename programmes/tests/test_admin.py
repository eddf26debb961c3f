"""Programmes in the admin: hub staff say who each is for (the public offer page filters on it)."""

import pytest
from django.urls import reverse

from participants.models import Teacher
from participants.tests.factories import next_trn
from programmes.models import Cohort, Enrolment, Placement, Programme, Strand

pytestmark = pytest.mark.django_db

def test_hub_staff_tick_who_a_programme_is_for_in_the_admin(client, hub_staff):
    client.force_login(hub_staff)
    programme = Programme.objects.create(strand=Strand.CPD, name="Middle leadership essentials", slug="mle")
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="career_stages" value="middle_leader"' in page
    response = client.post(url, {"strand": "cpd", "name": programme.name, "slug": "mle", "delivery": "hub", "career_stages": ["teacher", "middle_leader"],
                                 "phases": [], "is_offered": "on", "summary": "", "offer_kind": "", "npq_course": "", "website": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert (programme.career_stages, programme.phases) == (["teacher", "middle_leader"], [])


def test_hub_staff_add_an_itt_trainees_placement_schools_on_their_enrolment(client, hub_staff, school_a, school_b):
    client.force_login(hub_staff)
    programme = Programme.objects.create(strand=Strand.ITT, name="Secondary ITT", slug="itt-secondary")
    cohort = Cohort.objects.create(programme=programme, academic_year=2026)
    teacher = Teacher.objects.create(trn=next_trn(), first_name="Theo", last_name="Reid", email="theo@example.org")
    enrolment = Enrolment.objects.create(cohort=cohort, teacher=teacher, enrolled_on="2026-08-01", itt_route="school_direct_salaried")
    url = reverse("admin:programmes_enrolment_change", args=[enrolment.pk])
    page = client.get(url).content.decode()
    assert "placements-TOTAL_FORMS" in page
    form = {"cohort": cohort.pk, "teacher": teacher.pk, "status": "active", "enrolled_on": "2026-08-01", "itt_route": "school_direct_salaried",
            "study_mode": "", "outcome": "", "status_reason": "",
            "placements-TOTAL_FORMS": "2", "placements-INITIAL_FORMS": "0", "placements-MIN_NUM_FORMS": "0", "placements-MAX_NUM_FORMS": "1000",
            "placements-0-school": school_a.pk, "placements-0-started_on": "2026-09-01", "placements-0-finished_on": "2026-12-18",
            "placements-1-school": school_b.pk, "placements-1-started_on": "2027-01-05", "placements-1-finished_on": "2026-12-01"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and not Placement.objects.exists()  # the second ends before it starts
    form["placements-1-finished_on"] = "2027-03-26"
    assert client.post(url, form).status_code == 302
    assert list(enrolment.placements.values_list("school__urn", flat=True)) == [school_a.urn, school_b.urn]
