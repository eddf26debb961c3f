"""The service navigation and sub navigation: a handful of sections per role, each link one the person may
open, and the section of the page they are on marked as current."""

import re

import pytest
from django.urls import reverse

from hubportal.navigation import SECTIONS, navigation_for
from participants.models import Role

SECTION_LINKS = re.compile(r'class="govuk-service-navigation__link" href="([^"]+)"')
SUB_LINKS = re.compile(r'class="moj-sub-navigation__link" href="([^"]+)"')


def labels(navigation):
    return [link.label for link in navigation.sections]


def test_each_role_sees_a_handful_of_sections():
    assert labels(navigation_for(frozenset({Role.HUB_STAFF}), view_name="home", path="/")) == [
        "Home", "Schools", "Events", "Programmes", "Insight and data", "Your account"]
    assert labels(navigation_for(frozenset({Role.AB_STAFF}), view_name="home", path="/")) == [
        "Home", "Schools", "Induction", "Your account"]
    assert labels(navigation_for(frozenset({Role.INDUCTION_TUTOR}), view_name="home", path="/")) == [
        "Home", "Schools", "Your account"]
    assert labels(navigation_for(frozenset({Role.ECT}), view_name="home", path="/")) == ["Home", "Your account"]
    assert labels(navigation_for(frozenset({Role.FACILITATOR}), view_name="home", path="/")) == [
        "Home", "Events", "Your account"]
    for role in Role:
        assert len(navigation_for(frozenset({role}), view_name="home", path="/").sections) <= 6


def test_a_page_inside_a_section_marks_it_current_and_shows_its_sub_navigation():
    roles = frozenset({Role.AB_STAFF})
    claims = navigation_for(roles, view_name="appropriate_body:claim_list", path="/ab/claims/")
    assert [link.label for link in claims.sections if link.current] == ["Induction"]
    assert [link.label for link in claims.sub_pages if link.current] == ["Claims"]
    # A page deeper in sits in the section that owns its path, without the section's sub navigation
    # (it has its own way back; a school's pages have their own sub navigation).
    case = navigation_for(roles, view_name="appropriate_body:case", path="/ab/inductions/42/")
    assert [link.label for link in case.sections if link.current] == ["Induction"]
    assert case.sub_pages == []


def test_a_section_with_one_page_has_no_sub_navigation():
    home = navigation_for(frozenset({Role.HUB_STAFF}), view_name="home", path="/")
    assert [link.label for link in home.sections if link.current] == ["Home"]
    assert home.sub_pages == []


def test_the_hubs_figures_and_its_data_retention_share_a_section():
    retention = navigation_for(frozenset({Role.HUB_STAFF}), view_name="privacy:retention_schedule", path="/hub/data-retention/")
    assert [link.label for link in retention.sections if link.current] == ["Insight and data"]
    assert [(page.label, page.current) for page in retention.sub_pages] == [("Insight", False), ("Data requests", False), ("Data retention", True), ("Privacy notice", False)]


def test_pages_outside_every_section_mark_none():
    nothing = navigation_for(frozenset({Role.ECT}), view_name="programmes:certificate_verify", path="/certificates/verify/")
    assert not any(link.current for link in nothing.sections) and nothing.sub_pages == []


def test_every_url_name_in_the_navigation_exists():
    for section in SECTIONS:
        for page in section.pages:
            assert reverse(page.url_name)


ROLES = ["hub_staff", "ab_staff", "tutor_a", "headteacher_a", "ect", "mentor", "npq_participant", "itt_trainee",
         "facilitator", "no_role"]


@pytest.mark.parametrize("role", ROLES)
def test_every_link_a_role_is_shown_opens_for_them(role, cast, as_user):
    """No section or sub navigation link leads anyone to a page that answers 404."""
    client = as_user(cast[role])
    home = client.get("/")
    assert home.status_code == 200
    seen, to_open = set(), SECTION_LINKS.findall(home.content.decode())
    assert to_open, "the home page draws the service navigation"
    while to_open:
        href = to_open.pop()
        if href in seen:
            continue
        seen.add(href)
        response = client.get(href)
        assert response.status_code == 200, f"{role}: {href} answered {response.status_code}"
        to_open.extend(SUB_LINKS.findall(response.content.decode()))


def test_the_current_section_is_marked_on_the_page(cast, as_user):
    page = as_user(cast["ab_staff"]).get(reverse("appropriate_body:claim_list")).content.decode()
    assert re.search(r'govuk-service-navigation__item--active">\s*<a class="govuk-service-navigation__link" '
                     r'href="/ab/" aria-current="true">', page)
    assert f'href="{reverse("appropriate_body:claim_list")}" aria-current="page"' in page


def test_nobody_signed_out_sees_the_navigation(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "govuk-service-navigation" not in page and "Sign out" not in page
