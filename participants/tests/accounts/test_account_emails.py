"""allauth's emails (password reset, address confirmation, unknown address): every link is built from
SITE_URL, never from the host a request happened to name, and nobody is offered a sign-up."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from participants.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.example.org"
# A host the portal answers to (ALLOWED_HOSTS) but is not its public address: make run on another port.
OTHER_HOST = "localhost:8101"
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE_URL


def bodies(message) -> list[str]:
    return [message.body, *(content for content, _ in getattr(message, "alternatives", []))]


def links(message) -> list[str]:
    return [url for body in bodies(message) for url in URL.findall(body)]


def assert_every_link_is_the_sites(message):
    found = links(message)
    assert found, "the email should carry a link to the portal"
    for url in found:
        assert url.startswith(SITE_URL + "/"), url
    for body in bodies(message):
        assert OTHER_HOST not in body and "testserver" not in body


def test_the_reset_link_is_built_from_site_url(client, tutor_a):
    response = client.post("/accounts/password/reset/", {"email": tutor_a.email}, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    [message] = mail.outbox
    assert_every_link_is_the_sites(message)
    link = next(url for url in links(message) if "/accounts/password/reset/key/" in url)
    # The link still works on the portal.
    assert client.get(link.removeprefix(SITE_URL)).status_code == 302


def test_the_confirmation_link_is_built_from_site_url(client):
    user = UserFactory(email="unconfirmed@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}, HTTP_HOST=OTHER_HOST)
    [message] = mail.outbox
    assert_every_link_is_the_sites(message)
    assert any("/accounts/confirm-email/" in url for url in links(message))


def test_a_reset_for_an_unknown_address_says_so_and_offers_no_sign_up(client, settings):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["nobody@example.org"]
    for body in bodies(message):
        assert "no account" in body.lower()
        assert not re.search(r"sign\s*-?\s*up", body, re.I)
        assert "/accounts/signup" not in body
        assert settings.HUB_CONTACT_EMAIL in body
    assert "sign up" not in message.subject.lower()
    assert_every_link_is_the_sites(message)
