"""The CSV registration pages: template, upload, problems, preview, confirm and progress."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participants.models import ECTAtSchoolPeriod, Teacher
from registration.models import RegistrationUpload
from registration.tests.factories import register
from registration.tests.uploads.test_bulk import TODAY, csv_text, ect_row, upload_rows
from registration.uploads import bulk as bulk_registration
from registration.uploads.rows import HEADINGS

pytestmark = pytest.mark.django_db
Status = RegistrationUpload.Status


def url(name, school, upload=None):
    kwargs = {"urn": school.urn}
    if upload is not None:
        kwargs["upload"] = upload.public_id
    return reverse(f"participants:{name}", kwargs=kwargs)


def csv_file(rows, name="ects.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_text(rows).encode("utf-8-sig"), content_type="text/csv")


def test_the_template_has_exactly_the_headings(client, tutor_a, school_a):
    client.force_login(tutor_a)
    response = client.get(url("upload_template", school_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.getvalue().decode("utf-8-sig") == ",".join(HEADINGS) + "\r\n"


def test_the_upload_page_explains_the_columns_and_lists_the_lead_providers(client, tutor_a, school_a):
    client.force_login(tutor_a)
    content = client.get(url("upload_create", school_a)).content.decode()
    assert 'type="file"' in content and 'enctype="multipart/form-data"' in content
    assert 'for="id_file"' in content and 'aria-describedby="id_file_hint"' in content
    assert "Register up to 1,000 early career teachers" in content and "DD/MM/YYYY or YYYY-MM-DD" in content and "<code>provider_led</code>" in content
    assert "<li>Teach First</li>" in content
    assert url("upload_template", school_a) in content


def test_upload_check_confirm_and_see_the_ects_registered(client, tutor_a, school_a, django_capture_on_commit_callbacks):
    client.force_login(tutor_a)
    rows = [ect_row(first_name="Siân"), ect_row(first_name="Zoë")]
    response = client.post(url("upload_create", school_a), {"file": csv_file(rows)})
    upload = RegistrationUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == url("upload_detail", school_a, upload)
    assert (upload.status, upload.uploaded_by, upload.rows_total) == (Status.READY, tutor_a, 2)

    content = client.get(response["Location"]).content.decode()
    assert "Check the ECTs before you register them" in content
    assert f"Siân {rows[0]['last_name']}" in content and rows[1]["trn"] in content and "School-led" in content
    assert url("upload_confirm", school_a, upload) in content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("upload_confirm", school_a, upload))
    assert response.status_code == 302
    content = client.get(response["Location"]).content.decode()
    assert "2 ECTs registered" in content
    assert reverse("participants:ect_list", args=[school_a.urn]) in content
    assert ECTAtSchoolPeriod.objects.filter(school=school_a).count() == 2


def test_a_mover_is_shown_as_moving_in_the_preview_without_naming_their_school(client, tutor_a, school_a, school_b, tutor_b):

    register(school_b, tutor_b, trn="7654321", today=TODAY, started_on=TODAY - timedelta(days=30))
    upload = upload_rows(school_a, tutor_a, [ect_row(trn="7654321")])
    client.force_login(tutor_a)
    content = client.get(url("upload_detail", school_a, upload)).content.decode()
    assert "Registered at another school: we will ask that school to confirm the move" in content
    assert "Birch Academy" not in content


def test_the_result_page_accounts_for_every_row_moves_included(client, tutor_a, school_a, school_b, tutor_b,
                                                               django_capture_on_commit_callbacks):
    register(school_b, tutor_b, trn="7654321", today=TODAY, started_on=TODAY - timedelta(days=30))
    upload = upload_rows(school_a, tutor_a, [ect_row(trn="7654321"), ect_row(), ect_row()])
    client.force_login(tutor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("upload_confirm", school_a, upload))
    content = client.get(response["Location"]).content.decode()
    assert "2 ECTs registered" in content
    assert "1 more is registered at another school, so we have" in content and "Birch Academy" not in content


def test_a_whole_file_problem_is_one_message_on_the_field_and_saves_nothing(client, tutor_a, school_a):
    client.force_login(tutor_a)
    bad = SimpleUploadedFile("ects.csv", b"trn,name\r\n1234567,Ada\r\n", content_type="text/csv")
    response = client.post(url("upload_create", school_a), {"file": bad})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: " in content
    assert response.context["form"].errors["file"] == [
        "The selected file must have the headings from the template (missing: date_of_birth, first_name, last_name, "
        "corrected_name, email, start_date, working_pattern, fte, training_programme, lead_provider; not expected: name). "
        "The first line must be: " + ",".join(HEADINGS)
    ]
    assert 'href="#id_file"' in content  # the error summary links to the field
    assert not RegistrationUpload.objects.exists()


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (None, "Select a CSV file"),
        (SimpleUploadedFile("ects.csv", "trn\r\nSiân\r\n".encode() + "Siân".encode("cp1252")), "mixes two ways of saving letters"),
        (SimpleUploadedFile("ects.xlsx", b"PK\x03\x04"), "must be a CSV"),
    ],
)
def test_other_file_problems_are_named_on_the_field(client, tutor_a, school_a, file, expected):
    client.force_login(tutor_a)
    response = client.post(url("upload_create", school_a), {"file": file} if file else {})
    assert expected in response.context["form"].errors["file"][0]
    assert not RegistrationUpload.objects.exists()


def test_row_problems_are_listed_with_a_download_and_a_way_back(client, tutor_a, school_a):
    client.force_login(tutor_a)
    rows = [ect_row(), ect_row(trn="1234", email="nope"), ect_row(fte="0.5")]
    response = client.post(url("upload_create", school_a), {"file": csv_file(rows)}, follow=True)
    content = response.content.decode()
    assert "We found 3 problems in 2 rows; nothing has been saved" in content
    assert "The TRN must include at least 5 digits" in content and "<code>email</code>" in content
    upload = RegistrationUpload.objects.get()
    assert url("upload_problems", school_a, upload) in content and url("upload_create", school_a) in content
    assert not Teacher.objects.exists()

    download = client.get(url("upload_problems", school_a, upload))
    assert download["Content-Type"].startswith("text/csv")
    read = list(csv.reader(io.StringIO(download.getvalue().decode("utf-8-sig"))))
    assert read[0] == ["Line", "Teacher", "Column", "Problem"]
    assert [(line[0], line[2]) for line in read[1:]] == [("3", "trn"), ("3", "email"), ("4", "fte")]


def test_a_large_file_shows_progress_until_the_worker_is_done(client, tutor_a, school_a, settings, django_capture_on_commit_callbacks):
    settings.REGISTRATION_UPLOAD_INLINE_ROWS = 50
    client.force_login(tutor_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url("upload_create", school_a), {"file": csv_file([ect_row() for _ in range(60)])})
    upload = RegistrationUpload.objects.get()
    content = client.get(response["Location"]).content.decode()
    assert "Checking your file" in content and "<progress" in content
    progress_url = url("upload_progress", school_a, upload)
    assert f'hx-get="{progress_url}"' in content and 'hx-trigger="every 1s"' in content

    RegistrationUpload.objects.filter(pk=upload.pk).update(rows_done=30)
    partial = client.get(progress_url, headers={"HX-Request": "true"})
    assert "30 of 60 rows" in partial.content.decode() and 'value="50"' in partial.content.decode()
    assert "HX-Refresh" not in partial and "<html" not in partial.content.decode()

    queued[0]()  # the worker checks the file
    partial = client.get(progress_url, headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true" and "hx-get" not in partial.content.decode()


def test_saving_a_large_file_shows_its_progress(client, tutor_a, school_a):
    upload = RegistrationUpload.objects.create(school=school_a, filename="ects.csv", status=Status.SAVING, rows_total=400)
    cache.set(bulk_registration.progress_key(upload.pk), 100)
    client.force_login(tutor_a)
    content = client.get(url("upload_detail", school_a, upload)).content.decode()
    assert "Registering your ECTs" in content and "Saving:" in content and "100 of 400 rows" in content


def test_a_failed_upload_says_why(client, tutor_a, school_a):
    upload = RegistrationUpload.objects.create(
        school=school_a, filename="ects.csv", status=Status.FAILED, file_error="This upload has expired, so nothing has been saved."
    )
    client.force_login(tutor_a)
    content = client.get(url("upload_detail", school_a, upload)).content.decode()
    assert "This upload has expired" in content and url("upload_create", school_a) in content


def test_confirming_twice_saves_once(client, tutor_a, school_a):
    upload = upload_rows(school_a, tutor_a, [ect_row(), ect_row()])
    client.force_login(tutor_a)
    assert client.post(url("upload_confirm", school_a, upload)).status_code == 302
    assert client.post(url("upload_confirm", school_a, upload)).status_code == 302
    assert ECTAtSchoolPeriod.objects.count() == 2
    assert RegistrationUpload.objects.get(pk=upload.pk).saved_count == 2


def test_confirming_after_the_data_changed_lists_the_new_problems(client, tutor_a, school_a):

    upload = upload_rows(school_a, tutor_a, [ect_row(), ect_row(trn="1234568")])
    register(school_a, tutor_a, trn="1234568", today=TODAY, started_on=TODAY - timedelta(days=3))
    client.force_login(tutor_a)
    content = client.post(url("upload_confirm", school_a, upload), follow=True).content.decode()
    assert "Some details changed since the file was checked, so nothing has been saved" in content
    assert "We found 1 problem in 1 row; nothing has been saved" in content
    assert "This teacher is already registered as an ECT at this school" in content
    assert ECTAtSchoolPeriod.objects.count() == 1


def test_hub_staff_may_upload_and_confirm_for_a_school(client, hub_staff, school_a):
    client.force_login(hub_staff)
    client.post(url("upload_create", school_a), {"file": csv_file([ect_row()])})
    upload = RegistrationUpload.objects.get()
    client.post(url("upload_confirm", school_a, upload))
    assert ECTAtSchoolPeriod.objects.get().registered_by == hub_staff


# --- Access ----------------------------------------------------------------------------------

PAGES = ["upload_detail", "upload_progress", "upload_problems"]


@pytest.fixture
def upload_a(school_a, tutor_a):
    return upload_rows(school_a, tutor_a, [ect_row()])


@pytest.mark.parametrize("name", ["upload_template", "upload_create", *PAGES])
def test_anonymous_visitors_are_sent_to_sign_in(client, school_a, upload_a, name):
    response = client.get(url(name, school_a, None if name.startswith("upload_t") or name == "upload_create" else upload_a))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["tutor_b", "ab_staff", "ect", "mentor", "no_role"])
@pytest.mark.parametrize("name", ["upload_template", "upload_create", *PAGES])
def test_other_schools_tutors_and_other_roles_get_404(client, cast, school_a, upload_a, role, name):
    client.force_login(cast[role])
    response = client.get(url(name, school_a, None if name in ("upload_template", "upload_create") else upload_a))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["tutor_b", "ab_staff", "ect"])
def test_only_the_schools_managers_can_upload_or_confirm(client, cast, school_a, upload_a, role):
    client.force_login(cast[role])
    assert client.post(url("upload_create", school_a), {"file": csv_file([ect_row()])}).status_code == 404
    assert client.post(url("upload_confirm", school_a, upload_a)).status_code == 404
    assert RegistrationUpload.objects.get(pk=upload_a.pk).status == Status.READY
    assert RegistrationUpload.objects.count() == 1 and not ECTAtSchoolPeriod.objects.exists()


def test_an_upload_is_not_found_under_another_schools_urn(client, tutor_b, school_b, upload_a):
    client.force_login(tutor_b)
    for name in PAGES:
        assert client.get(url(name, school_b, upload_a)).status_code == 404
    assert client.post(url("upload_confirm", school_b, upload_a)).status_code == 404
    assert not ECTAtSchoolPeriod.objects.exists()


def test_confirm_takes_post_only(client, tutor_a, school_a, upload_a):
    client.force_login(tutor_a)
    assert client.get(url("upload_confirm", school_a, upload_a)).status_code == 405
    client.logout()
    assert client.get(url("upload_confirm", school_a, upload_a)).status_code == 405
    assert client.post(url("upload_confirm", school_a, upload_a)).status_code == 302  # to sign in
    assert not ECTAtSchoolPeriod.objects.exists()


@pytest.mark.parametrize("rows", [1, 40])
def test_the_preview_costs_the_same_queries_for_1_or_40_rows(client, tutor_a, school_a, rows, django_assert_max_num_queries):
    upload = upload_rows(school_a, tutor_a, [ect_row() for _ in range(rows)])
    client.force_login(tutor_a)
    with django_assert_max_num_queries(12):
        response = client.get(url("upload_detail", school_a, upload))
    assert response.content.decode().count('<tr class="govuk-table__row">') == rows + 1
