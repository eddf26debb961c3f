"""A CSV upload saves while the cache (where the saving count is kept) cannot be reached: the count is
only for the progress bar, so the worker saves every row and the page shows the progress it can."""

import socket

import pytest

from hubportal.settings import cache_settings
from participants.models import ECTAtSchoolPeriod
from registration.tests.uploads.test_bulk import TODAY, Status, ect_row, upload_rows
from registration.uploads.bulk import confirm_upload, rows_done

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_unreachable(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/1")


def test_a_large_upload_is_saved_without_the_cache(school_a, tutor_a, settings, cache_unreachable,
                                                   django_capture_on_commit_callbacks):
    settings.REGISTRATION_UPLOAD_INLINE_ROWS = 50
    with django_capture_on_commit_callbacks(execute=True):
        upload = upload_rows(school_a, tutor_a, [ect_row() for _ in range(120)])
    upload.refresh_from_db()
    assert upload.status == Status.READY

    upload.status = Status.SAVING
    assert rows_done(upload) == 0  # the saving count is in the cache: none to show, no error
    upload.status = Status.READY
    with django_capture_on_commit_callbacks(execute=True):
        confirm_upload(upload, actor=tutor_a, today=TODAY)
    upload.refresh_from_db()
    assert (upload.status, upload.saved_count) == (Status.SAVED, 120)
    assert ECTAtSchoolPeriod.objects.filter(school=school_a).count() == 120
