"""The error pages are GOV.UK pages; the two Django draws without the request stand on their own."""

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_the_server_error_page_needs_no_context_and_no_database(django_assert_num_queries):
    # Django's server_error view renders 500.html with an empty context: no context processors, no
    # session, no database (which may be what broke).
    with django_assert_num_queries(0):
        response = defaults.server_error(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in content
    assert 'href="#main-content"' in content and 'id="main-content"' in content
    assert "/static/css/govuk.css" in content and "<script" not in content


def test_an_expired_form_says_so_on_a_standalone_page(tutor_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": tutor_a.email, "password": "anything"})
    content = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">Your form expired</h1>' in content
    assert "Go back, reload the page and try again." in content


def test_a_missing_page_is_a_govuk_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in content
    assert "govuk-grid-column-two-thirds" in content
