"""The accessibility statement: public, in the order of GOV.UK's model statement."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Accessibility statement for the", "How accessible this website is", "Feedback and contact information",
    "Reporting accessibility problems with this website", "Enforcement procedure",
    "Technical information about this website’s accessibility", "Compliance status", "Non-accessible content",
    "What we’re doing to improve accessibility", "Preparation of this accessibility statement",
]


def test_the_statement_has_gov_uk_headings_in_order(client):
    page = client.get(reverse("privacy:accessibility")).content.decode()
    places = [page.index(heading) for heading in HEADINGS]
    assert places == sorted(places)


def test_the_statement_names_the_hub_its_contact_the_known_issues_and_its_date(client, settings):
    settings.HUB_NAME, settings.HUB_CONTACT_EMAIL = "Avon Teaching School Hub", "access@avon.example.org"
    page = client.get(reverse("privacy:accessibility")).content.decode()
    assert "This website is run by Avon Teaching School Hub" in page
    assert 'href="mailto:access@avon.example.org"' in page
    assert "WCAG 2.2 success criterion 1.4.10" in page and "veraPDF" in page and "radio button" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "This statement was prepared on 5 December 2026" in page
