"""Programmes in the admin: hub staff say who each is for (the public offer page filters on it)."""

import pytest
from django.urls import reverse
from programmes.models import Programme, Strand
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
