"""Sign-in rate limits: a wrong password counts against one account from one client, so nobody can lock
out a named person from elsewhere; the second factor stays limited per account."""

import pytest

from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, add_totp, current_totp_code, user_with_role

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


def sign_in(client, email, password, ip):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_from_one_client_do_not_lock_out_the_account_elsewhere(client, tutor_a):
    for _ in range(6):
        sign_in(client, tutor_a.email, "wrong-password", ATTACKER)
    refused = sign_in(client, tutor_a.email, TEST_PASSWORD, ATTACKER)
    assert b"Too many failed login attempts" in refused.content

    client.cookies.clear()
    response = sign_in(client, tutor_a.email, TEST_PASSWORD, OWNER)
    assert response.status_code == 302 and response["Location"] == "/"


def test_one_client_is_limited_across_accounts(client, tutor_a, tutor_b):
    # Spraying one password over many accounts from one address meets the per-client limit.
    for n in range(10):
        sign_in(client, f"guess{n}@example.org", "wrong-password", ATTACKER)
    response = sign_in(client, tutor_b.email, TEST_PASSWORD, ATTACKER)
    assert b"Too many failed login attempts" in response.content


def test_authenticator_codes_stay_limited_per_account(client, db):
    # Only someone who knows the password reaches this step, so the guard here is against guessing
    # six-digit codes: it counts per account, whichever address the guesses come from.
    staff = user_with_role(Role.HUB_STAFF, email="staff.limits@example.org")
    secret = add_totp(staff)
    for n in range(5):
        client.cookies.clear()
        assert sign_in(client, staff.email, TEST_PASSWORD, f"192.0.2.{n + 1}")["Location"] == "/accounts/2fa/authenticate/"
        client.post("/accounts/2fa/authenticate/", {"code": "000000"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    client.cookies.clear()
    sign_in(client, staff.email, TEST_PASSWORD, OWNER)
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(secret)}, REMOTE_ADDR=OWNER)
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_reset_emails_to_one_address_are_capped_per_hour(client, tutor_a, monkeypatch):
    # Anyone can ask for a reset of any address: the cap keeps its inbox from being flooded. Asking
    # again is no lock-out: every link already sent still works.
    from allauth.core.internal import ratelimit
    from django.core import mail

    clock = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock[0])
    for n in range(5):
        assert client.post("/accounts/password/reset/", {"email": tutor_a.email}, REMOTE_ADDR=f"192.0.2.{n + 1}").status_code == 302
        clock[0] += 120
    refused = client.post("/accounts/password/reset/", {"email": tutor_a.email}, REMOTE_ADDR="192.0.2.99")
    assert refused.status_code == 429 and b"links we have already sent still work" in refused.content
    assert len(mail.outbox) == 5
    link = mail.outbox[0].body.split("/accounts/password/reset/key/")[1].split()[0]
    assert client.get(f"/accounts/password/reset/key/{link}").status_code == 302
