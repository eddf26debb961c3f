"""Issuing certificates: codes, who gets one, issuing twice, completion, revoking and re-issuing."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participants.tests.factories import SchoolFactory, TeacherFactory
from programmes.attendance.attendance import close_register, mark_attendance
from programmes.certificates.certificates import (
    CODE_ALPHABET,
    issue_completion_certificates,
    issue_event_certificates,
    new_code,
    normalise_code,
    progress_of,
    reissue_with_name,
    render_again,
    revoke,
    verify,
)
from programmes.models import Certificate, Cohort, CohortStage, Enrolment, Programme, RenderState, Strand
from programmes.tests.factories import EnrolmentFactory, EventFactory, invite


@pytest.fixture
def held_event(hub_staff, school_a):
    """An event that has happened: Ada and Bo were there, Cy was not."""
    event = EventFactory(title="ECT Welcome Conference 2026", cpd_hours=Decimal("5.5"))
    for first, last in [("Ada", "Lovelace"), ("Bo", "Diddley"), ("Cy", "Twombly")]:
        invitation = invite(event, first, last, school=school_a)
        if first != "Cy":
            mark_attendance(invitation, present=True, actor=hub_staff, now=timezone.now())
    return event


def close(event, actor):
    return close_register(event, actor=actor, now=timezone.now())


def test_codes_are_three_groups_of_four_from_the_unambiguous_alphabet():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
        assert not set(code) & set("01IO")


@pytest.mark.parametrize("typed", ["k7qm-4xdp-9hta", " K7QM 4XDP 9HTA ", "K7QM4XDP9HTA", "https://hub.example.org/certificates/verify/K7QM-4XDP-9HTA/"])
def test_a_code_is_recognised_however_it_is_typed_or_scanned(typed):
    assert normalise_code(typed) == "K7QM-4XDP-9HTA"


@pytest.mark.parametrize("typed", ["", "K7QM-4XDP-9HT", "K7QM-4XDP-9HTAA", "K7QM-4XDP-9HT0", "<script>", "K7QM-4XDP-9HTI"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert normalise_code(typed) is None
    assert verify(typed) is None


@pytest.mark.django_db
def test_certificates_go_to_everyone_marked_present_once_the_register_is_closed(held_event, hub_staff, queued, django_capture_on_commit_callbacks):
    close(held_event, hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        batch = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())

    certificates = list(batch.certificates.order_by("recipient_name"))
    assert [c.recipient_name for c in certificates] == ["Ada Lovelace", "Bo Diddley"]
    ada = certificates[0]
    assert ada.kind == Certificate.Kind.ATTENDANCE
    assert ada.title == "ECT Welcome Conference 2026" and ada.statement == "attended"
    assert ada.cpd_hours == Decimal("5.5")
    assert ada.awarded_on == timezone.localdate(held_event.starts_at)
    assert ada.email == "ada.lovelace@example.org"
    assert ada.issued_by == hub_staff and ada.issuer
    assert ada.render_state == RenderState.QUEUED
    assert sorted(id for chunk in queued for id in chunk) == sorted(c.pk for c in certificates)
    # The issue is in each certificate's history, with who did it.
    assert ada.history.get().history_type == "+"


@pytest.mark.django_db
def test_no_certificates_before_the_register_is_closed(held_event, hub_staff, queued):
    with pytest.raises(ValidationError, match="Close the register first"):
        issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())
    assert not Certificate.objects.exists() and not queued


@pytest.mark.django_db
def test_no_certificates_for_a_cancelled_event(held_event, hub_staff, queued):
    close(held_event, hub_staff)
    held_event.cancelled_at = timezone.now()
    held_event.save()
    with pytest.raises(ValidationError, match="cancelled"):
        issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_issuing_again_issues_nothing_twice_and_keeps_every_code(held_event, hub_staff, queued, django_capture_on_commit_callbacks):
    close(held_event, hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())
    codes = dict(Certificate.objects.values_list("pk", "code"))

    with django_capture_on_commit_callbacks(execute=True):
        again = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())

    assert again is None
    assert dict(Certificate.objects.values_list("pk", "code")) == codes
    assert len(queued) == 1


@pytest.mark.django_db
def test_the_name_is_the_teacher_records_with_the_schools_correction(held_event, hub_staff, queued):
    from participants.models import Teacher

    teacher = Teacher.objects.create(trn="1234567", first_name="Siobhan", last_name="O'Neill", corrected_name="Siobhán O'Neill-Ó Briain", email="s@example.org")
    invitation = invite(held_event, "Shiv", "Oneill", teacher=teacher)
    mark_attendance(invitation, present=True, actor=hub_staff, now=timezone.now())
    close(held_event, hub_staff)

    issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())

    assert Certificate.objects.get(invitation=invitation).recipient_name == "Siobhán O'Neill-Ó Briain"


@pytest.mark.django_db
def test_an_invitee_known_only_by_email_is_named_by_it(held_event, hub_staff, queued):
    from programmes.models import EventInvitation, Place

    invitation = EventInvitation.objects.create(event=held_event, email="guest@example.org", place=Place.CONFIRMED, response="accepted")
    mark_attendance(invitation, present=True, actor=hub_staff, now=timezone.now())
    close(held_event, hub_staff)
    issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())
    assert Certificate.objects.get(invitation=invitation).recipient_name == "guest@example.org"


@pytest.mark.django_db
def test_revoking_needs_a_reason_and_verification_then_says_revoked(held_event, hub_staff, queued):
    close(held_event, hub_staff)
    certificate = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now()).certificates.first()

    with pytest.raises(ValidationError) as refused:
        revoke(certificate, reason="  ", actor=hub_staff, now=timezone.now())
    assert "reason" in refused.value.message_dict

    first = timezone.now()
    revoke(certificate, reason="Issued to the wrong person", actor=hub_staff, now=first)
    revoke(certificate, reason="Second thoughts", actor=hub_staff, now=first + timedelta(hours=1))

    found = verify(certificate.code)
    assert found.pk == certificate.pk and not found.is_valid
    assert found.revoked_at == first and found.revocation_reason == "Issued to the wrong person"
    assert found.history.first().history_user == hub_staff


@pytest.mark.django_db
def test_reissue_after_a_name_correction_keeps_the_code_and_renders_again(held_event, hub_staff, queued, django_capture_on_commit_callbacks):
    close(held_event, hub_staff)
    certificate = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now()).certificates.first()
    Certificate.objects.filter(pk=certificate.pk).update(render_state=RenderState.RENDERED, render_attempts=2)
    queued.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reissued = reissue_with_name(certificate, recipient_name="  Ada   King, Countess of Lovelace ", actor=hub_staff)

    assert reissued.code == certificate.code
    assert reissued.recipient_name == "Ada King, Countess of Lovelace"
    assert reissued.render_state == RenderState.QUEUED and reissued.render_attempts == 0
    assert queued == [[certificate.pk]]
    change = reissued.history.first()
    assert change.history_user == hub_staff and change.recipient_name == "Ada King, Countess of Lovelace"


@pytest.mark.django_db
def test_a_revoked_certificate_is_not_reissued_and_a_blank_name_is_refused(held_event, hub_staff, queued):
    close(held_event, hub_staff)
    certificate = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now()).certificates.first()
    with pytest.raises(ValidationError) as blank:
        reissue_with_name(certificate, recipient_name="   ", actor=hub_staff)
    assert "recipient_name" in blank.value.message_dict
    revoke(certificate, reason="Wrong event", actor=hub_staff, now=timezone.now())
    with pytest.raises(ValidationError, match="revoked"):
        reissue_with_name(certificate, recipient_name="Ada", actor=hub_staff)


@pytest.mark.django_db
def test_render_again_leaves_a_certificate_already_waiting_alone(held_event, hub_staff, queued, django_capture_on_commit_callbacks):
    close(held_event, hub_staff)
    certificate = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now()).certificates.first()
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        render_again(certificate, actor=hub_staff)
    assert queued == []
    Certificate.objects.filter(pk=certificate.pk).update(render_state=RenderState.FAILED, render_error="Boom", render_attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        render_again(certificate, actor=hub_staff)
    certificate.refresh_from_db()
    assert queued == [[certificate.pk]]
    assert (certificate.render_state, certificate.render_error, certificate.render_attempts) == (RenderState.QUEUED, "", 0)


@pytest.mark.django_db
def test_progress_counts_each_state_in_one_query(held_event, hub_staff, queued, django_assert_num_queries):
    close(held_event, hub_staff)
    batch = issue_event_certificates(held_event, actor=hub_staff, now=timezone.now())
    first, second = batch.certificates.all()
    Certificate.objects.filter(pk=first.pk).update(render_state=RenderState.RENDERED)
    with django_assert_num_queries(1):
        progress = progress_of(batch.certificates.all())
    assert (progress.total, progress.rendered, progress.failed, progress.pending, progress.done, progress.percent) == (2, 1, 0, 1, False, 50)
    Certificate.objects.filter(pk=second.pk).update(render_state=RenderState.FAILED)
    assert progress_of(batch.certificates.all()).done


# Programme completion


@pytest.fixture
def npq_cohort(school_a):
    programme = Programme.objects.create(strand=Strand.NPQ, name="NPQ in Leading Teaching", slug="npqlt")
    return Cohort.objects.create(programme=programme, academic_year=2025)


def enrol_teacher(cohort, trn, first, last, school, status=Enrolment.Status.ACTIVE):
    teacher = TeacherFactory(trn=trn, first_name=first, last_name=last, email=f"{first}@example.org".lower())
    return EnrolmentFactory(cohort=cohort, teacher=teacher, school=school, status=status, enrolled_on=date(2025, 9, 1))


@pytest.mark.django_db
def test_completion_certificates_mark_the_enrolments_completed(npq_cohort, school_a, hub_staff, queued, django_capture_on_commit_callbacks):
    ada = enrol_teacher(npq_cohort, "1000001", "Ada", "Lovelace", school_a)
    bo = enrol_teacher(npq_cohort, "1000002", "Bo", "Diddley", school_a)
    with django_capture_on_commit_callbacks(execute=True):
        batch = issue_completion_certificates(
            npq_cohort, [ada.pk], awarded_on=date(2026, 7, 10), cpd_hours=Decimal("60"), actor=hub_staff, now=timezone.now()
        )
    certificate = batch.certificates.get()
    assert certificate.kind == Certificate.Kind.COMPLETION and certificate.enrolment == ada
    assert certificate.statement == "passed the" and certificate.title == "NPQ in Leading Teaching (2025/26)"
    assert certificate.cpd_hours == Decimal("60") and certificate.awarded_on == date(2026, 7, 10)
    ada.refresh_from_db()
    bo.refresh_from_db()
    assert ada.status == Enrolment.Status.COMPLETED and bo.status == Enrolment.Status.ACTIVE
    assert queued == [[certificate.pk]]
    # Again: nothing more.
    assert issue_completion_certificates(npq_cohort, [ada.pk], awarded_on=date(2026, 7, 10), cpd_hours=Decimal("60"), actor=hub_staff, now=timezone.now()) is None


@pytest.mark.django_db
def test_completion_refuses_the_lot_when_one_chosen_is_not_in_the_cohort(npq_cohort, school_a, hub_staff, queued):
    ada = enrol_teacher(npq_cohort, "1000001", "Ada", "Lovelace", school_a)
    gone = enrol_teacher(npq_cohort, "1000002", "Bo", "Diddley", school_a, status=Enrolment.Status.WITHDRAWN)
    other_cohort = Cohort.objects.create(programme=npq_cohort.programme, academic_year=2024)
    elsewhere = enrol_teacher(other_cohort, "1000003", "Cy", "Twombly", SchoolFactory())
    for chosen in ([ada.pk, gone.pk], [ada.pk, elsewhere.pk], []):
        with pytest.raises(ValidationError) as refused:
            issue_completion_certificates(npq_cohort, chosen, awarded_on=date(2026, 7, 10), cpd_hours=Decimal("1"), actor=hub_staff, now=timezone.now())
        assert "enrolments" in refused.value.message_dict
    assert not Certificate.objects.exists()
    ada.refresh_from_db()
    assert ada.status == Enrolment.Status.ACTIVE


@pytest.mark.django_db
def test_completion_date_and_hours_are_checked(npq_cohort, school_a, hub_staff, queued):
    ada = enrol_teacher(npq_cohort, "1000001", "Ada", "Lovelace", school_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        issue_completion_certificates(npq_cohort, [ada.pk], awarded_on=tomorrow, cpd_hours=Decimal("1"), actor=hub_staff, now=timezone.now())
    assert "awarded_on" in future.value.message_dict
    with pytest.raises(ValidationError) as negative:
        issue_completion_certificates(npq_cohort, [ada.pk], awarded_on=date(2026, 7, 1), cpd_hours=Decimal("-1"), actor=hub_staff, now=timezone.now())
    assert "cpd_hours" in negative.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("strand, stage, statement, title", [
    (Strand.ECTE, CohortStage.YEAR_2, "completed", "the two-year Early career teacher entitlement (2025/26)"),
    (Strand.ECTE, CohortStage.YEAR_1, "completed Year 1 of", "the Early career teacher entitlement (2025/26)"),
    (Strand.ECTE_MENTOR, CohortStage.NONE, "completed", "ECTE mentor training (2025/26)"),
])
def test_completion_wording_follows_the_programme(strand, stage, statement, title):
    from programmes.certificates.certificates import completion_title

    names = {Strand.ECTE: "Early career teacher entitlement", Strand.ECTE_MENTOR: "ECTE mentor training"}
    cohort = Cohort(programme=Programme(strand=strand, name=names[strand], slug="x"), academic_year=2025, stage=stage)
    assert completion_title(cohort) == (statement, title)
