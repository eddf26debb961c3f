"""Enrolling from a CSV: every row checked first, all or nothing, every bad row named, constant queries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.csv_upload import STRAY_CELLS, FileProblem
from hubportal.lib.dates import academic_year_of
from participants.models import Teacher
from programmes.cohorts.enrolment_csv import EXPIRED, NPQ_HEADINGS, decode, enrol_from_csv, import_file, read_rows, read_upload
from programmes.cohorts.enrolments import PersonDetails, cohort_url_kwargs, enrol_person
from programmes.cohorts.npq import npq_programme
from programmes.cohorts.tasks import purge_enrolment_uploads
from programmes.models import Cohort, Enrolment, EnrolmentUpload, NPQCourse, NPQIntake

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 1)
HEADER = "TRN,First name,Last name,Email,School URN,Course,Intake\n"


def npq_cohort(course=NPQCourse.H, intake=NPQIntake.AUTUMN, year=2026) -> Cohort:
    return Cohort.objects.create(programme=npq_programme(course), academic_year=year, intake=intake)


def line(trn, course="NPQH", intake="autumn", urn="", first="Ada", last=None, email=None):
    return f"{trn},{first},{last or 'L' + trn},{email or f'p{trn}@example.org'},{urn},{course},{intake}\n"


def rows_of(text: str):
    return read_rows(text, NPQ_HEADINGS)


def test_a_good_file_enrols_everyone_across_courses_and_intakes(hub_staff, school_a):
    autumn, spring, ehco = npq_cohort(), npq_cohort(intake=NPQIntake.SPRING), npq_cohort(NPQCourse.EHCO)
    Teacher.objects.create(trn="2000002", first_name="Ada", last_name="L2000002", email="x@example.org")
    text = HEADER + line("2000001", urn=school_a.urn) + line("2000002", "npq-headship", "Spring") + line(
        "2000003", "Early headship coaching offer (EHCO)")
    result = enrol_from_csv(rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    assert result.ok and result.total == 3 and result.new_teachers == 2
    assert {(e.cohort, e.teacher.trn) for e in Enrolment.objects.select_related("teacher")} == {
        (autumn, "2000001"), (spring, "2000002"), (ehco, "2000003")}
    assert Enrolment.objects.get(teacher__trn="2000001").school == school_a
    assert Enrolment.history.count() == 3 and Teacher.history.filter(history_user=hub_staff).count() == 2


def test_bad_rows_save_nothing_and_each_is_named_with_line_and_trn(hub_staff):
    cohort = npq_cohort()
    enrol_person(cohort, PersonDetails("2000009", "Ada", "Known", "k@example.org"), actor=hub_staff, today=TODAY)
    before = (Teacher.objects.count(), Enrolment.objects.count())
    text = HEADER + "".join([
        line("2000001"),                              # 2: fine
        line("12"),                                   # 3: bad TRN
        line("2000003", first=""),                    # 4: missing name
        line("2000004", email="not-an-email"),        # 5: bad email
        line("2000005", urn="999999"),                # 6: unknown school
        line("2000006", course="NPQXYZ"),             # 7: not on the NPQ list
        line("2000007"), line("2000007"),             # 8, 9: duplicate in the file
        line("2000009", last="Known"),                # 10: already enrolled
        line("2000011", intake="summer"),             # 11: bad intake
        line("2000012", course="NPQSL"),              # 12: no such cohort yet
        line("2000013", course="ASO"),                # 13: ASO is not offered
    ])
    result = enrol_from_csv(rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    assert not result.ok
    by_line = {}
    for problem in result.problems:
        by_line.setdefault(problem["line"], []).append((problem["column"], problem["message"]))
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert by_line[3] == [("trn", "The TRN must include at least 5 digits")]
    assert by_line[4] == [("first_name", "Enter their first name")]
    assert by_line[5][0][0] == "email"
    assert by_line[6] == [("school_urn", "There is no school with URN 999999 on the portal")]
    assert by_line[7][0][0] == "course" and "not on the NPQ list" in by_line[7][0][1]
    assert by_line[8] == [("trn", "This TRN is also on line 9 for the same cohort. Each person needs one row")]
    assert "already enrolled" in by_line[10][0][1]
    assert by_line[11][0][0] == "intake"
    assert "no Senior leadership (NPQSL) cohort" in by_line[12][0][1]
    assert "EHCO" in by_line[13][0][1]
    assert {p["trn"] for p in result.problems if p["line"] == 8} == {"2000007"}
    assert (Teacher.objects.count(), Enrolment.objects.count()) == before


def test_one_cohort_file_needs_no_course(hub_staff):
    cohort = npq_cohort()
    text = "trn,first_name,last_name,email,school_urn\n2000001,Ada,Lovelace,a@example.org,\n"
    result = enrol_from_csv(read_rows(text, ("trn", "first_name", "last_name", "email", "school_urn")), cohort=cohort,
                            actor=hub_staff, today=TODAY)
    assert result.ok and Enrolment.objects.get().cohort == cohort


def test_same_trn_with_two_names_is_refused(hub_staff):
    npq_cohort(), npq_cohort(NPQCourse.SENCO)
    text = HEADER + line("2000001", last="One") + line("2000001", course="NPQSENCO", last="Two")
    result = enrol_from_csv(rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    assert [p["line"] for p in result.problems] == [2, 3]


def test_the_file_checks(hub_staff):
    with pytest.raises(FileProblem, match="CSV"):
        read_upload("people.xlsx", 10, b"x", NPQ_HEADINGS)
    with pytest.raises(FileProblem, match="2 MB"):
        read_upload("people.csv", 3 * 1024 * 1024, b"x", NPQ_HEADINGS)
    with pytest.raises(FileProblem, match=r"missing: course, intake\)\. The first line must be: trn,first_name,last_name,email,"):
        read_rows("trn,first_name,last_name,email,school_urn\n1,a,b,c,\n", NPQ_HEADINGS)
    with pytest.raises(FileProblem, match=r"more than once: email\)"):
        read_rows("trn,first_name,last_name,email,Email,school_urn,course,intake\n1,a,b,c,d,,NPQH,autumn\n", NPQ_HEADINGS)
    with pytest.raises(FileProblem, match="nobody"):
        read_rows(HEADER, NPQ_HEADINGS)
    with pytest.raises(FileProblem, match="no more than 1,000"):
        read_rows(HEADER + "".join(line(str(3000000 + n)) for n in range(1001)), NPQ_HEADINGS)


def test_utf8_with_bom_and_windows_1252_are_read():
    text = HEADER + line("2000001", first="Zoë")
    assert rows_of(decode(("\ufeff" + text).encode("utf-8")))[0]["first_name"] == "Zoë"
    assert rows_of(decode(text.encode("cp1252")))[0]["first_name"] == "Zoë"
    with pytest.raises(FileProblem):
        decode(b"a\x00b")


def test_other_columns_are_ignored_but_a_value_without_a_heading_is_a_problem(hub_staff):
    npq_cohort()
    rows = rows_of("TRN,First name,Last name,Email,School URN,Course,Intake,Notes\n"
                   "2000001,Ada,Lovelace,a@example.org,,NPQH,autumn,keen\n"
                   "2000002,Grace,Hopper,g@example.org,,NPQH,autumn,,surprise\n")
    result = enrol_from_csv(rows, academic_year=2026, actor=hub_staff, today=TODAY)
    assert [(p["line"], p["column"], p["message"]) for p in result.problems] == [(3, "", STRAY_CELLS)]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("count", [1, 40])
def test_checking_and_saving_take_constant_queries(hub_staff, school_a, count, django_assert_max_num_queries):
    npq_cohort(), npq_cohort(NPQCourse.LT, NPQIntake.SPRING)
    text = HEADER + "".join(
        line(str(3000000 + n), "NPQH" if n % 2 else "NPQLT", "autumn" if n % 2 else "spring", urn=school_a.urn) for n in range(count)
    )
    with django_assert_max_num_queries(12):
        result = enrol_from_csv(rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    assert result.ok and Enrolment.objects.count() == count


# --- The upload and DP-002 ---------------------------------------------------------------------


def test_every_import_is_kept_as_an_upload_with_what_came_of_it(hub_staff):
    cohort = npq_cohort()
    bad = HEADER + line("2000001") + line("12")
    upload, result = import_file(filename="npq.csv", text=bad, rows=rows_of(bad), academic_year=2026, actor=hub_staff, today=TODAY)
    assert not result.ok
    assert (upload.status, upload.rows_total, upload.rows_done, upload.enrolled_count) == (EnrolmentUpload.Status.INVALID, 2, 2, 0)
    assert (upload.contents, upload.uploaded_by, upload.academic_year, upload.cohort) == (bad, hub_staff, 2026, None)
    assert upload.results == result.problems and upload.results[0]["name"] == "Ada L12" and upload.finished_at

    good = HEADER + line("2000001") + line("2000002")
    upload, result = import_file(filename="npq.csv", text=good, rows=rows_of(good), academic_year=2026, actor=hub_staff, today=TODAY)
    assert result.ok and (upload.status, upload.enrolled_count, upload.results) == (EnrolmentUpload.Status.SAVED, 2, [])
    assert Enrolment.objects.filter(cohort=cohort).count() == 2


def test_a_refused_import_is_kept_as_failed_with_the_reason(hub_staff):
    aso = Cohort.objects.create(programme=npq_programme(NPQCourse.ASO), academic_year=2026, intake=NPQIntake.AUTUMN)
    text = "trn,first_name,last_name,email,school_urn\n2000001,Ada,Lovelace,a@example.org,\n"
    with pytest.raises(ValidationError, match="replaced by EHCO"):
        import_file(filename="aso.csv", text=text, rows=read_rows(text, ("trn", "first_name", "last_name", "email", "school_urn")),
                    cohort=aso, actor=hub_staff, today=TODAY)
    upload = EnrolmentUpload.objects.get()
    assert (upload.status, upload.cohort, upload.academic_year) == (EnrolmentUpload.Status.FAILED, aso, 2026)
    assert "replaced by EHCO" in upload.file_error


def test_dp_002_contents_and_names_go_23_hours_after_the_import(hub_staff):
    npq_cohort()
    text = HEADER + line("12")
    upload, _ = import_file(filename="npq.csv", text=text, rows=rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    recent, _ = import_file(filename="npq.csv", text=text, rows=rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    # A request that died part-way leaves an upload still checking.
    stuck = EnrolmentUpload.objects.create(filename="npq.csv", contents=text, rows_total=1, created_at=timezone.now() - timedelta(hours=24))
    EnrolmentUpload.objects.filter(pk=upload.pk).update(finished_at=timezone.now() - timedelta(hours=23, minutes=1))

    assert purge_enrolment_uploads() == 2
    upload.refresh_from_db(), recent.refresh_from_db(), stuck.refresh_from_db()
    assert (upload.contents, upload.status, bool(upload.purged_at)) == ("", EnrolmentUpload.Status.INVALID, True)
    assert (upload.results[0]["name"], upload.results[0]["trn"], upload.results[0]["column"]) == ("", "12", "trn")
    assert (recent.contents, recent.purged_at, recent.results[0]["name"]) == (text, None, "Ada L12")
    assert (stuck.contents, stuck.status, stuck.file_error) == ("", EnrolmentUpload.Status.FAILED, EXPIRED)
    assert purge_enrolment_uploads() == 0


def test_uploads_are_read_only_in_the_admin(client, hub_staff):
    npq_cohort()
    text = HEADER + line("12")
    upload, _ = import_file(filename="npq.csv", text=text, rows=rows_of(text), academic_year=2026, actor=hub_staff, today=TODAY)
    hub_staff.is_staff = hub_staff.is_superuser = True
    hub_staff.save()
    client.force_login(hub_staff)
    assert client.get(reverse("admin:programmes_enrolmentupload_changelist")).status_code == 200
    page = client.get(reverse("admin:programmes_enrolmentupload_change", args=[upload.pk])).content.decode()
    assert "npq.csv" in page and 'name="_save"' not in page and "Ada L12" in page and HEADER.strip() not in page
    assert client.get(reverse("admin:programmes_enrolmentupload_add")).status_code == 403
    assert client.post(reverse("admin:programmes_enrolmentupload_delete", args=[upload.pk]), {"post": "yes"}).status_code == 403
    assert EnrolmentUpload.objects.filter(pk=upload.pk).exists()


# --- Pages ------------------------------------------------------------------------------------


def _upload(text: str, name="npq.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_npq_csv_page_names_every_bad_row_then_saves(client, hub_staff):
    year = academic_year_of(timezone.localdate())
    cohort = npq_cohort(year=year)
    client.force_login(hub_staff)
    url = reverse("programmes:npq_enrolment_csv")
    assert client.get(url).status_code == 200
    bad = HEADER + line("2000001") + line("2000002", course="NPQXYZ") + line("99")
    response = client.post(url, {"academic_year": year, "file": _upload(bad)})
    body = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in body
    assert "Nothing was saved: 2 rows have problems" in body and '&quot;NPQXYZ&quot; is not on the NPQ list' in body
    assert not Enrolment.objects.exists()
    good = HEADER + line("2000001") + line("2000002")
    response = client.post(url, {"academic_year": year, "file": _upload(good)})
    assert response.status_code == 200 and "2 people enrolled" in response.content.decode()
    assert Enrolment.objects.filter(cohort=cohort).count() == 2
    assert list(EnrolmentUpload.objects.order_by("created_at", "pk").values_list("status", "uploaded_by", "academic_year")) == [
        ("invalid", hub_staff.pk, year), ("saved", hub_staff.pk, year),
    ]


def test_cohort_csv_page_and_file_problems(client, hub_staff):
    cohort = npq_cohort()
    client.force_login(hub_staff)
    url = reverse("programmes:cohort_enrolment_csv", kwargs=cohort_url_kwargs(cohort))
    response = client.post(url, {"file": _upload("trn\n1", name="people.txt")})
    assert response.status_code == 400 and "must be a CSV" in response.content.decode()
    assert not EnrolmentUpload.objects.exists()  # a file that cannot be read is not kept
    response = client.post(url, {"file": _upload("trn,first_name,last_name,email,school_urn\n2000001,Ada,L,a@example.org,\n")})
    assert response.status_code == 200
    assert Enrolment.objects.get().cohort == cohort
    assert EnrolmentUpload.objects.get().cohort == cohort


def test_csv_pages_are_hub_staff_only(client, tutor_a, npq_participant):
    cohort = npq_cohort()
    for user in (tutor_a, npq_participant):
        client.force_login(user)
        assert client.get(reverse("programmes:npq_enrolment_csv")).status_code == 404
        response = client.post(reverse("programmes:cohort_enrolment_csv", kwargs=cohort_url_kwargs(cohort)),
                               {"file": _upload("trn,first_name,last_name,email,school_urn\n2000001,Ada,L,a@example.org,\n")})
        assert response.status_code == 404
    assert not Enrolment.objects.exists()
