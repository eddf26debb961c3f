"""Hub staff enrol an NPQ cohort from a CSV in a real browser: a file with bad rows saves nothing and
names every bad row; the corrected file enrols everyone, and the cohort page (and the database) shows them."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hubportal.lib.dates import academic_year_of
from participants.models import Teacher
from participants.tests.factories import TEST_PASSWORD, Role, SchoolFactory, add_totp, user_with_role
from programmes.cohorts.npq import npq_programme
from programmes.models import Cohort, Enrolment, NPQCourse, NPQIntake

pytestmark = pytest.mark.browser

HEADER = "TRN,First name,Last name,Email,School URN,Course,Intake\n"
GOOD_ROWS = [
    "2100001,Zoë,O'Brien,zoe.obrien@example.org,120001,NPQH,autumn\n",
    "2100002,Sam,Patel,sam.patel@example.org,120001,npq-headship,Autumn\n",
    "2100003,Ravi,Shah,ravi.shah@example.org,,Special educational needs co-ordinator (NPQSENCO),autumn\n",
]


def _csv(rows) -> dict:
    return {"name": "npq-autumn.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + HEADER + "".join(rows)).encode("utf-8")}


def test_hub_staff_enrol_an_npq_cohort_from_a_csv(page, sign_in_staff, db):
    year = academic_year_of(timezone.localdate())
    SchoolFactory(urn=120001, name="Cedar Primary School")
    headship = Cohort.objects.create(programme=npq_programme(NPQCourse.H), academic_year=year, intake=NPQIntake.AUTUMN)
    Cohort.objects.create(programme=npq_programme(NPQCourse.SENCO), academic_year=year, intake=NPQIntake.AUTUMN)
    staff = user_with_role(Role.HUB_STAFF, email="npq.staff@example.org", first_name="Hana")
    secret = add_totp(staff)
    sign_in_staff(staff.email, TEST_PASSWORD, secret)

    page.goto("/programmes/")
    page.get_by_role("button", name="NPQ enrolments by CSV").click()  # a link drawn as a button
    expect(page.get_by_role("heading", level=1)).to_have_text("NPQ enrolments by CSV")

    # Three bad rows among the good ones: a course not on the list, a TRN twice, an unknown school.
    bad = [*GOOD_ROWS, "2100004,Ann,Lee,ann.lee@example.org,,NPQXYZ,autumn\n",
           "2100001,Zoë,O'Brien,zoe2@example.org,120001,NPQH,autumn\n", "2100005,Bo,Li,bo@example.org,999999,NPQH,spring\n"]
    page.get_by_label("Academic year").select_option(str(year))
    page.get_by_label("CSV file").set_input_files(_csv(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Check and enrol").click()
    assert page.title().startswith("Error: ")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved: 4 rows have problems")
    problems = page.get_by_role("table", name="Problems in the file, by line")
    expect(problems.get_by_role("row").filter(has_text="NPQXYZ")).to_contain_text("2100004")
    expect(problems.get_by_role("row").filter(has_text="is not on the NPQ list")).to_have_count(1)
    expect(problems.get_by_role("row").filter(has_text="also on line")).to_have_count(2)
    expect(problems.get_by_role("row").filter(has_text="There is no school with URN 999999")).to_contain_text("2100005")
    assert not Enrolment.objects.exists() and not Teacher.objects.filter(trn__startswith="21").exists()

    page.get_by_label("CSV file").set_input_files(_csv(GOOD_ROWS))
    with page.expect_navigation():
        page.get_by_role("button", name="Check and enrol").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("3 people enrolled")
    page.get_by_role("link", name=headship.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(headship.name)
    table = page.get_by_role("table", name="Enrolments (2)")
    expect(table.get_by_role("row").filter(has_text="Zoë O'Brien")).to_contain_text("Cedar Primary School")
    expect(table.get_by_role("row").filter(has_text="Sam Patel")).to_contain_text("2100002")

    enrolled = dict(Enrolment.objects.values_list("teacher__trn", "cohort__programme__npq_course"))
    assert enrolled == {"2100001": NPQCourse.H, "2100002": NPQCourse.H, "2100003": NPQCourse.SENCO}
    assert set(Enrolment.objects.values_list("status", flat=True)) == {Enrolment.Status.ACTIVE}
    assert Enrolment.objects.get(teacher__trn="2100001").school.urn == 120001


def test_a_large_cohort_is_read_a_page_at_a_time(page, sign_in_staff, db):
    from programmes.cohorts.enrolments import PersonDetails, enrol_person

    year = academic_year_of(timezone.localdate())
    cohort = Cohort.objects.create(programme=npq_programme(NPQCourse.H), academic_year=year, intake=NPQIntake.AUTUMN)
    staff = user_with_role(Role.HUB_STAFF, email="npq.pages@example.org", first_name="Hana")
    for n in range(55):
        enrol_person(cohort, PersonDetails(trn=str(2200000 + n), first_name="Pat", last_name=f"Reader{n:02d}",
                                           email=f"pat{n}@example.org"), actor=staff, today=timezone.localdate())
    sign_in_staff(staff.email, TEST_PASSWORD, add_totp(staff))

    page.goto("/programmes/")
    page.get_by_role("link", name=cohort.name).click()
    expect(page.get_by_role("table", name=re.compile(r"Enrolments \(55\)\s*1 to 50, by name"))).to_be_visible()
    expect(page.get_by_role("link", name="Manage", exact=False)).to_have_count(50)
    navigation = page.get_by_role("navigation", name="Pages of enrolments")
    with page.expect_navigation():
        navigation.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("table", name=re.compile(r"Enrolments \(55\)\s*51 to 55, by name"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Pat Reader54")).to_be_visible()
