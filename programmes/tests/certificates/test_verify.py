"""The public check of a certificate by its code: anyone, signed in or not."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from programmes.certificates.certificates import new_code
from programmes.certificates.pdf import verification_url
from programmes.certificates.views.verify import LOOKUPS_PER_MINUTE
from programmes.models import Certificate, Event, EventInvitation, EventKind

FORM = reverse("programmes:certificate_verify")


def code_page(code: str) -> str:
    return reverse("programmes:certificate_verify_code", args=[code])


@pytest.fixture
def certificate(db):
    starts = timezone.now() - timedelta(days=3)
    event = Event.objects.create(title="Phonics in Year 1", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                                 ends_at=starts + timedelta(hours=3))
    invitation = EventInvitation.objects.create(event=event, email="zoe.obrien@example.org", attended_at=starts)
    return Certificate.objects.create(
        kind=Certificate.Kind.ATTENDANCE, invitation=invitation, email="zoe.obrien@example.org", recipient_name="Zoë O'Brien",
        title="Phonics in Year 1", statement="attended", awarded_on=date(2026, 9, 14), cpd_hours=Decimal("7.5"),
        issuer="Hub", code=new_code(), render_state=Certificate.State.RENDERED,
    )


def test_a_valid_certificate_shows_name_what_for_and_date_and_nothing_else(client, certificate):
    response = client.get(code_page(certificate.code))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is valid" in page
    assert "Zoë O&#x27;Brien" in page and "Phonics in Year 1" in page and "14 September 2026" in page
    assert certificate.code in page
    assert "zoe.obrien@example.org" not in page and "7.5" not in page and "CPD hours" not in page


def test_a_signed_in_visitor_sees_the_same(client, certificate, tutor_b):
    client.force_login(tutor_b)
    assert "This certificate is valid" in client.get(code_page(certificate.code)).content.decode()


def test_a_revoked_certificate_says_so_without_the_reason(client, certificate, hub_staff):
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = timezone.now(), hub_staff, "Marked present in error"
    certificate.save()
    response = client.get(code_page(certificate.code))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate has been revoked" in page and "no longer valid" in page
    assert "This certificate is valid" not in page and "Marked present in error" not in page


def test_an_unknown_code_is_a_404_page_that_says_so(client, certificate):
    unknown = new_code()
    response = client.get(code_page(unknown))
    assert response.status_code == 404
    page = response.content.decode()
    assert "No certificate has this code" in page and unknown in page
    assert "Zoë" not in page


def test_a_code_in_the_address_in_lower_case_without_hyphens_is_found(client, certificate):
    page = client.get(code_page(certificate.code.lower().replace("-", ""))).content.decode()
    assert "This certificate is valid" in page and certificate.code in page


def test_something_that_cannot_be_a_code_is_not_found_and_shown_escaped(client, certificate):
    response = client.get(code_page("<b>nonsense"))
    assert response.status_code == 404
    page = response.content.decode()
    assert "No certificate has this code" in page and "&lt;b&gt;nonsense" in page and "<b>nonsense" not in page


@pytest.mark.parametrize("typed", [
    lambda code: code.lower(),
    lambda code: code.replace("-", ""),
    lambda code: f"  {code.replace('-', ' ').lower()}  ",
    lambda code: verification_url(code),
    lambda code: verification_url(code).rstrip("/"),
], ids=["lower case", "no hyphens", "spaces", "verification URL", "URL without the slash"])
def test_the_form_takes_the_code_however_it_is_typed(client, certificate, typed):
    response = client.get(FORM, {"code": typed(certificate.code)})
    assert response.status_code == 302
    assert response["Location"] == code_page(certificate.code)


def test_the_form_without_a_code_shows_the_form(client, db):
    response = client.get(FORM)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<label class="govuk-label govuk-label--s" for="id_code">Verification code</label>' in page
    assert "There is a problem" not in page


@pytest.mark.parametrize("typed, message", [
    ("K7QM-4XDP", "Enter the 12-character code printed on the certificate"),
    ("K7QM-4XDP-9HT0", "Enter the 12-character code printed on the certificate"),  # 0 is never in a code
    ("", "Enter the code printed on the certificate"),
])
def test_bad_input_is_an_error_on_the_field(client, db, typed, message):
    response = client.get(FORM, {"code": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem" in page and 'href="#id_code"' in page
    assert 'id="id_code_error"' in page and message in page
    assert 'aria-describedby="id_code_hint id_code_error"' in page and "govuk-input--error" in page
    assert "govuk-form-group--error" in page and 'class="govuk-error-summary"' in page
    assert f'value="{typed}"' in page


def test_the_verify_pages_take_get_only(client, certificate):
    assert client.post(FORM, {"code": certificate.code}).status_code == 405
    assert client.post(code_page(certificate.code)).status_code == 405


def test_more_than_thirty_look_ups_a_minute_from_one_address_are_refused(client, certificate):
    cache.clear()
    for _ in range(LOOKUPS_PER_MINUTE):
        assert client.get(code_page(new_code()), REMOTE_ADDR="203.0.113.9").status_code == 404
    response = client.get(code_page(certificate.code), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many checks" in page and "Zoë" not in page
    # Another address is counted on its own.
    assert client.get(code_page(certificate.code), REMOTE_ADDR="198.51.100.7").status_code == 200
    cache.clear()
    assert client.get(code_page(certificate.code), REMOTE_ADDR="203.0.113.9").status_code == 200


def test_behind_a_proxy_each_client_is_counted_on_its_own(client, certificate, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(LOOKUPS_PER_MINUTE):
        client.get(code_page(new_code()), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert client.get(code_page(certificate.code), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429
    # The same proxy, another client: not refused for the first one's look-ups.
    assert client.get(code_page(certificate.code), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 200
    cache.clear()
