"""Sign-in works while the cache (where allauth counts its rate limits) cannot be reached: the limits
fail open and the outage is logged, instead of every sign-in answering 500."""

import logging
import socket

import pytest
from django.core.cache import cache

from hubportal.settings import cache_settings
from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, add_totp, current_totp_code, user_with_role
from programmes.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    # A port nothing listens on: bound for a moment to pick it, then released.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_unreachable(settings, caplog):
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{closed_port()}/1")
    caplog.set_level(logging.WARNING, logger="hubportal.lib.cache")
    return caplog


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "hubportal.lib.cache" and r.levelno == logging.WARNING]


def test_sign_in_works_and_the_outage_is_logged(client, tutor_a, cache_unreachable):
    response = client.post("/accounts/login/", {"login": tutor_a.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").wsgi_request.user == tutor_a
    assert any("cannot be reached" in message for message in cache_warnings(cache_unreachable))


def test_a_wrong_password_is_still_refused(client, tutor_a, cache_unreachable):
    response = client.post("/accounts/login/", {"login": tutor_a.email, "password": "wrong-password"})
    assert response.status_code == 200 and b"not correct" in response.content


def test_staff_sign_in_with_their_code(client, cache_unreachable):
    staff = user_with_role(Role.AB_STAFF, email="ab.nocache@example.org")
    secret = add_totp(staff)
    assert client.post("/accounts/login/", {"login": staff.email, "password": TEST_PASSWORD})["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/"


def test_password_reset_and_certificate_checks_work(client, tutor_a, cache_unreachable):
    assert client.post("/accounts/password/reset/", {"email": tutor_a.email}).status_code == 302
    certificate = CertificateFactory()
    assert client.get(f"/certificates/verify/{certificate.code}/").status_code == 200


def test_the_warning_does_not_repeat_on_every_call(cache_unreachable):
    for _ in range(5):
        assert cache.get("anything", "default") == "default"
        assert cache.add("lock", True) is True
    assert len(cache_warnings(cache_unreachable)) == 1
