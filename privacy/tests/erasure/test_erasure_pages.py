import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataRequest
from privacy.requests.requests import open_request

from .world import someone

pytestmark = pytest.mark.django_db


@pytest.fixture
def erasure(cast, school_a, hub_staff, files_in_memory):
    person = someone("Perpetua", "Quennell", "4818181", school=school_a, actor=cast["tutor_a"])
    request = open_request("erasure", email=person.email, trn="", name="Perpetua Quennell", received_on=timezone.localdate(),
                           actor=hub_staff)
    return person, request


def test_the_request_page_shows_what_erasure_will_do_and_erasing_answers_the_request(as_user, hub_staff, erasure):
    person, request = erasure
    client = as_user(hub_staff)
    page = client.get(reverse("privacy:request_detail", args=[request.public_id])).content.decode()
    assert "What erasure will do" in page and "Sign-in account" in page and "Erase their records" in page

    response = client.post(reverse("privacy:erasure_confirm", args=[request.public_id]),
                           {"certificates": "revoke", "confirmed": "on"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.completed_at and request.completed_by == hub_staff and request.identity_cleared_at
    assert (request.email, request.trn, request.name) == ("", "", "")
    assert {item["kind"] for item in request.outcome} >= {"Sign-in account", "Certificates", "Teacher record"}
    answered = client.get(response["Location"]).content.decode()
    assert "What was done" in answered and "Quennell" not in answered
    # A second post (a double click) changes nothing more.
    assert client.post(reverse("privacy:erasure_confirm", args=[request.public_id]),
                       {"certificates": "revoke", "confirmed": "on"}).status_code == 404


def test_erasure_needs_the_check_confirmed(as_user, hub_staff, erasure):
    person, request = erasure
    response = as_user(hub_staff).post(reverse("privacy:erasure_confirm", args=[request.public_id]), {"certificates": "revoke"})

    assert response.status_code == 400 and "Confirm that you have checked" in response.content.decode()
    assert DataRequest.objects.get(pk=request.pk).completed_at is None
    person.user.refresh_from_db()
    assert person.user.anonymised_on is None


def test_only_hub_staff_may_erase(as_user, cast, erasure):
    _, request = erasure
    for role in ("ab_staff", "tutor_a", "ect"):
        response = as_user(cast[role]).post(reverse("privacy:erasure_confirm", args=[request.public_id]),
                                            {"certificates": "revoke", "confirmed": "on"})
        assert response.status_code == 404
    assert DataRequest.objects.get(pk=request.pk).completed_at is None


def test_a_revoked_certificate_still_verifies_as_revoked_without_the_holders_name(client, as_user, hub_staff, erasure):
    from programmes.models import Certificate

    person, request = erasure
    code = Certificate.objects.get(user=person.user).code
    as_user(hub_staff).post(reverse("privacy:erasure_confirm", args=[request.public_id]), {"certificates": "revoke", "confirmed": "on"})

    as_user(None)
    response = client.get(reverse("programmes:certificate_verify_code", args=[code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate has been revoked" in page and "Removed at the holder" in page
    assert "Quennell" not in page
