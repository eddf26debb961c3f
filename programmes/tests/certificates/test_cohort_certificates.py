"""Programme completion certificates: the cohort list, ticking who completed, and issuing theirs."""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.tests.factories import TeacherFactory
from programmes.certificates.certificates import new_code
from programmes.models import Certificate, Cohort, CohortStage, Enrolment, Programme, RenderState, Strand
from programmes.tests.factories import EnrolmentFactory
from programmes.tests.pages import page_text

OUTSIDERS = ["tutor_a", "ect", "facilitator"]
YEAR = 2025


def programme(slug="ecte", strand=Strand.ECTE, name="Early career teacher entitlement") -> Programme:
    return Programme.objects.get_or_create(slug=slug, defaults={"strand": strand, "name": name})[0]


def make_cohort(stage=CohortStage.YEAR_1, year=YEAR, **programme_fields) -> Cohort:
    return Cohort.objects.create(programme=programme(**programme_fields), academic_year=year, stage=stage)


def enrol(cohort, first, last, *, school=None, status=Enrolment.Status.ACTIVE) -> Enrolment:
    teacher = TeacherFactory(first_name=first, last_name=last, email=f"{first}.{last}@example.org".lower())
    return EnrolmentFactory(cohort=cohort, teacher=teacher, school=school, status=status, enrolled_on=date(YEAR, 9, 1))


@pytest.fixture
def cohort(school_a):
    """ECTE Year 1: Ada and Bo active, Cy withdrawn."""
    cohort = make_cohort()
    for first, last, status in [("Ada", "Lovelace", Enrolment.Status.ACTIVE), ("Bo", "Diddley", Enrolment.Status.ACTIVE),
                                ("Cy", "Twombly", Enrolment.Status.WITHDRAWN)]:
        enrol(cohort, first, last, school=school_a, status=status)
    return cohort


def cohort_url(cohort, name="cohort_certificates", stage="year-1"):
    return reverse(f"programmes:{name}", kwargs={"programme": cohort.programme.slug, "year": cohort.academic_year, "stage": stage})


def completion_data(enrolments=(), *, day=None, cpd_hours="12", **extra) -> dict:
    day = day or timezone.localdate()
    data = {"enrolments": [e.pk for e in enrolments], "awarded_on_0": day.day, "awarded_on_1": day.month,
            "awarded_on_2": day.year, "cpd_hours": cpd_hours}
    data.update(extra)
    return data


def enrolment(cohort, first) -> Enrolment:
    return cohort.enrolments.get(teacher__first_name=first)


# Who may

@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_hub_staff_see_the_pages(client, cast, role, cohort, as_user):
    for path in [reverse("programmes:cohort_list"), cohort_url(cohort), cohort_url(cohort, "cohort_certificates_progress")]:
        assert as_user(cast[role]).get(path).status_code == 404
        response = as_user(None).get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert as_user(cast["hub_staff"]).get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_issue(client, cast, role, cohort, queued, as_user):
    response = as_user(cast[role]).post(cohort_url(cohort), completion_data(cohort.enrolments.all()))
    assert response.status_code == 404
    assert not Certificate.objects.exists() and not queued
    assert not cohort.enrolments.filter(status=Enrolment.Status.COMPLETED).exists()


