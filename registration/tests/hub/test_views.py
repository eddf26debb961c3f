"""The hub-wide ECT registrations list and its CSV and XLSX exports (issue 3, item 7)."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.models import Claim
from participants.models import LeadProvider, LeavingReason, School, TrainingProgramme, WorkingPattern
from participants.tests.factories import SchoolFactory
from programmes.cohorts.cohorts import cohort_for
from programmes.models import CohortStage, Enrolment, Strand
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details, register

LIST = reverse("participants:registration_list")
CSV = reverse("participants:registration_export_csv")
XLSX = reverse("participants:registration_export_xlsx")

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_c(db):
    return SchoolFactory(urn=120003, name="Cedar Church of England Academy", local_authority="Leicestershire", district="Blaby")


def with_mentor(period, actor):
    mentor = register_mentor(period.school, mentor_details(), actor=actor, today=date(2026, 9, 2))
    assign_mentor(period, mentor, actor=actor, today=date(2026, 9, 2))
    return period


def decide(period, status, reason=""):
    Claim.objects.filter(ect_period=period).update(status=status, status_reason=reason, decided_at=timezone.now())
    refresh_claim_state([period.pk])


@pytest.fixture
def spread(school_a, school_b, school_c, hub_staff):
    """One registration in each state, across three schools in two local authorities."""
    today = timezone.localdate()
    periods = {}
    periods["no_mentor"] = register(school_a, hub_staff, first_name="Nora", last_name="Nomentor")
    periods["rejected"] = with_mentor(register(school_a, hub_staff, first_name="Rita", last_name="Rejected"), hub_staff)
    decide(periods["rejected"], Claim.Status.REJECTED, "The start date is before QTS was awarded")
    periods["pending"] = with_mentor(register(school_b, hub_staff, first_name="Pat", last_name="Pending"), hub_staff)
    periods["registered"] = with_mentor(
        register(school_c, hub_staff, first_name="Reg", last_name="Istered", working_pattern=WorkingPattern.PART_TIME,
                 fte=Decimal("0.60"), training_programme=TrainingProgramme.PROVIDER_LED,
                 lead_provider_id=LeadProvider.objects.get(name="Teach First").pk),
        hub_staff,
    )
    decide(periods["registered"], Claim.Status.ACCEPTED)
    periods["leaving"] = register(school_b, hub_staff, first_name="Lee", last_name="Leaving")
    periods["left"] = register(school_c, hub_staff, first_name="Lef", last_name="Tbehind")
    periods["completed"] = register(school_a, hub_staff, first_name="Cora", last_name="Completed",
                                    started_on=date(2024, 9, 2), today=date(2024, 8, 20))
    for key, finished_on, reason in (
        ("leaving", today + timedelta(days=30), LeavingReason.LEFT_SCHOOL),
        ("left", today - timedelta(days=3), LeavingReason.LEFT_SCHOOL),
        ("completed", today - timedelta(days=100), LeavingReason.COMPLETED_INDUCTION),
    ):
        type(periods[key]).objects.filter(pk=periods[key].pk).update(finished_on=finished_on, leaving_reason=reason)
    return periods


def names_in(response) -> set[str]:
    return {period.teacher.last_name for period in response.context["page"]}


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


# Access -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [LIST, CSV, XLSX])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [LIST, CSV, XLSX])
@pytest.mark.parametrize("role", ["tutor_a", "tutor_b", "ect", "mentor", "npq_participant", "facilitator", "no_role"])
def test_everyone_but_hub_and_ab_staff_gets_404(client, cast, spread, url, role):
    client.force_login(cast[role])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [LIST, CSV, XLSX])
def test_post_is_not_allowed(client, hub_staff, url):
    client.force_login(hub_staff)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("role", ["hub_staff", "ab_staff"])
def test_hub_and_ab_staff_see_every_school(client, cast, spread, role):
    client.force_login(cast[role])
    response = client.get(LIST)
    assert response.status_code == 200
    assert names_in(response) == {p.teacher.last_name for p in spread.values()}
    assert response.context["page"].paginator.count == 7
    assert "7 registrations" in " ".join(response.content.decode().split()).replace("<strong>", "").replace("</strong>", "")


# The list ---------------------------------------------------------------------------------------

def test_list_is_in_name_order(client, hub_staff, spread):
    client.force_login(hub_staff)
    shown = [period.teacher.last_name for period in client.get(LIST).context["page"]]
    assert shown == sorted(p.teacher.last_name for p in spread.values())
    # A page number that is not one shows the nearest page rather than failing.
    assert client.get(LIST, {"page": "99"}).status_code == 200
    assert client.get(LIST, {"page": "x"}).context["page"].number == 1


def test_list_shows_each_registrations_facts_and_status(client, hub_staff, spread):
    client.force_login(hub_staff)
    html = client.get(LIST).content.decode()
    registered = spread["registered"]
    assert registered.teacher.trn in html
    assert "Cedar Church of England Academy" in html and "(URN 120003)" in html
    assert "Leicestershire" in html and "Blaby" in html
    assert "Provider-led" in html and "Teach First" in html
    assert registered.mentor.teacher.full_name in html
    assert "2026/27 Year 1" in html
    # Year 1 two years ago: the cohort shown is the teacher's latest ECTE enrolment.
    assert "2024/25 Year 1" in html
    for label in ("Action required: assign a mentor", "Action required: resolve the AB claim", "Pending AB",
                  "Registered", "Leaving", "Left", "Completed"):
        assert f">{label}</strong>" in html, label


def test_each_row_links_to_the_ect_record(client, hub_staff, spread):
    client.force_login(hub_staff)
    html = client.get(LIST).content.decode()
    for period in spread.values():
        url = reverse("participants:ect_detail", kwargs={"urn": period.school.urn, "ect": period.public_id})
        assert f'href="{url}"' in html, period.teacher.full_name


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "action_required"}, {"Nomentor", "Rejected"}),
        ({"status": "pending_ab"}, {"Pending"}),
        ({"status": "registered"}, {"Istered"}),
        ({"status": "leaving"}, {"Leaving"}),
        ({"status": "left"}, {"Tbehind"}),
        ({"status": "completed"}, {"Completed"}),
        ({"school": "110002"}, {"Pending", "Leaving"}),
        ({"school": "cedar church"}, {"Istered", "Tbehind"}),
        ({"local_authority": "Leicestershire"}, {"Istered", "Tbehind"}),
        ({"district": "Stroud"}, {"Nomentor", "Rejected", "Completed", "Pending", "Leaving"}),
        ({"q": "rita"}, {"Rejected"}),
        ({"q": "Cora Completed"}, {"Completed"}),
        ({"local_authority": "Gloucestershire", "status": "action_required", "school": "Alder"}, {"Nomentor", "Rejected"}),
    ],
)
def test_filters(client, hub_staff, spread, params, expected):
    client.force_login(hub_staff)
    response = client.get(LIST, params)
    assert not response.context["form"].errors
    assert names_in(response) == expected
    assert response.context["page"].paginator.count == len(expected)


def test_cohort_filter_goes_through_enrolments(client, hub_staff, spread):
    year_1_2024 = cohort_for(Strand.ECTE, 2024, CohortStage.YEAR_1)
    year_2_2026 = cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_2)
    Enrolment.objects.create(cohort=year_2_2026, teacher=spread["left"].teacher, enrolled_on=date(2026, 9, 1))
    client.force_login(hub_staff)
    assert names_in(client.get(LIST, {"cohort": year_1_2024.pk})) == {"Completed"}
    assert names_in(client.get(LIST, {"cohort": year_2_2026.pk})) == {"Tbehind"}
    options = client.get(LIST).context["form"].fields["cohort"]
    assert {label for _, label in options.choices} >= {"Any cohort", "2024/25 Year 1", "2026/27 Year 1", "2026/27 Year 2"}


def test_a_seven_digit_trn_takes_precedence_over_text(client, hub_staff, spread):
    # ID-TRN-006: the name "Nora" would match another teacher; the TRN decides.
    client.force_login(hub_staff)
    trn = spread["pending"].teacher.trn
    assert names_in(client.get(LIST, {"q": f"Nora {trn}"})) == {"Pending"}
    assert names_in(client.get(LIST, {"q": trn[:4]})) == {p.teacher.last_name for p in spread.values()
                                                          if p.teacher.trn.startswith(trn[:4])}


def test_filter_selects_offer_the_schools_places(client, hub_staff, spread):
    client.force_login(hub_staff)
    form = client.get(LIST).context["form"]
    assert [value for value, _ in form.fields["local_authority"].choices] == ["", "Gloucestershire", "Leicestershire"]
    assert [value for value, _ in form.fields["district"].choices] == ["", "Blaby", "Stroud"]
    html = client.get(LIST).content.decode()
    for field in ("q", "school", "local_authority", "district", "cohort", "status"):
        assert f'for="id_{field}"' in html, field


def test_a_bad_filter_value_is_named_on_its_field(client, hub_staff, spread):
    client.force_login(hub_staff)
    response = client.get(LIST, {"status": "lost", "local_authority": "Atlantis", "cohort": "99999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["status"] == ["Select a status from the list"]
    assert form.errors["local_authority"] == ["Select a local authority from the list"]
    assert form.errors["cohort"] == ["Select an ECTE cohort from the list"]
    html = response.content.decode()
    assert "<title>Error: ECT registrations" in html
    assert 'href="#id_status">Select a status from the list</a>' in html
    assert 'aria-describedby="id_status_1_error"' in html and 'id="id_status_1_error"' in html


def test_pages_of_fifty_keep_the_filters(client, hub_staff, school_a):
    for _ in range(51):
        register(school_a, hub_staff)
    client.force_login(hub_staff)
    first = client.get(LIST, {"school": "110001"})
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 51
    html = first.content.decode()
    assert 'href="?school=110001&amp;page=2"' in html
    second = client.get(LIST, {"school": "110001", "page": 2})
    assert len(second.context["page"]) == 1
    assert 'aria-current="page"' in second.content.decode()


def test_export_links_carry_the_filters_but_not_the_page(client, hub_staff, spread):
    client.force_login(hub_staff)
    html = client.get(LIST, {"status": "pending_ab", "page": "1"}).content.decode()
    assert f'href="{CSV}?status=pending_ab"' in html
    assert f'href="{XLSX}?status=pending_ab"' in html


@pytest.mark.parametrize("role, shown", [("hub_staff", True), ("ab_staff", True), ("tutor_a", False), ("ect", False)])
def test_navigation_links_to_the_list_for_hub_and_ab_staff(client, cast, role, shown):
    client.force_login(cast[role])
    # The list is a page of the "Schools" section: its sub navigation names it for those who may open it.
    assert (f'href="{LIST}"' in client.get(reverse("participants:school_list")).content.decode()) is shown
    if shown:
        assert f'href="{LIST}" aria-current="page">Registrations</a>' in client.get(LIST).content.decode()


# Exports ----------------------------------------------------------------------------------------

def test_csv_export_holds_exactly_the_filtered_rows(client, hub_staff, spread):
    client.force_login(hub_staff)
    response = client.get(CSV, {"status": "action_required"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="ect-registrations-{timezone.localdate():%Y-%m-%d}.csv"'
    rows = csv_rows(response)
    assert sorted(row["Teacher"] for row in rows) == ["Nora Nomentor", "Rita Rejected"]
    rejected = next(row for row in rows if row["Teacher"] == "Rita Rejected")
    assert rejected["Status"] == "Action required: resolve the AB claim"
    assert rejected["AB claim status"] == "Rejected"
    assert rejected["Mentor"] == spread["rejected"].mentor.teacher.full_name


def test_csv_export_columns(client, hub_staff, spread):
    client.force_login(hub_staff)
    rows = csv_rows(client.get(CSV))
    assert len(rows) == 7
    assert list(rows[0]) == [
        "Teacher", "TRN", "Email", "School", "URN", "Local authority", "District", "Start date", "Finish date",
        "ECTE cohort", "Training programme", "Lead provider", "Working pattern", "FTE", "Mentor", "Status",
        "AB claim status",
    ]
    registered = next(row for row in rows if row["Teacher"] == "Reg Istered")
    period = spread["registered"]
    assert registered == {
        "Teacher": "Reg Istered", "TRN": period.teacher.trn, "Email": period.teacher.email,
        "School": "Cedar Church of England Academy", "URN": "120003", "Local authority": "Leicestershire",
        "District": "Blaby", "Start date": "2026-09-01", "Finish date": "", "ECTE cohort": "2026/27 Year 1",
        "Training programme": "Provider-led", "Lead provider": "Teach First", "Working pattern": "Part time",
        "FTE": "0.60", "Mentor": period.mentor.teacher.full_name, "Status": "Registered", "AB claim status": "Accepted",
    }


def test_names_never_become_formulas_in_either_export(client, hub_staff, school_a):
    register(school_a, hub_staff, corrected_name="=HYPERLINK(\"http://evil.example\",\"x\")")
    client.force_login(hub_staff)
    rows = csv_rows(client.get(CSV))
    assert rows[0]["Teacher"].startswith("'=HYPERLINK")
    sheet = load_workbook(io.BytesIO(client.get(XLSX).getvalue())).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value.startswith("'=HYPERLINK") and cell.data_type == "s"


def test_xlsx_export_holds_the_filtered_rows(client, ab_staff, spread):
    client.force_login(ab_staff)
    response = client.get(XLSX, {"local_authority": "Leicestershire"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ect-registrations-{timezone.localdate():%Y-%m-%d}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Teacher", "TRN", "Email")
    assert sorted(row[0] for row in rows[1:]) == ["Lef Tbehind", "Reg Istered"]
    left = next(row for row in rows[1:] if row[0] == "Lef Tbehind")
    assert left[15] == "Left"


# Query counts -----------------------------------------------------------------------------------

def bulk_registrations(count: int, actor) -> None:
    """`count` registrations with mentors, claims and enrolments, across several schools."""
    schools = [SchoolFactory(local_authority=f"LA {n % 3}", district=f"District {n % 4}") for n in range(6)]
    for n in range(count):
        period = register(schools[n % len(schools)], actor)
        if n % 2:
            with_mentor(period, actor)
        if n % 3 == 0:
            decide(period, Claim.Status.ACCEPTED)


# Session, user, roles, the staff-MFA check, the filters' places and cohorts, the count, the page's ids, its rows.
LIST_QUERIES = 9
# Session, user, roles, the staff-MFA check, the filters' places, the cohort the filter names, the rows.
EXPORT_QUERIES = 7


@pytest.mark.parametrize("count", [1, 60])
def test_list_queries_do_not_grow_with_rows(client, hub_staff, django_assert_max_num_queries, count):
    bulk_registrations(count, hub_staff)
    cohort = cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)
    client.force_login(hub_staff)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(response.context["page"]) == min(count, 50)
    with django_assert_max_num_queries(LIST_QUERIES + 1):
        response = client.get(LIST, {"cohort": cohort.pk, "status": "action_required", "q": "Ada"})
    assert response.context["page"].paginator.count > 0


@pytest.mark.parametrize("url", [CSV, XLSX])
@pytest.mark.parametrize("count", [1, 60])
def test_export_queries_do_not_grow_with_rows(client, hub_staff, django_assert_max_num_queries, url, count):
    bulk_registrations(count, hub_staff)
    cohort = cohort_for(Strand.ECTE, 2026, CohortStage.YEAR_1)
    client.force_login(hub_staff)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = client.get(url, {"cohort": cohort.pk})
        # A CSV streams: its rows are queried as the file is read.
        content = response.getvalue()
    assert response.status_code == 200
    if url == CSV:
        assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == count
    else:
        assert load_workbook(io.BytesIO(content)).active.max_row == count + 1


def test_schools_without_a_place_add_no_blank_choice(client, hub_staff, spread):
    School.objects.create(urn=130001, name="No Place School")
    client.force_login(hub_staff)
    form = client.get(LIST).context["form"]
    assert [value for value, _ in form.fields["local_authority"].choices].count("") == 1
