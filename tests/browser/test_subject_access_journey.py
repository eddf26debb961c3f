"""Hub staff answer a request for a copy of someone's data: record it, build the export, download the ZIP.

The records are made through the portal's own functions (privacy/tests/access/world.py): two ECTs at one
school, each with an induction, a submitted review with evidence, an event's certificate and an
evaluation answer. The worker's task runs in this process (eager) on the commit of the live server's
request, and the in-memory file storage is the one both sides see.
"""

import io
import re
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from privacy.models import DataRequest
from privacy.requests.requests import open_request
from privacy.tests.access.world import two_people

pytestmark = pytest.mark.browser


def fill_date(page, legend: str, day) -> None:
    boxes = page.get_by_role("group", name=legend, exact=True)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def test_hub_staff_record_an_access_request_build_the_export_and_download_only_that_persons_records(
        page, sign_in_staff, files_in_memory, school_a, tutor_a, ab_staff):
    staff = user_with_role(Role.HUB_STAFF, email="privacy.staff@example.org", first_name="Hana", last_name="Hub")
    secret = add_totp(staff)
    perpetua, ottoline = two_people(school_a, tutor_a, ab_staff, staff)
    sign_in_staff(staff.email, TEST_PASSWORD, secret)

    page.goto("/hub/data-requests/")
    page.get_by_role("button", name="Record a new request").click()
    page.get_by_label("Subject access (a copy of their data)").check()
    page.get_by_label("Teacher reference number (TRN)", exact=False).fill(perpetua.teacher.trn)
    page.get_by_label("Their name (optional)").fill("Perpetua Quillfeather")
    fill_date(page, "Date the request was received", timezone.localdate())
    with page.expect_navigation():
        page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access (a copy of their data)")
    expect(page.locator("#records-found")).to_contain_text("Teacher record")

    with page.expect_navigation():
        page.get_by_role("button", name="Build the export").click()
    link = page.get_by_role("link", name=re.compile(r"^Download the export \(ZIP, \d+ KB\)$"))
    expect(link).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Available until")

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert re.fullmatch(r"subject-access-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with open(download.path(), "rb") as file, zipfile.ZipFile(io.BytesIO(file.read())) as zipped:
        files = {name: zipped.read(name) for name in zipped.namelist()}
    assert {"summary.html", "records/teachers.csv", "records/assessments.csv", "history/teachers.csv"} <= set(files)
    assert f"certificates/{perpetua.certificate.code}.pdf" in files
    everything = b"".join(files.values()).lower()
    assert all(identifier.lower().encode() in everything for identifier in perpetua.identifiers)
    assert not any(identifier.lower().encode() in everything for identifier in ottoline.identifiers)

    with page.expect_navigation():
        page.get_by_role("button", name="Mark the request as answered").click()
    expect(page.get_by_role("button", name="Mark the request as answered")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Answered")


def test_the_progress_bar_follows_the_worker_without_a_reload(page, sign_in_staff, files_in_memory):
    staff = user_with_role(Role.HUB_STAFF, email="progress.staff@example.org", first_name="Hana", last_name="Hub")
    secret = add_totp(staff)
    data_request = open_request("access", email="someone@example.org", trn="", name="", received_on=timezone.localdate(), actor=staff)
    DataRequest.objects.filter(pk=data_request.pk).update(export_state="building", export_steps_total=24, export_steps_done=3)
    sign_in_staff(staff.email, TEST_PASSWORD, secret)

    page.goto(f"/hub/data-requests/{data_request.public_id}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Being built: 3 of 24 kinds of record done")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "3")

    DataRequest.objects.filter(pk=data_request.pk).update(export_steps_done=10)
    expect(status).to_contain_text("Being built: 10 of 24 kinds of record done")

    DataRequest.objects.filter(pk=data_request.pk).update(export_state="failed", export_error="The export could not be saved on the server.")
    expect(status).to_contain_text("The export failed. The export could not be saved on the server.")
    expect(page.get_by_role("button", name="Build the export again")).to_be_visible()
    expect(page.locator("#access-export")).not_to_have_attribute("hx-trigger", "every 2s")
