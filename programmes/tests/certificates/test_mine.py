"""A participant's certificates page and the PDF download, and who may download."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.certificates.certificates import new_code
from programmes.models import Certificate, Event, EventInvitation, EventKind
from programmes.tests.factories import CertificateFactory, EventFactory
from registration.tests.factories import register

PDF = b"%PDF-1.4\nthe certificate\n"


pytestmark = pytest.mark.usefixtures("files_in_memory")


def make_event(title="Welcome conference", days_ago=10) -> Event:
    return EventFactory(title=title, kind=EventKind.CPD_SESSION, venue="Hub", capacity=None, days_ago=days_ago, hours=2)


def make_certificate(owner, *, title="Welcome conference", email=None, state=Certificate.State.RENDERED, awarded_on=date(2026, 9, 1),
                     event=None, **fields) -> Certificate:
    """A certificate row as the worker leaves it, with a tiny stand-in PDF (a real render is tested elsewhere)."""
    event = event or make_event(title)
    email = email or owner.email
    invitation = EventInvitation.objects.create(event=event, email=email, user=owner, attended_at=event.starts_at)
    return CertificateFactory(invitation=invitation, user=owner, recipient_name=owner.get_full_name(), title=title,
                              awarded_on=awarded_on, cpd_hours=Decimal("5.5"), render_state=state, pdf_bytes=PDF,
                              pdf_name="certificate.pdf", **fields)


def download_url(certificate) -> str:
    return reverse("programmes:certificate_download", args=[certificate.public_id])


# The list

@pytest.mark.django_db
def test_my_certificates_lists_mine_newest_first_with_their_state(client, ect, mentor, hub_staff, as_user):
    older = make_certificate(ect, title="Autumn network meeting", awarded_on=date(2025, 11, 5))
    newer = make_certificate(ect, title="Welcome conference", awarded_on=date(2026, 9, 1))
    make_certificate(ect, title="Mentor briefing", state=Certificate.State.QUEUED)
    make_certificate(ect, title="Phonics session", state=Certificate.State.FAILED, render_error="OSError: the disk is full")
    revoked = make_certificate(ect, title="Issued in error", revoked_at=timezone.now(), revoked_by=hub_staff,
                               revocation_reason="Not present")
    make_certificate(mentor, title="Someone else's day")

    page = as_user(ect).get(reverse("programmes:my_certificates")).content.decode()
    assert "Someone else" not in page
    assert page.index("Welcome conference") < page.index("Autumn network meeting")
    assert "1 September 2026" in page and "5.5" in page and newer.code in page
    assert download_url(newer) in page and download_url(older) in page
    assert page.count("Being prepared") == 2
    # The failure is for hub staff to fix; the participant is not shown why.
    assert "disk is full" not in page and "Failed" not in page
    assert "Revoked" in page and download_url(revoked) not in page and "Not present" not in page
    assert page.count("Download PDF") == 2
    assert reverse("programmes:certificate_verify") in page
    assert 'aria-current="page">Certificates</a>' in page  # the sub navigation marks where they are


@pytest.mark.django_db
def test_certificates_found_by_teacher_record_and_by_email(client, ect, school_a, tutor_a, as_user):
    period = register(school_a, tutor_a)
    period.teacher.user = ect
    period.teacher.save()
    event = make_event("By my teacher record")
    invitation = EventInvitation.objects.create(event=event, email=period.teacher.email, teacher=period.teacher, attended_at=event.starts_at)
    Certificate.objects.create(
        kind=Certificate.Kind.ATTENDANCE, invitation=invitation, teacher=period.teacher, email=period.teacher.email,
        recipient_name="Erin Early", title="By my teacher record", statement="attended", awarded_on=date(2026, 9, 1),
        issuer="Hub", code=new_code(),
    )
    other = make_event("By my address")
    invitation = EventInvitation.objects.create(event=other, email=ect.email.upper(), attended_at=other.starts_at)
    Certificate.objects.create(
        kind=Certificate.Kind.ATTENDANCE, invitation=invitation, email=ect.email.upper(), recipient_name="Erin Early",
        title="By my address", statement="attended", awarded_on=date(2026, 9, 1), issuer="Hub", code=new_code(),
    )
    page = as_user(ect).get(reverse("programmes:my_certificates")).content.decode()
    assert "By my teacher record" in page and "By my address" in page


@pytest.mark.django_db
def test_no_certificates_yet_says_when_they_come(client, no_role_user, as_user):
    page = as_user(no_role_user).get(reverse("programmes:my_certificates")).content.decode()
    assert "You have no certificates yet" in page and "after you attend an event" in page
    assert "<table" not in page


@pytest.mark.django_db
def test_my_certificates_needs_sign_in_and_get(client, ect, as_user):
    url = reverse("programmes:my_certificates")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert as_user(ect).post(url).status_code == 405


@pytest.mark.django_db
def test_my_certificates_takes_as_many_queries_for_thirty_as_for_one(client, ect, django_assert_max_num_queries, as_user):
    event = make_event("Many")
    make_certificate(ect, title="Many", email="ect+0@example.org", event=event)
    as_user(ect)
    url = reverse("programmes:my_certificates")
    # Session, user, roles (navigation), certificates.
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    for number in range(1, 30):
        make_certificate(ect, title="Many", email=f"ect+{number}@example.org", event=event)
    with django_assert_max_num_queries(4):
        page = client.get(url).content.decode()
    assert page.count("Download PDF") == 30


# The download

@pytest.mark.django_db
def test_only_the_owner_and_hub_staff_download(client, ect, mentor, tutor_a, tutor_b, hub_staff, ab_staff, as_user):
    certificate = make_certificate(ect)
    url = download_url(certificate)
    for reader in (ect, hub_staff):
        response = as_user(reader).get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="certificate-{certificate.code}.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
    # Another participant, the tutors of either school, AB staff, and anonymous: no such file.
    for outsider in (mentor, tutor_a, tutor_b, ab_staff, None):
        assert as_user(outsider).get(url).status_code == 404, outsider
    assert as_user(ect).post(url).status_code == 405


@pytest.mark.django_db
def test_a_revoked_certificate_is_for_hub_staff_only(client, ect, hub_staff, as_user):
    certificate = make_certificate(ect, revoked_at=timezone.now(), revoked_by=hub_staff, revocation_reason="Issued in error")
    assert as_user(ect).get(download_url(certificate)).status_code == 404
    response = as_user(hub_staff).get(download_url(certificate))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_a_certificate_not_yet_rendered_has_no_download(client, ect, hub_staff, as_user):
    certificate = make_certificate(ect, state=Certificate.State.QUEUED)
    for reader in (ect, hub_staff):
        assert as_user(reader).get(download_url(certificate)).status_code == 404, reader


@pytest.mark.django_db
def test_an_unknown_certificate_is_404(client, hub_staff, as_user):
    url = reverse("programmes:certificate_download", args=["00000000-0000-4000-8000-000000000000"])
    assert as_user(hub_staff).get(url).status_code == 404
