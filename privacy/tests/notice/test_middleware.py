"""Everyone signed in is shown the current privacy notice before any other page, once per version."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.models import PrivacyNoticeReading
from privacy.notice.notices import CURRENT_VERSION_KEY, publish_notice, record_seen

pytestmark = pytest.mark.django_db

NOTICE = reverse("privacy:notice")
GOLDEN_THREAD = reverse("programmes:my_golden_thread")


@pytest.fixture
def notice(hub_staff):
    return publish_notice("## Who we are\nThe hub.", summary="", actor=hub_staff)


def test_a_person_who_has_not_seen_it_is_sent_to_it_and_back(as_user, ect, notice):
    client = as_user(ect)
    going_to = f"{GOLDEN_THREAD}?year=2026"

    response = client.get(going_to)

    assert response.status_code == 302
    assert response["Location"] == f"{NOTICE}?next={quote(going_to, safe='/')}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b">Continue</button>" in page.content
    assert f'name="next" value="{going_to}"'.encode() in page.content

    before = timezone.now()
    response = client.post(NOTICE, {"version": notice.version, "next": going_to})

    assert response.status_code == 302 and response["Location"] == going_to
    reading = PrivacyNoticeReading.objects.get(user=ect, notice=notice)
    assert before <= reading.seen_at <= timezone.now()
    assert client.get(going_to).status_code == 200


def test_continue_with_a_next_on_another_site_goes_home(as_user, ect, notice):
    client = as_user(ect)
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", ""):
        response = client.post(NOTICE, {"version": notice.version, "next": unsafe})
        assert (response.status_code, response["Location"]) == (302, reverse("home")), unsafe
    page = client.get(f"{NOTICE}?next=https://evil.example/")
    assert b"evil.example" not in page.content


def test_a_new_version_is_shown_again(as_user, ect, notice, hub_staff):
    client = as_user(ect)
    client.post(NOTICE, {"version": notice.version, "next": GOLDEN_THREAD})
    assert client.get(GOLDEN_THREAD).status_code == 200

    publish_notice("## Who we are\nThe hub, by the river.", summary="Where we are", actor=hub_staff)

    response = client.get(GOLDEN_THREAD)
    assert response.status_code == 302 and response["Location"].startswith(NOTICE)
    assert b"What has changed" in client.get(response["Location"]).content


def test_a_version_published_while_they_read_is_shown_next(as_user, ect, notice, hub_staff):
    client = as_user(ect)
    publish_notice("Version two", summary="", actor=hub_staff)

    client.post(NOTICE, {"version": notice.version, "next": GOLDEN_THREAD})

    response = client.get(GOLDEN_THREAD)
    assert response.status_code == 302 and response["Location"].startswith(NOTICE)


def test_a_form_posted_or_an_htmx_request_is_not_sent_away(as_user, ect, notice):
    client = as_user(ect)
    # The home page takes GET only: its 405 shows the POST reached the view rather than a redirect.
    assert client.post(reverse("home")).status_code == 405
    assert client.get(GOLDEN_THREAD, headers={"HX-Request": "true"}).status_code == 200


def test_signing_out_and_the_accessibility_statement_need_no_notice(as_user, ect, notice):
    client = as_user(ect)
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("privacy:accessibility")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(GOLDEN_THREAD)["Location"].startswith("/accounts/login/")


def test_nobody_is_sent_anywhere_before_a_notice_is_published(as_user, ect, client):
    assert as_user(ect).get(GOLDEN_THREAD).status_code == 200


def test_someone_signed_out_is_not_sent_to_the_notice(client, notice):
    assert client.get(reverse("programmes:cpd_offer")).status_code == 200


def test_signing_in_reads_the_current_version_afresh(client, ect, notice):
    cache.set(CURRENT_VERSION_KEY, 0)  # out of date: say, a version was added from the shell
    client.force_login(ect)
    assert client.get(GOLDEN_THREAD)["Location"].startswith(NOTICE)


def test_a_version_seen_in_another_session_is_not_shown_again(as_user, ect, notice):
    record_seen(ect, notice)
    assert as_user(ect).get(GOLDEN_THREAD).status_code == 200


def test_once_seen_a_page_costs_no_query_more_than_with_no_notice(as_user, ect, hub_staff):
    client = as_user(ect)
    client.get(GOLDEN_THREAD)  # the version (none yet) is cached

    def page_queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(GOLDEN_THREAD).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    without_notice = page_queries()
    notice = publish_notice("Version one", summary="", actor=hub_staff)
    client.post(NOTICE, {"version": notice.version, "next": GOLDEN_THREAD})
    client.get(GOLDEN_THREAD)  # the new version's number is cached again
    seen = page_queries()

    assert len(seen) == len(without_notice)
    assert not [sql for sql in seen if "privacy_" in sql]


def test_the_time_seen_is_the_first_time(as_user, ect, notice):
    record_seen(ect, notice)
    first = PrivacyNoticeReading.objects.get(user=ect).seen_at
    PrivacyNoticeReading.objects.filter(user=ect).update(seen_at=first - timedelta(days=3))
    as_user(ect).post(NOTICE, {"version": notice.version, "next": GOLDEN_THREAD})
    assert PrivacyNoticeReading.objects.get(user=ect).seen_at == first - timedelta(days=3)
