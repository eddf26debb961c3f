"""The governors' termly report page and its PDF (REC-005): what they show, what they never show, and who reads them."""

import io

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from appropriate_body.governors.pdf import render_governors_report_pdf

from .test_governors_report import _ects_with_reviews
from .world import AUTUMN_2026, EVIDENCE, SEEN_ON, SUPPORT_PLAN, build, report_of

pytestmark = pytest.mark.django_db

TERM = "?term=2026-autumn"


@pytest.fixture(autouse=True)
def seen_on(monkeypatch):
    """Today is 10 January 2027; the local date of any other moment is as it was."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, *args: SEEN_ON if value is None else real(value, *args))


@pytest.fixture
def world(school_a, school_b, tutor_a, tutor_b, ab_staff):
    return build(school_a, school_b, tutor_a, tutor_b, ab_staff)


def page_url(school):
    return reverse("appropriate_body:governors_report", args=[school.urn])


def pdf_url(school):
    return reverse("appropriate_body:governors_report_pdf", args=[school.urn])


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def assert_no_individual(text: str, world) -> None:
    for period in world.periods + [world.other_school]:
        teacher = period.induction.teacher
        for private in (teacher.first_name, teacher.last_name, teacher.trn, teacher.email):
            assert private not in text
    assert EVIDENCE not in text and SUPPORT_PLAN not in text and "Lesson observations" not in text


def summary(html: str) -> str:
    return " ".join(html.split())


def test_the_headteacher_reads_the_term_s_figures(as_user, world, school_a, headteacher_a):
    response = as_user(headteacher_a).get(page_url(school_a) + TERM)
    assert response.status_code == 200
    html = summary(response.content.decode())
    assert "Induction report for governors" in html and "Autumn term 2026" in html
    for label, figure in [("In induction at the school in the term", 4), ("In year 1 when the term began", 3),
                          ("On track at their latest review or assessment", 2), ("Not on track at their latest review or assessment", 1),
                          ("Done by the due date", 2), ("Done late", 1), ("Not done and overdue", 1),
                          ("CPD hours at the hub&#x27;s sessions", "8.5")]:
        assert f'{label}</dt><dd class="govuk-summary-list__value">{figure}</dd>' in html
    assert f'href="{pdf_url(school_a)}?term=2026-autumn"' in html
    assert_no_individual(response.content.decode(), world)


def test_the_term_picker_offers_this_term_and_earlier_ones(as_user, world, school_a, tutor_a):
    html = as_user(tutor_a).get(page_url(school_a)).content.decode()
    # With no term asked for, the term today is in (spring 2027), not over yet.
    assert '<option value="2026-spring" selected>Spring term 2027</option>' in html
    assert '<option value="2026-autumn">Autumn term 2026</option>' in html and "2027-summer" not in html
    assert "The term is not over" in html


def test_the_pdf_holds_the_figures_and_no_individual(as_user, world, school_a, tutor_a, settings):
    response = as_user(tutor_a).get(pdf_url(school_a) + TERM)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="induction-report-110001-2026-autumn.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = text_of(response.content)
    assert settings.HUB_NAME.upper() in text and "Alder Primary School (URN 110001) · Autumn term 2026" in text
    assert "In induction at the school in the term 4" in text and "Not on track at their latest review or assessment 1" in text
    assert "Done late 1" in text and "CPD hours at the hub's sessions 8.5" in text and "Printed 10 January 2027" in text
    assert "Page 1 of 1" in text
    assert_no_individual(text, world)


def test_the_pdf_is_tagged_for_accessibility(world, school_a):
    """PDF/UA-1, as the certificates: marked, its language, its title shown."""
    pdf = render_governors_report_pdf(report_of(school_a, AUTUMN_2026, today=SEEN_ON), printed_on=SEEN_ON)
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.MarkInfo.Marked is True and str(document.Root.Lang) == "en-GB"
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        with document.open_metadata() as metadata:
            assert metadata["pdfuaid:part"] == "1"
            assert metadata["dc:title"] == "Induction report for governors: Alder Primary School, Autumn term 2026"


@pytest.mark.parametrize("role", ["hub_staff", "ab_staff"])
def test_hub_and_ab_staff_read_any_school_s(as_user, cast, world, school_b, role):
    assert as_user(cast[role]).get(page_url(school_b) + TERM).status_code == 200
    assert as_user(cast[role]).get(pdf_url(school_b) + TERM).status_code == 200


@pytest.mark.parametrize("role", ["tutor_b", "ect", "mentor", "facilitator", "no_role"])
def test_nobody_else_reads_school_a_s(as_user, cast, world, school_a, role):
    assert as_user(cast[role]).get(page_url(school_a)).status_code == 404
    assert as_user(cast[role]).get(pdf_url(school_a)).status_code == 404


def test_the_school_s_own_ect_does_not_read_it(as_user, world, school_a):
    from appropriate_body.tests.factories import ect_account

    own = ect_account(world.periods[0])
    assert as_user(own).get(page_url(school_a)).status_code == 404


def test_signed_out_is_sent_to_sign_in_and_other_methods_refused(as_user, school_a, tutor_a):
    response = as_user(None).get(page_url(school_a))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert as_user(tutor_a).post(page_url(school_a)).status_code == 405
    assert as_user(tutor_a).post(pdf_url(school_a)).status_code == 405


def test_an_unknown_school_is_404(as_user, ab_staff):
    assert as_user(ab_staff).get(reverse("appropriate_body:governors_report", args=[999999])).status_code == 404


def test_the_page_s_queries_do_not_grow_with_the_ects(as_user, school_a, headteacher_a):
    client = as_user(headteacher_a)
    client.get(page_url(school_a) + TERM)  # the session and the user's roles, as on any later page
    counts = []
    for count in (1, 19):
        _ects_with_reviews(school_a, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(school_a) + TERM)
        counts.append(len(queries))
    # 1 ECT, then 20.
    assert 'In induction at the school in the term</dt><dd class="govuk-summary-list__value">20</dd>' in summary(response.content.decode())
    assert counts[0] == counts[1] <= 12


def test_the_school_s_pages_link_to_it(as_user, world, school_a, tutor_a, headteacher_a, ab_staff):
    link = f'href="{page_url(school_a)}"'
    assert link in as_user(tutor_a).get(reverse("participants:school_detail", args=[school_a.urn])).content.decode()
    assert link in as_user(ab_staff).get(reverse("participants:school_detail", args=[school_a.urn])).content.decode()
    assert link in as_user(headteacher_a).get(reverse("home")).content.decode()
    assert link in as_user(headteacher_a).get(reverse("appropriate_body:school_inductions", args=[school_a.urn])).content.decode()
