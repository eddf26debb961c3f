"""A headteacher takes the induction report for governors (REC-005) from their home page: chooses the
autumn term, reads the counts, downloads the PDF, and finds no ECT named in either."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from appropriate_body.assessments import assessments as domain
from appropriate_body.models import AssessmentKind
from appropriate_body.tests.factories import claimed, first, written
from hubportal.lib.dates import academic_year_of
from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, SchoolFactory, user_with_role

pytestmark = pytest.mark.browser


def test_a_headteacher_downloads_the_term_s_report_and_no_ect_is_named(page, sign_in, db):
    year = academic_year_of(timezone.localdate())
    school = SchoolFactory(urn=120001, name="Rowan Primary School")
    tutor = user_with_role(Role.INDUCTION_TUTOR, school=school, email="rowan.tutor@example.org")
    head = user_with_role(Role.HEADTEACHER, school=school, email="rowan.head@example.org", first_name="Rhea")
    staff = user_with_role(Role.AB_STAFF, email="rowan.ab@example.org")
    periods = [claimed(school, tutor, staff, year=year, first_name=first_name, last_name="Quennell") for first_name in ("Isla", "Jago")]
    # Isla's first review, written on track by 1 December; Jago's not written.
    review = written(first(periods[0], AssessmentKind.PROGRESS_REVIEW), tutor, on_track=True)
    domain.submit(review, actor=tutor, now=datetime(year, 12, 1, 12, tzinfo=UTC))

    sign_in(head.email, TEST_PASSWORD)
    page.get_by_role("link", name="Induction report for governors (Rowan Primary School)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Induction report for governors")
    page.get_by_label("Term").select_option(label=f"Autumn term {year}")
    page.get_by_role("button", name="Show this term").click()
    expect(page.get_by_role("heading", level=2, name=f"Autumn term {year}")).to_be_visible()
    for label, figure in [("In induction at the school in the term", "2"), ("On track at their latest review or assessment", "1"),
                          ("Not on track at their latest review or assessment", "0"), ("No review or assessment written yet", "1")]:
        row = page.locator(".govuk-summary-list__row").filter(has=page.get_by_text(label, exact=True))
        expect(row.locator("dd")).to_have_text(figure)
    assert "Quennell" not in page.content() and "Isla" not in page.content()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download this report (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"induction-report-120001-{year}-autumn.pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(download.path()).pages)
    assert f"Rowan Primary School (URN 120001) · Autumn term {year}" in text and "In induction at the school in the term 2" in text
    for private in ("Quennell", "Isla", "Jago", *(p.induction.teacher.trn for p in periods)):
        assert private not in text
