"""One record per retention rule whose clock started on a given day, and how to tell it was dealt with."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

from appropriate_body.models import Assessment, Claim, QACheck, RenewalReminder, WorkAssignment, WorkKind
from appropriate_body.tests.factories import InductionFactory, InductionPeriodFactory
from hubportal.lib.sealed import seal
from participants.models import ECTAtSchoolPeriod, HeadteacherConfirmation, Invitation, Role, TeacherTransfer, User
from participants.tests.factories import SchoolFactory, TeacherFactory, UserFactory
from privacy.models import DataRequest, RetentionLog
from programmes.evaluations.evaluations import open_evaluation
from programmes.models import Certificate, Cohort, Enrolment, Evaluation, EvaluationAnswer, EventInvitation
from programmes.tests.factories import (
    CertificateFactory,
    EnrolmentFactory,
    EventFactory,
    InvitationFactory,
    NPQCohortFactory,
    aware,
    past_event,
)
from registration.models import RegistrationUpload, SchoolMerge
from registration.tests.factories import register


def ended_induction(day: date, cast):
    induction = InductionFactory()
    InductionPeriodFactory(induction=induction, started_on=day - timedelta(days=400), finished_on=day, number_of_terms=3,
                           outcome="pass")
    return induction


def refused_claim(day: date, cast):
    claim = register(SchoolFactory(), cast["hub_staff"], today=date(2026, 8, 20)).claims.get()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REJECTED, decided_at=aware(day))
    return claim


def sealed_date_of_birth(day: date, cast):
    """A claim whose date of birth, kept for RIAB, reaches the end of its 30 days on `day`."""
    claim = register(SchoolFactory(), cast["hub_staff"], today=date(2026, 8, 20)).claims.get()
    Claim.objects.filter(pk=claim.pk).update(date_of_birth_sealed=seal("1998-03-27"), created_at=aware(day - timedelta(days=30), 15))
    return claim


def _invitation_to_event_that_ended(day: date, **fields) -> EventInvitation:
    return InvitationFactory(event=EventFactory(starts_at=aware(day, 9), ends_at=aware(day, 12)), **fields)


def invitation_with_needs(day: date, cast):
    return _invitation_to_event_that_ended(day, access_needs="Step-free access", dietary_needs="No nuts")


def invitation(day: date, cast):
    return _invitation_to_event_that_ended(day, user=UserFactory(), attended_at=aware(day, 10))


def certificate(day: date, cast):
    return CertificateFactory(awarded_on=day)


def answer(day: date, cast):
    evaluation = open_evaluation(Evaluation.Kind.EVENT, event=past_event(), actor=cast["hub_staff"])
    return EvaluationAnswer.objects.create(evaluation=evaluation, respondent=UserFactory(), rating=4, submitted_at=aware(day))


def finished_enrolment(day: date, cast):
    cohort = Cohort.objects.first() or NPQCohortFactory()
    return EnrolmentFactory(cohort=cohort, status=Enrolment.Status.COMPLETED, outcome_on=day, status_reason="Finished the course")


def withdrawn_transfer(day: date, cast):
    return TeacherTransfer.objects.create(
        teacher=TeacherFactory(), kind=TeacherTransfer.Kind.ECT, from_school=SchoolFactory(), to_school=SchoolFactory(),
        started_on=day, status=TeacherTransfer.Status.WITHDRAWN, decided_at=aware(day),
    )


def transfer(day: date, cast):
    return TeacherTransfer.objects.create(
        teacher=TeacherFactory(), kind=TeacherTransfer.Kind.ECT, from_school=SchoolFactory(), to_school=SchoolFactory(),
        started_on=day, status=TeacherTransfer.Status.DONE, decided_at=aware(day),
    )


def teacher_gone(day: date, cast):
    teacher = TeacherFactory()
    ECTAtSchoolPeriod.objects.create(teacher=teacher, school=SchoolFactory(), started_on=day - timedelta(days=300), finished_on=day,
                                     working_pattern="full_time", training_programme="school_led", leaving_note="Moved to Wales")
    return teacher


def account(day: date, cast):
    return UserFactory(last_login=aware(day))


def account_invitation(day: date, cast):
    return Invitation.objects.create(email=f"invitee.{day:%Y%m%d}@example.org", role=Role.ECT, invited_by=cast["hub_staff"],
                                     expires_at=aware(day))


def confirmation(day: date, cast):
    return HeadteacherConfirmation.objects.create(user=UserFactory(), school=SchoolFactory(), decided_at=aware(day),
                                                  decision=HeadteacherConfirmation.Decision.CONFIRMED)


def upload(day: date, cast):
    return RegistrationUpload.objects.create(school=SchoolFactory(), filename="ects.csv", created_at=aware(day),
                                             purged_at=aware(day + timedelta(days=1)))


def reminder(day: date, cast):
    return RenewalReminder.objects.create(email_state="sent", created_at=aware(day))


def event_history(day: date, cast):
    # An event's: no other rule reaches events, so only the history rule deals with this row.
    event = EventFactory()
    row = event.history.get()
    type(row).objects.filter(pk=row.pk).update(history_date=aware(day))
    return row


def answered_request(day: date, cast):
    return DataRequest.objects.create(kind="erasure", received_on=day, due_on=day, completed_at=aware(day),
                                      identity_cleared_at=aware(day))


def expired_export(day: date, cast):
    """An answered access request whose download expires on `day`."""
    request = DataRequest.objects.create(kind="access", email=f"asker.{day:%Y%m%d}@example.org", received_on=day, due_on=day,
                                         completed_at=aware(day), export_state=DataRequest.ExportState.READY,
                                         export_ready_at=aware(day), export_expires_at=aware(day, 12))
    request.export_file.save("export.zip", ContentFile(b"PK"), save=True)
    return request


def log_row(day: date, cast):
    return RetentionLog.objects.create(rule="claims", action="delete", count=1, cutoff=day, run_on=day)


def school_merge(day: date, cast):
    return SchoolMerge.objects.create(from_school=SchoolFactory(status="closed"), to_school=SchoolFactory(), link_type="Successor", moved_on=day,
                                      created_at=aware(day))


def qa_school_check(day: date, cast):
    return QACheck.objects.create(school=SchoolFactory(), looked_at="Mentor time", finding="ok", checked_by=cast["ab_staff"],
                                  checked_at=aware(day, 12))


def work_assignment(day: date, cast):
    """Planned work on a review the school submitted on `day`."""
    period = InductionPeriodFactory(started_on=day - timedelta(days=100))
    review = Assessment.objects.create(induction=period.induction, induction_period=period, kind="progress_review", term_number=1,
                                       due_on=day, status="submitted", submitted_at=aware(day, 12))
    return WorkAssignment.objects.create(kind=WorkKind.REVIEW, object_id=review.pk, induction=period.induction,
                                         planned_week=day - timedelta(days=day.weekday()))


def gone(record) -> bool:
    return not type(record).objects.filter(pk=record.pk).exists()


def fresh(record):
    return type(record).objects.get(pk=record.pk)


# rule key: (builder, dealt with?)
RULE_RECORDS = {
    "induction_records": (ended_induction, lambda r: fresh(r).reduced_on is not None),
    "claims": (refused_claim, gone),
    "riab_dates_of_birth": (sealed_date_of_birth, lambda r: fresh(r).date_of_birth_sealed == ""),
    "event_needs": (invitation_with_needs, lambda r: (fresh(r).access_needs, fresh(r).dietary_needs) == ("", "")),
    "event_invitations": (invitation, lambda r: fresh(r).anonymised_on is not None and fresh(r).user_id is None),
    "certificates": (certificate, gone),
    "evaluations": (answer, lambda r: fresh(r).respondent_id is None),
    "enrolments": (finished_enrolment, lambda r: fresh(r).reduced_on is not None and fresh(r).status_reason == ""),
    "transfers": (transfer, gone),
    "transfers_withdrawn": (withdrawn_transfer, gone),
    "teachers": (teacher_gone, lambda r: fresh(r).erased_on is not None and fresh(r).trn.startswith("X")),
    "accounts": (account, lambda r: fresh(r).anonymised_on is not None and not fresh(r).is_active),
    "invitations": (account_invitation, gone),
    "headteacher_confirmations": (confirmation, gone),
    "uploads.registrationupload": (upload, gone),
    "outbox.renewalreminder": (reminder, gone),
    "history.historicalevent": (event_history, gone),
    "data_requests": (answered_request, gone),
    "access_exports": (expired_export, lambda r: (fresh(r).export_state, fresh(r).export_file.name, fresh(r).email)
                       == ("expired", "", "")),
    "retention_log": (log_row, gone),
    "gias.schoolmerge": (school_merge, gone),
    "qa_school_checks": (qa_school_check, gone),
    "work_assignments": (work_assignment, gone),
}

__all__ = ["RULE_RECORDS", "Certificate", "User"]
