"""Signing in: email as the login, verified addresses, rate limits, reset, and MFA for staff."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, UserFactory, current_totp_code, user_with_role

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_people_sign_in_with_their_email(client, tutor_a):
    response = sign_in(client, "TUTOR.A@example.org")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["user"] == tutor_a


def test_a_wrong_password_is_refused_with_a_message(client, tutor_a):
    response = sign_in(client, tutor_a.email, "wrong-password")
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert not response.context["user"].is_authenticated


def test_an_unverified_address_cannot_sign_in(client):
    user = UserFactory(email="unverified@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = sign_in(client, user.email)
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert "Confirm" in mail.outbox[0].subject or "confirm" in mail.outbox[0].body.lower()


def test_repeated_failed_sign_ins_are_rate_limited(client, tutor_a):
    for _ in range(5):
        sign_in(client, tutor_a.email, "wrong-password")
    response = sign_in(client, tutor_a.email, TEST_PASSWORD)
    assert b"Too many failed login attempts" in response.content
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_password_reset_by_email(client, tutor_a):
    response = client.post("/accounts/password/reset/", {"email": tutor_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})
    assert response.status_code == 302
    assert sign_in(client, tutor_a.email, "a-brand-new-passphrase")["Location"] == "/"


@pytest.mark.parametrize("role", [Role.HUB_STAFF, Role.AB_STAFF])
def test_staff_without_mfa_are_sent_to_set_it_up(client, role):
    user = user_with_role(role, email="no.mfa@example.org")
    client.force_login(user)
    for path in ("/", "/schools/", "/admin/", "/accounts/email/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/totp/activate/"), path
    # They can still get to the set-up pages and sign out.
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_other_roles_need_no_mfa(client, tutor_a):
    client.force_login(tutor_a)
    assert client.get("/").status_code == 200


def test_staff_with_mfa_give_a_code_at_sign_in(client, db):
    from participants.tests.factories import add_totp

    user = user_with_role(Role.HUB_STAFF, email="with.mfa@example.org")
    secret = add_totp(user)
    response = sign_in(client, user.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


# The home page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, panel",
    [
        ("hub_staff", "This week"),
        ("ab_staff", "Appropriate body"),
        ("tutor_a", "Alder Primary School"),
        ("ect", "Early career teacher"),
        ("mentor", "Mentor"),
        ("npq_participant", "NPQ participant"),
        ("itt_trainee", "ITT trainee"),
        ("facilitator", "Sessions you run"),
        ("no_role", "no role in the portal yet"),
    ],
)
def test_each_role_sees_its_own_dashboard(client, cast, who, panel):
    client.force_login(cast[who])
    content = client.get("/").content.decode()
    assert panel in content
    if who != "hub_staff":
        assert "Invite someone to the portal" not in content
        assert 'href="/admin/"' not in content


def test_a_tutor_at_two_schools_sees_both(client, tutor_a, school_b):
    from participants.accounts.roles import grant_role

    grant_role(tutor_a, Role.INDUCTION_TUTOR, school=school_b)
    content = client_get_home(client, tutor_a)
    assert "Alder Primary School" in content and "Birch Academy" in content


def client_get_home(client, user):
    client.force_login(user)
    return client.get("/").content.decode()


def test_the_layout_is_accessible_and_branded(client, tutor_a, settings):
    content = client_get_home(client, tutor_a)
    assert re.search(r'<html lang="en-GB"[ >]', content)
    assert 'href="#main-content"' in content and 'id="main-content"' in content
    assert re.search(r'<nav aria-label="[^"]+" class="govuk-service-navigation__wrapper"', content)
    assert settings.HUB_NAME in content and settings.HUB_PRIMARY_COLOUR in content


def test_pages_carry_a_content_security_policy(client, tutor_a):
    client.force_login(tutor_a)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.parametrize("schools", [1, 10])
def test_home_query_count_is_flat(client, tutor_a, schools, django_assert_max_num_queries):
    from participants.accounts.roles import grant_role
    from participants.tests.factories import SchoolFactory
    from registration.tests.factories import register

    for n in range(schools - 1):
        school = SchoolFactory(urn=120000 + n)
        grant_role(tutor_a, Role.INDUCTION_TUTOR, school=school)
        register(school, tutor_a, today=timezone.localdate(), started_on=timezone.localdate())
    client.force_login(tutor_a)
    # Session, user, roles; the tutor's tasks: their schools, ECT counts, assessment counts, agreement terms and states.
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_the_tutor_panel_counts_ects_without_a_mentor_per_school(client, tutor_a, school_a, school_b):
    from participants.accounts.roles import grant_role
    from registration.tests.pages import reg, with_mentor

    periods = [reg(school_a, tutor_a) for _ in range(3)]
    with_mentor(periods[0], tutor_a)
    grant_role(tutor_a, Role.INDUCTION_TUTOR, school=school_b)
    content = client_get_home(client, tutor_a)
    ect_list = reverse("participants:ect_list", args=[school_a.urn])
    assert f'href="{ect_list}?status=action_required" aria-describedby=' in content
    assert f'id="school-{school_a.urn}-mentors-status" data-count="2">' in content
    assert f'id="school-{school_b.urn}-mentors-status" data-count="0">' in content  # school B: done


def test_not_found_pages_are_the_portals_own(client, tutor_a, settings):
    settings.DEBUG = False
    client.force_login(tutor_a)
    response = client.get("/schools/999999/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b'href="#main-content"' in response.content


# allauth's pages in GOV.UK markup ---------------------------------------------------------------


def test_the_sign_in_page_labels_its_boxes_for_people_and_browsers(client):
    content = client.get("/accounts/login/").content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in content
    assert re.search(r'<label for="id_login" class="govuk-label">\s*Email address\s*</label>', content)
    assert re.search(r'<input type="email" name="login" autocomplete="email"[^>]*class="govuk-input"', content)
    assert re.search(r'<input type="password" name="password" autocomplete="current-password"', content)
    assert "Keep me signed in on this device" in content and "Remember Me" not in content
    assert "placeholder=" not in content
    assert 'href="/accounts/password/reset/">Forgotten your password?</a>' in content


def test_a_failed_sign_in_shows_the_error_summary_above_the_heading(client, tutor_a):
    content = sign_in(client, tutor_a.email, "wrong-password").content.decode()
    assert "<title>Error: Sign in" in content
    summary = content.index('class="govuk-error-summary"')
    assert summary < content.index("<h1")
    assert "The email address or password is not correct" in content


def test_the_security_code_page_asks_its_question_as_the_heading(client):
    from participants.tests.factories import add_totp

    user = user_with_role(Role.HUB_STAFF, email="code.page@example.org")
    add_totp(user)
    sign_in(client, user.email)
    content = client.get("/accounts/2fa/authenticate/").content.decode()
    assert re.search(r'<h1 class="govuk-label-wrapper">\s*<label class="govuk-label govuk-label--l" for="id_code">'
                     r"Enter your security code</label>\s*</h1>", content)
    assert '<div id="id_code_hint" class="govuk-hint">Enter the 6-digit code from your authenticator app</div>' in content
    assert 'inputmode="numeric" autocomplete="one-time-code"' in content
    content = client.post("/accounts/2fa/authenticate/", {"code": "000000"}).content.decode()
    assert "govuk-form-group--error" in content and "govuk-input--error" in content
    assert 'aria-describedby="id_code_hint id_code_1_error"' in content
    # In the portal's words, not allauth's "Incorrect code."
    assert "The security code is not correct" in content and "Incorrect code" not in content


def test_new_passwords_say_what_they_need_and_autocomplete_as_new(client, tutor_a):
    client.force_login(tutor_a)
    content = client.get("/accounts/password/change/").content.decode()
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in content
    assert 'name="oldpassword" autocomplete="current-password"' in content
    assert content.count('autocomplete="new-password"') == 2
    assert "must contain at least 10 characters" in content and "<ul>" not in content
    assert "Confirm new password" in content


def test_two_step_sign_in_is_a_page_of_summary_cards(client, hub_staff):
    client.force_login(hub_staff)
    content = client.get("/accounts/2fa/").content.decode()
    assert '<h1 class="govuk-heading-l">Two-step sign-in</h1>' in content
    assert '<h2 class="govuk-summary-card__title">Authenticator app</h2>' in content
    assert '<strong class="govuk-tag govuk-tag--green">On</strong>' in content
    assert "Two-Factor Authentication" not in content
