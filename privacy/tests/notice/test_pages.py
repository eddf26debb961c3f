"""The privacy notice's pages: reading it (anyone), its versions and publishing one (hub staff)."""

import pytest
from django.urls import reverse

from participants.tests.factories import UserFactory
from privacy.models import PrivacyNotice
from privacy.notice.notices import publish_notice, record_seen

pytestmark = pytest.mark.django_db

NOTICE = reverse("privacy:notice")
VERSIONS = reverse("privacy:notice_versions")
PUBLISH = reverse("privacy:notice_publish")


def test_anyone_reads_the_current_version_escaped_with_its_sub_headings(client, hub_staff):
    publish_notice("Old text", summary="", actor=hub_staff)
    publish_notice("We hold <b>your name</b>.\n\n## Your rights\nAsk us & we answer.", summary="Rights added", actor=hub_staff)

    page = client.get(NOTICE).content.decode()

    assert "Version 2, published" in page
    assert "We hold &lt;b&gt;your name&lt;/b&gt;." in page and "<b>" not in page
    assert '<h2 class="govuk-heading-m">Your rights</h2>' in page
    assert "Ask us &amp; we answer." in page and "Rights added" in page
    assert "Continue</button>" not in page, "someone signed out has nothing to record"


def test_someone_who_has_seen_it_reads_it_without_the_continue_button(as_user, ect, hub_staff):
    record_seen(ect, publish_notice("Text", summary="", actor=hub_staff))
    page = as_user(ect).get(NOTICE).content.decode()
    assert "Text" in page and "Continue</button>" not in page


def test_before_any_version_the_page_says_whom_to_ask(client, settings):
    settings.HUB_CONTACT_EMAIL = "privacy@hub.example.org"
    page = client.get(NOTICE).content.decode()
    assert "has not published its privacy notice" in page
    assert 'href="mailto:privacy@hub.example.org"' in page


def test_continue_for_a_version_that_does_not_exist_is_404(as_user, ect):
    assert as_user(ect).post(NOTICE, {"version": 9, "next": "/"}).status_code == 404


def test_the_footer_links_to_the_notice_and_the_accessibility_statement(client):
    page = client.get(reverse("programmes:cpd_offer")).content.decode()
    assert f'href="{NOTICE}">Privacy notice</a>' in page
    assert f'href="{reverse("privacy:accessibility")}">Accessibility statement</a>' in page


def _versions_with_readers(count: int, readers: int, actor) -> None:
    people = UserFactory.create_batch(readers)
    for _ in range(count):
        number = PrivacyNotice.objects.count() + 1
        notice = publish_notice(f"Version text {number}", summary=f"Change {number}", actor=actor)
        for person in people:
            record_seen(person, notice)


def _versions_queries(client, django_assert_max_num_queries, limit: int) -> str:
    with django_assert_max_num_queries(limit):
        response = client.get(VERSIONS)
    assert response.status_code == 200
    return response.content.decode()


def test_versions_show_who_published_and_how_many_have_seen_each(as_user, hub_staff, ect, mentor):
    first = publish_notice("One", summary="", actor=hub_staff)
    second = publish_notice("Two", summary="Changed", actor=None)
    record_seen(hub_staff, second)
    record_seen(ect, first)
    record_seen(mentor, first)

    page = as_user(hub_staff).get(VERSIONS).content.decode()

    rows = page.split('<tr class="govuk-table__row">')[2:]
    assert "2" in rows[0] and "Not known" in rows[0] and "Changed" in rows[0] and rows[0].count(">1</td>") == 1
    # Its publisher, the ECT and the mentor.
    assert "Hana Hub" in rows[1] and ">3</td>" in rows[1]
    assert f'href="{PUBLISH}"' in page


def test_the_versions_page_takes_the_same_queries_for_1_and_many(as_user, hub_staff, django_assert_max_num_queries):
    client = as_user(hub_staff)
    _versions_with_readers(1, 1, hub_staff)
    # The first page after a new version learns its number and that they have seen it; the next pages need not.
    client.get(VERSIONS)
    # Session, user, roles, MFA check; the versions with their counts in one statement.
    _versions_queries(client, django_assert_max_num_queries, 5)
    _versions_with_readers(12, 8, hub_staff)
    client.get(VERSIONS)
    page = _versions_queries(client, django_assert_max_num_queries, 5)
    assert page.count(">9</td>") == 12, "each new version seen by its publisher and the eight"


def test_the_publish_form_offers_the_current_text(as_user, hub_staff):
    publish_notice("The current text", summary="", actor=hub_staff)
    page = as_user(hub_staff).get(PUBLISH).content.decode()
    assert "The current text</textarea>" in page
    assert "Publish version 2" in page


def test_the_publish_form_offers_a_starting_text_before_the_first_version(as_user, hub_staff, settings):
    page = as_user(hub_staff).get(PUBLISH).content.decode()
    assert f"{settings.HUB_NAME} is the controller" in page and "Publish version 1" in page


@pytest.mark.parametrize("posted", [{"text": "  ", "summary": "Nothing"}, {}], ids=["blank", "nothing"])
def test_publishing_an_empty_text_shows_the_error_summary(as_user, hub_staff, posted):
    response = as_user(hub_staff).post(PUBLISH, posted)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'govuk-error-summary' in page and '<a href="#id_text">Enter the text of the privacy notice</a>' in page
    assert not PrivacyNotice.objects.exists()


def test_publishing_the_same_text_again_is_refused_on_the_field(as_user, hub_staff):
    publish_notice("Same", summary="", actor=hub_staff)
    page = as_user(hub_staff).post(PUBLISH, {"text": "Same", "summary": ""}).content.decode()
    assert '<a href="#id_text">The text is the same as version 1. Change it before you publish</a>' in page
    assert PrivacyNotice.objects.count() == 1


def test_hub_staff_publish_a_version_and_return_to_the_list(as_user, hub_staff):
    client = as_user(hub_staff)
    response = client.post(PUBLISH, {"text": "## Who we are\r\nThe hub.", "summary": "First version"}, follow=True)

    assert response.redirect_chain[0] == (VERSIONS, 302)
    notice = PrivacyNotice.objects.get()
    assert (notice.version, notice.text, notice.summary, notice.published_by) == (1, "## Who we are\nThe hub.", "First version", hub_staff)
    assert "Version 1 of the privacy notice is published" in response.content.decode()
