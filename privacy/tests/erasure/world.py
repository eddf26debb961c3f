"""A person with a record of every kind the portal keeps, and a neighbour with the same, to erase one of them."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType

from appropriate_body.tests.factories import claimed
from participants.models import HeadteacherConfirmation, MentorAtSchoolPeriod, Role, RoleAssignment, Teacher, User
from participants.tests.factories import SchoolFactory, UserFactory
from programmes.evaluations.evaluations import open_evaluation
from programmes.models import CalendarFeed, Cohort, Enrolment, Evaluation, EvaluationAnswer, EvaluationNotice, EventNotice
from programmes.tests.factories import CertificateFactory, EnrolmentFactory, InvitationFactory, NPQCohortFactory, past_event
from registration.models import RegistrationUpload
from registration.tests.factories import register


@dataclass
class Someone:
    first: str
    last: str
    trn: str
    user: User
    teacher: Teacher

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def needles(self) -> list[str]:
        """What would give them away anywhere: surname, address, TRN (the first names are common words)."""
        return [self.last.lower(), self.email.lower(), self.trn]


def someone(first: str, last: str, trn: str, *, school, actor, with_induction: bool = False, ab_staff=None) -> Someone:
    email = f"{first}.{last}@example.org".lower()
    details = {"trn": trn, "first_name": first, "last_name": last, "email": email, "date_of_birth": date(1995, 5, 17)}
    if with_induction:
        period = claimed(school, actor, ab_staff, **details).ect_period
    else:
        period = register(school, actor, **details)
    teacher = period.teacher
    user = UserFactory(email=email, first_name=first, last_name=last, last_login=None)
    Teacher.objects.filter(pk=teacher.pk).update(user=user)
    teacher.refresh_from_db()
    RoleAssignment.objects.create(user=user, role=Role.ECT, school=school)
    CalendarFeed.objects.create(user=user)
    MentorAtSchoolPeriod.objects.create(teacher=teacher, school=SchoolFactory(), started_on=date(2025, 9, 1))

    event = past_event(title=f"Conference for {first}")
    invitation = InvitationFactory(event=event, first_name=first, last_name=last, email=email, user=user, teacher=teacher,
                                   access_needs=f"{first} needs step-free access", attended_at=event.starts_at)
    EventNotice.objects.create(invitation=invitation, kind=EventNotice.Kind.REMINDER_DAY, email_state="sent",
                               email_error=f"<{email}> mailbox full")
    CertificateFactory(invitation=invitation, user=user, teacher=teacher, email=email, recipient_name=f"{first} {last}",
                       pdf_bytes=f"%PDF-1.4 {first} {last} {trn}".encode(), pdf_name=f"{last}.pdf")
    evaluation = open_evaluation(Evaluation.Kind.EVENT, event=event, actor=actor)
    EvaluationAnswer.objects.create(evaluation=evaluation, respondent=user, rating=5, comments="Useful day")
    EvaluationNotice.objects.get_or_create(evaluation=evaluation, user=user)
    EnrolmentFactory(cohort=Cohort.objects.filter(programme__strand="npq").first() or NPQCohortFactory(), teacher=teacher, status=Enrolment.Status.DEFERRED, status_reason=f"{first} {last} asked to defer")
    HeadteacherConfirmation.objects.create(user=user, school=school)
    RegistrationUpload.objects.create(
        school=school, uploaded_by=actor, filename="ects.csv", status="ready",
        contents=f"trn,first_name,last_name,email\n{trn},{first},{last},{email}\n",
        results=[{"line": 2, "name": f"{first} {last}", "message": "Ready"}],
    )
    LogEntry.objects.create(user=actor, content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk),
                            object_repr=f"{first} {last} ({email})", action_flag=ADDITION, change_message="Added")
    teacher.first_name = first  # a save, so the teacher's history holds a copy of the record too
    teacher.save()
    return Someone(first, last, trn, user, teacher)


__all__ = ["Someone", "someone", "timedelta"]