@pytest.mark.django_db
def test_wrong_methods(client, hub_staff, cohort, as_user):
    as_user(hub_staff)
    assert client.put(cohort_url(cohort)).status_code == 405
    assert client.post(cohort_url(cohort, "cohort_certificates_progress")).status_code == 405
    assert client.post(reverse("programmes:cohort_list")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("programme_slug, year, stage", [
    ("ecte", YEAR, "year-2"), ("ecte", YEAR, "all"), ("ecte", YEAR + 1, "year-1"), ("npq", YEAR, "year-1"), ("ecte", YEAR, "year_1"),
])
def test_an_unknown_cohort_is_not_found(client, hub_staff, cohort, programme_slug, year, stage, as_user):
    path = reverse("programmes:cohort_certificates", kwargs={"programme": programme_slug, "year": year, "stage": stage})
    assert as_user(hub_staff).get(path).status_code == 404


@pytest.mark.django_db
def test_the_stage_slugs_name_their_cohorts(client, hub_staff, as_user):
    year_2 = make_cohort(stage=CohortStage.YEAR_2)
    whole = make_cohort(stage=CohortStage.NONE, slug="npq-leading-teaching", strand=Strand.NPQ, name="NPQ in Leading Teaching")
    as_user(hub_staff)
    assert "Early career teacher entitlement 2025/26 Year 2" in page_text(client.get(cohort_url(year_2, stage="year-2")))
    assert "NPQ in Leading Teaching 2025/26" in page_text(client.get(cohort_url(whole, stage="all")))


@pytest.mark.django_db
def test_a_year_with_autumn_and_spring_intakes_names_each_intake(client, hub_staff, as_user):
    """NPQs start in autumn and spring of one academic year: each intake is its own page, linked from the list."""
    autumn = make_cohort(stage=CohortStage.NONE, slug="npq-senco", strand=Strand.NPQ, name="NPQ for SENCOs")
    autumn.intake = "autumn"
    autumn.save()
    spring = Cohort.objects.create(programme=autumn.programme, academic_year=YEAR, intake="spring")
    enrol(spring, "Sam", "Spring")
    as_user(hub_staff)
    listing = page_text(client.get(reverse("programmes:cohort_list")))
    for cohort, part in [(autumn, "autumn"), (spring, "spring")]:
        assert f'href="{cohort_url(cohort, stage=part)}"' in listing
        response = client.get(cohort_url(cohort, stage=part))
        assert response.status_code == 200 and response.context["cohort"] == cohort
        assert client.get(cohort_url(cohort, "cohort_certificates_progress", stage=part)).status_code == 200
    assert "Spring" in page_text(client.get(cohort_url(spring, stage="spring")))
    assert client.get(cohort_url(spring, stage="all")).status_code == 404


# The list of cohorts

@pytest.mark.django_db
def test_the_cohort_list_counts_enrolments_completions_and_certificates(client, hub_staff, cohort, as_user):
    ada = enrolment(cohort, "Ada")
    Enrolment.objects.filter(pk=ada.pk).update(status=Enrolment.Status.COMPLETED)
    Certificate.objects.create(
        kind=Certificate.Kind.COMPLETION, enrolment=ada, teacher=ada.teacher, email=ada.teacher.email, recipient_name="Ada Lovelace",
        title="x", statement="completed", awarded_on=date(2026, 7, 20), issuer="Hub", code=new_code(),
    )
    make_cohort(stage=CohortStage.YEAR_2)
    text = page_text(as_user(hub_staff).get(reverse("programmes:cohort_list")))
    assert f'href="{cohort_url(cohort)}"' in text
    # Ada and Bo enrolled (Cy withdrew), Ada completed and certified; the empty Year 2 shows zeros.
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert f"Year 1</a></th> {cell}2</td> {cell}1</td> {cell}1</td>" in text
    assert f"Year 2</a></th> {cell}0</td> {cell}0</td> {cell}0</td>" in text


@pytest.mark.django_db
def test_the_cohort_list_costs_the_same_queries_for_1_or_many_cohorts(client, hub_staff, cohort, django_assert_max_num_queries, as_user):
    as_user(hub_staff)
    client.get(reverse("programmes:cohort_list"))
    with django_assert_max_num_queries(8) as one:
        client.get(reverse("programmes:cohort_list"))
    for year in range(2010, 2024):
        other = make_cohort(year=year, stage=CohortStage.YEAR_2)
        enrol(other, "Many", f"Person{year}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("programmes:cohort_list"))
    assert page_text(response).count("Year 2</a>") == 14


# One cohort

@pytest.mark.django_db
def test_the_cohort_page_lists_who_can_complete_with_their_certificates(client, hub_staff, cohort, school_a, as_user):
    bo = enrolment(cohort, "Bo")
    certificate = Certificate.objects.create(
        kind=Certificate.Kind.COMPLETION, enrolment=bo, teacher=bo.teacher, email=bo.teacher.email, recipient_name="Bo Diddley",
        title="x", statement="completed", awarded_on=date(2026, 7, 20), issuer="Hub", code=new_code(),
        render_state=RenderState.FAILED, render_error="Font missing",
    )
    response = as_user(hub_staff).get(cohort_url(cohort))
    text = page_text(response)
    assert "Ada Lovelace" in text and school_a.name in text and "Active" in text
    assert "Cy Twombly" not in text  # withdrawn
    assert f'value="{enrolment(cohort, "Ada").pk}"' in text and f'value="{bo.pk}"' not in text
    assert certificate.code in text and reverse("programmes:certificate_detail", args=[certificate.public_id]) in text
    assert "Font missing" in text
    today = timezone.localdate()
    assert f'name="awarded_on_0" id="id_awarded_on_0" value="{today.day}"' in text
    assert 'name="cpd_hours" value="0"' in text


@pytest.mark.django_db
def test_issuing_completion_certificates(client, hub_staff, cohort, queued, django_capture_on_commit_callbacks, as_user):
    ada, bo = enrolment(cohort, "Ada"), enrolment(cohort, "Bo")
    as_user(hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cohort_url(cohort), completion_data([ada, bo], day=date(2026, 7, 20)))
    assert response.status_code == 302 and response["Location"] == cohort_url(cohort)
    certificates = list(Certificate.objects.order_by("recipient_name"))
    assert [(c.recipient_name, c.awarded_on, str(c.cpd_hours)) for c in certificates] == [
        ("Ada Lovelace", date(2026, 7, 20), "12.0"), ("Bo Diddley", date(2026, 7, 20), "12.0"),
    ]
    assert queued.ids() == sorted(c.pk for c in certificates)
    assert set(cohort.enrolments.values_list("status", flat=True)) == {Enrolment.Status.COMPLETED, Enrolment.Status.WITHDRAWN}

    text = page_text(client.get(cohort_url(cohort)))
    assert "2 completion certificates are being made" in text
    assert "0 of 2 ready, 0 failed" in text and 'hx-trigger="every 2s"' in text
    assert "Everyone listed has a certificate" in text

    # Posting the same again issues nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cohort_url(cohort), completion_data([ada, bo]), follow=True)
    assert "Everyone chosen already has a certificate" in page_text(response)
    assert Certificate.objects.count() == 2 and len(queued.ids()) == 2


@pytest.mark.django_db
def test_everyone_ticks_all_without_a_certificate(client, hub_staff, cohort, queued, django_capture_on_commit_callbacks, as_user):
    as_user(hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cohort_url(cohort), completion_data(everyone="on"))
    assert response.status_code == 302
    assert sorted(Certificate.objects.values_list("recipient_name", flat=True)) == ["Ada Lovelace", "Bo Diddley"]


@pytest.mark.django_db
@pytest.mark.parametrize("data, field, message", [
    (lambda c: completion_data(), "enrolments", "Choose who completed the programme"),
    (lambda c: completion_data(c.enrolments.all()[:1], day=timezone.localdate() + timedelta(days=1)), "awarded_on_0",
     "The completion date cannot be in the future"),
    (lambda c: completion_data(c.enrolments.all()[:1], cpd_hours="-1"), "cpd_hours", "CPD hours cannot be negative"),
    (lambda c: completion_data(c.enrolments.all()[:1], cpd_hours="lots"), "cpd_hours", "Enter the CPD hours as a number"),
    (lambda c: {**completion_data(c.enrolments.all()[:1]), "awarded_on_1": "13"}, "awarded_on_0", "The completion date must be a real date"),
])
def test_errors_show_on_their_fields(client, hub_staff, cohort, queued, data, field, message, as_user):
    response = as_user(hub_staff).post(cohort_url(cohort), data(cohort))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert f'href="#id_{field}' in html and message in html
    assert not Certificate.objects.exists() and not queued


@pytest.mark.django_db
def test_someone_from_another_cohort_or_withdrawn_refuses_the_lot(client, hub_staff, cohort, queued, as_user):
    stranger = enrol(make_cohort(stage=CohortStage.YEAR_2), "Dee", "Dot")
    as_user(hub_staff)
    response = client.post(cohort_url(cohort), completion_data([enrolment(cohort, "Ada"), stranger]))
    assert response.status_code == 400 and "not (or no longer) in this cohort" in response.content.decode()
    response = client.post(cohort_url(cohort), completion_data([enrolment(cohort, "Ada"), enrolment(cohort, "Cy")]))
    assert response.status_code == 400 and "not (or no longer) in this cohort" in response.content.decode()
    assert not Certificate.objects.exists() and not queued


@pytest.mark.django_db
def test_the_cohort_progress_partial(client, hub_staff, cohort, as_user):
    ada = enrolment(cohort, "Ada")
    Certificate.objects.create(
        kind=Certificate.Kind.COMPLETION, enrolment=ada, teacher=ada.teacher, email=ada.teacher.email, recipient_name="Ada Lovelace",
        title="x", statement="completed", awarded_on=date(2026, 7, 20), issuer="Hub", code=new_code(),
    )
    as_user(hub_staff)
    progress = cohort_url(cohort, "cohort_certificates_progress")
    text = page_text(client.get(progress, HTTP_HX_REQUEST="true"))
    assert "0 of 1 ready, 0 failed" in text and f'hx-get="{progress}?' in text
    Certificate.objects.update(render_state=RenderState.RENDERED)
    text = page_text(client.get(progress))
    assert "1 of 1 ready, 0 failed" in text and "hx-get" not in text


@pytest.mark.django_db
def test_the_cohort_poll_brings_the_certificates_rows_and_leaves_the_ticks_alone(client, hub_staff, cohort, as_user,
                                                                                django_assert_max_num_queries):
    """Rows with a box to tick are never sent (a swap would lose the ticks); a certificate's row is, as it is made."""
    ada, bo = enrolment(cohort, "Ada"), enrolment(cohort, "Bo")
    certificate = Certificate.objects.create(
        kind=Certificate.Kind.COMPLETION, enrolment=ada, teacher=ada.teacher, email=ada.teacher.email, recipient_name="Ada Lovelace",
        title="x", statement="completed", awarded_on=date(2026, 7, 20), issuer="Hub", code=new_code(),
    )
    as_user(hub_staff)
    page = page_text(client.get(cohort_url(cohort)))
    assert f'id="certificate-row-{certificate.public_id}"' in page and f'value="{bo.pk}"' in page
    assert 'role="status" aria-live="polite"' in page
    poll = html.unescape(re.search(r'id="certificate-progress" hx-get="([^"]+)"', page).group(1))
    assert client.get(poll).status_code == 204

    Certificate.objects.update(render_state=RenderState.RENDERED, rendered_at=timezone.now())
    with django_assert_max_num_queries(8):
        text = page_text(client.get(poll))
    assert "1 of 1 ready, 0 failed. All done." in text and "hx-trigger" not in text
    row = re.search(rf'<tr [^>]*id="certificate-row-{certificate.public_id}" hx-swap-oob="true">.*?</tr>', text).group(0)
    assert ">Ready<" in row and "Ada Lovelace" in row and certificate.code in row and 'type="checkbox"' not in row
    assert "Bo Diddley" not in text and f'value="{bo.pk}"' not in text


@pytest.mark.django_db
def test_a_completion_certificate_page_leads_back_to_its_cohort(client, hub_staff, cohort, as_user):
    ada = enrolment(cohort, "Ada")
    certificate = Certificate.objects.create(
        kind=Certificate.Kind.COMPLETION, enrolment=ada, teacher=ada.teacher, email=ada.teacher.email, recipient_name="Ada Lovelace",
        title="Year 1 of the ECTE", statement="completed", awarded_on=date(2026, 7, 20), issuer="Hub", code=new_code(),
    )
    text = page_text(as_user(hub_staff).get(reverse("programmes:certificate_detail", args=[certificate.public_id])))
    assert "Completed Year 1 of the ECTE" in text and cohort.name in text
    assert f'href="{cohort_url(cohort)}"' in text
    assert "Download the PDF" not in text  # not rendered yet
