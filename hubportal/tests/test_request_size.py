"""A request body over MAX_UPLOAD_SIZE is refused (413) from its Content-Length before a byte of it is
read; a file a little over an upload page's own limit still gets that page's message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from appropriate_body.assessments.assessments import MAX_EVIDENCE_BYTES
from registration.uploads.rows import MAX_FILE_BYTES as ECT_CSV_BYTES

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A request body that must not be read: the test fails if anything tries."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def post_declaring(client, path, length):
    # As a browser sends a file: the length up front, then the body (which must stay unread).
    return client.generic(
        "POST", path, CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy", CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


def test_an_over_large_body_is_refused_unread(as_user, tutor_a, school_a, settings):
    response = post_declaring(as_user(tutor_a), f"/schools/{school_a.urn}/ects/upload/", settings.MAX_UPLOAD_SIZE + 1)
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large" in page and "12 MB" in page
    assert response.templates[0].name == "413.html"


def test_a_body_within_the_limit_reaches_the_page(as_user, tutor_a, school_a):
    # A file just over the upload page's own limit: the page names the field and its limit.
    upload = SimpleUploadedFile("ects.csv", b"x" * (ECT_CSV_BYTES + 1), content_type="text/csv")
    response = as_user(tutor_a).post(f"/schools/{school_a.urn}/ects/upload/", {"file": upload})
    assert response.status_code == 200
    assert "The selected file must be smaller than 2 MB" in response.content.decode()


def test_the_limit_is_above_every_upload_pages_own(settings):
    # Otherwise a file a little too large would get the 413 page instead of its field's message.
    assert settings.MAX_UPLOAD_SIZE > MAX_EVIDENCE_BYTES + 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_SIZE
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_SIZE
