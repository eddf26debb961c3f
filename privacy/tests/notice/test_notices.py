"""Publishing the privacy notice's versions and recording who saw which."""

import pytest
from django.core.exceptions import ValidationError

from privacy.models import PrivacyNotice, PrivacyNoticeReading
from privacy.notice.notices import current_notice, current_version, needs_to_see, notice_blocks, publish_notice, record_seen

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_one_two_three(hub_staff):
    first = publish_notice("We hold your name.", summary="", actor=hub_staff)
    second = publish_notice("We hold your name and email.", summary="Email added", actor=hub_staff)
    third = publish_notice("We hold your name, email and school.", summary="School added", actor=None)

    assert [first.version, second.version, third.version] == [1, 2, 3]
    assert current_notice() == third
    assert (second.summary, second.published_by, third.published_by) == ("Email added", hub_staff, None)


def test_a_version_is_numbered_after_the_highest_even_with_gaps(hub_staff):
    # Numbering reads the highest version, not a count of rows.
    PrivacyNotice.objects.create(version=7, text="Old")
    assert publish_notice("New", summary="", actor=hub_staff).version == 8


def test_the_text_is_required_and_must_change(hub_staff):
    with pytest.raises(ValidationError) as empty:
        publish_notice("  \r\n ", summary="", actor=hub_staff)
    assert empty.value.message_dict == {"text": ["Enter the text of the privacy notice"]}
    publish_notice("We hold your name.\r\n", summary="", actor=hub_staff)
    with pytest.raises(ValidationError) as same:
        publish_notice("We hold your name.", summary="", actor=hub_staff)
    assert "same as version 1" in same.value.message_dict["text"][0]
    assert PrivacyNotice.objects.count() == 1


def test_record_seen_keeps_the_first_time(ect, hub_staff):
    notice = publish_notice("We hold your name.", summary="", actor=hub_staff)
    first = record_seen(ect, notice)
    again = record_seen(ect, notice)

    assert again.pk == first.pk and again.seen_at == first.seen_at
    assert PrivacyNoticeReading.objects.filter(user=ect).count() == 1


def test_needs_to_see_each_new_version_once(ect, hub_staff):
    assert not needs_to_see(ect), "nothing to see before a notice is published"
    first = publish_notice("Version one", summary="", actor=hub_staff)
    assert needs_to_see(ect)
    record_seen(ect, first)
    assert not needs_to_see(ect)
    publish_notice("Version two", summary="", actor=hub_staff)
    assert needs_to_see(ect)
    assert not needs_to_see(hub_staff), "who published it has read it"


def test_the_current_version_is_cached_and_publishing_updates_it(hub_staff, django_assert_num_queries):
    assert current_version() == 0
    with django_assert_num_queries(0):
        assert current_version() == 0
    publish_notice("Version one", summary="", actor=hub_staff)
    assert current_version() == 1


def test_the_text_becomes_headings_and_paragraphs():
    text = "Intro line\r\n\r\n## Who we are\nThe hub.\nBy the river.\n\n\n\n## Your rights\n\nAsk us."
    blocks = [(block.kind, block.lines) for block in notice_blocks(text)]
    assert blocks == [
        ("paragraph", ("Intro line",)),
        ("heading", ("Who we are",)),
        ("paragraph", ("The hub.", "By the river.")),
        ("heading", ("Your rights",)),
        ("paragraph", ("Ask us.",)),
    ]
