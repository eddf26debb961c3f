"""Everything the portal holds about one person, kind by kind: what erasure and subject access work from.

A person is found by the email address and TRN hub staff enter: their account (by address), their
teacher record (by TRN or address, or through the account) and every record that names any of
those, including rows that only hold their address (an event invitation sent before they had an
account, an account invitation, an upload's report).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from appropriate_body.models import (
    Absence,
    Appeal,
    Assessment,
    BulkUpload,
    Claim,
    CompletionDecision,
    Concern,
    ConcernAction,
    EvidenceFile,
    Extension,
    Induction,
    InductionPeriod,
    LengthRequest,
    QACheck,
    ReportReview,
    ReturnedSection,
)
from participants.models import (
    ECTAtSchoolPeriod,
    HeadteacherConfirmation,
    Invitation,
    MentorAtSchoolPeriod,
    RoleAssignment,
    Teacher,
    TeacherTransfer,
    User,
)
from programmes.models import Certificate, Enrolment, EnrolmentUpload, EvaluationAnswer, EventInvitation
from registration.models import RegistrationUpload


@dataclass(frozen=True)
class Person:
    users: QuerySet
    teachers: QuerySet
    emails: frozenset[str]
    trns: frozenset[str]

    @property
    def found(self) -> bool:
        return self.users.exists() or self.teachers.exists()


def find_person(*, email: str = "", trn: str = "") -> Person:
    email, trn = email.strip().lower(), trn.strip()
    by_account = User.objects.filter(email__iexact=email) if email else User.objects.none()
    teacher_match = Q(pk__in=[])
    if trn:
        teacher_match |= Q(trn=trn)
    if email:
        teacher_match |= Q(email__iexact=email) | Q(user__in=by_account)
    teachers = Teacher.objects.filter(teacher_match)
    users = User.objects.filter(Q(pk__in=by_account.values("pk")) | Q(pk__in=teachers.exclude(user=None).values("user")))
    emails = {email} - {""}
    emails |= {e.lower() for e in teachers.values_list("email", flat=True) if e}
    emails |= {e.lower() for e in users.values_list("email", flat=True) if e}
    return Person(users=users, teachers=teachers, emails=frozenset(emails), trns=frozenset(teachers.values_list("trn", flat=True)))


def _by_email(field: str, person: Person) -> Q:
    q = Q(pk__in=[])
    for address in person.emails:
        q |= Q(**{f"{field}__iexact": address})
    return q


def event_invitations(person: Person) -> QuerySet:
    return EventInvitation.objects.filter(Q(user__in=person.users) | Q(teacher__in=person.teachers) | _by_email("email", person))


def certificates(person: Person) -> QuerySet:
    return Certificate.objects.filter(
        Q(user__in=person.users) | Q(teacher__in=person.teachers) | _by_email("email", person)
        | Q(invitation__in=event_invitations(person)) | Q(enrolment__teacher__in=person.teachers)
    )


def uploads(model, person: Person) -> QuerySet:
    """Uploads whose file or report still holds one of their identifiers (the hourly purge clears them within a day)."""
    needles = [*person.emails, *person.trns]
    q = Q(pk__in=[])
    for needle in needles:
        q |= Q(contents__icontains=needle) | Q(results_text__icontains=needle)
    return model.objects.annotate(results_text=Cast("results", TextField())).filter(q) if needles else model.objects.none()


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    records: Callable[[Person], QuerySet]


# Every kind of record about a person, in the order a person would read them.
RECORD_KINDS = (
    RecordKind("accounts", "Sign-in account", lambda p: p.users),
    RecordKind("roles", "Roles", lambda p: RoleAssignment.objects.filter(user__in=p.users)),
    RecordKind("teachers", "Teacher record", lambda p: p.teachers),
    RecordKind("ect_periods", "Time as an ECT at a school", lambda p: ECTAtSchoolPeriod.objects.filter(teacher__in=p.teachers)),
    RecordKind("mentor_periods", "Time as a mentor at a school", lambda p: MentorAtSchoolPeriod.objects.filter(teacher__in=p.teachers)),
    RecordKind("transfers", "Moves between schools", lambda p: TeacherTransfer.objects.filter(teacher__in=p.teachers)),
    RecordKind("claims", "Claims for induction", lambda p: Claim.objects.filter(ect_period__teacher__in=p.teachers)),
    RecordKind("inductions", "Induction", lambda p: Induction.objects.filter(teacher__in=p.teachers)),
    RecordKind("induction_periods", "Induction periods",
               lambda p: InductionPeriod.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("extensions", "Induction extensions", lambda p: Extension.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("length_requests", "Requests to reduce or extend induction",
               lambda p: LengthRequest.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("absences", "Absences during induction", lambda p: Absence.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("assessments", "Progress reviews and assessments",
               lambda p: Assessment.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("evidence", "Evidence files", lambda p: EvidenceFile.objects.filter(assessment__induction__teacher__in=p.teachers)),
    RecordKind("report_reviews", "The appropriate body's checks of reviews and assessments",
               lambda p: ReportReview.objects.filter(assessment__induction__teacher__in=p.teachers)),
    RecordKind("report_review_comments", "The appropriate body's comments on returned reviews and assessments",
               lambda p: ReturnedSection.objects.filter(review__assessment__induction__teacher__in=p.teachers)),
    RecordKind("decisions", "Induction outcome decisions",
               lambda p: CompletionDecision.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("appeals", "Appeals", lambda p: Appeal.objects.filter(completion__induction__teacher__in=p.teachers)),
    RecordKind("concerns", "Concerns about the induction", lambda p: Concern.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("concern_actions", "Actions agreed about those concerns",
               lambda p: ConcernAction.objects.filter(concern__induction__teacher__in=p.teachers)),
    RecordKind("qa_checks", "The AB's quality checks of the induction", lambda p: QACheck.objects.filter(induction__teacher__in=p.teachers)),
    RecordKind("enrolments", "Programme enrolments", lambda p: Enrolment.objects.filter(teacher__in=p.teachers)),
    RecordKind("event_invitations", "Event invitations, replies and attendance", event_invitations),
    RecordKind("certificates", "Certificates", certificates),
    RecordKind("evaluation_answers", "Evaluation answers", lambda p: EvaluationAnswer.objects.filter(respondent__in=p.users)),
    RecordKind("account_invitations", "Account invitations",
               lambda p: Invitation.objects.filter(Q(teacher__in=p.teachers) | _by_email("email", p))),
    RecordKind("headteacher_confirmations", "Headteacher confirmations",
               lambda p: HeadteacherConfirmation.objects.filter(user__in=p.users)),
    RecordKind("registration_uploads", "Registration spreadsheets", lambda p: uploads(RegistrationUpload, p)),
    RecordKind("enrolment_uploads", "Enrolment spreadsheets", lambda p: uploads(EnrolmentUpload, p)),
    RecordKind("bulk_uploads", "AB spreadsheets", lambda p: uploads(BulkUpload, p)),
)


def record_counts(person: Person) -> list[tuple[RecordKind, int]]:
    return [(kind, kind.records(person).count()) for kind in RECORD_KINDS]
