"""Two ECTs at one school with records of every common kind, made through the portal's own functions."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from appropriate_body.assessments import assessments as ab
from appropriate_body.models import AssessmentKind
from appropriate_body.tests.factories import NOW, PDF, claimed, ect_account, first, written
from participants.models import Teacher, User
from programmes.evaluations.evaluations import open_evaluation
from programmes.models import Certificate, Evaluation, EvaluationAnswer, Event
from programmes.tests.factories import CertificateFactory, invite, past_event


@dataclass
class Someone:
    user: User
    teacher: Teacher
    certificate: Certificate

    @property
    def identifiers(self) -> list[str]:
        return [self.teacher.first_name, self.teacher.last_name, self.user.email, self.teacher.email, self.teacher.trn]


def someone(first_name: str, last_name: str, *, school, tutor, ab_staff, event: Event, evaluation: Evaluation) -> Someone:
    period = claimed(school, tutor, ab_staff, first_name=first_name, last_name=last_name)
    user = ect_account(period)
    # Their account under their own name: a factory's made-up name could be anyone's in the cast.
    User.objects.filter(pk=user.pk).update(first_name=first_name, last_name=last_name)
    user.refresh_from_db()
    teacher = Teacher.objects.get(pk=period.induction.teacher.pk)
    # A second version of the teacher record, for the history of changes.
    teacher.corrected_name = f"{first_name} J. {last_name}"
    teacher.save()
    review = written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor)
    ab.attach_evidence(review, upload=SimpleUploadedFile(f"{first_name} lesson plan.pdf", PDF), actor=tutor)
    ab.submit(review, actor=tutor, now=NOW)
    invitation = invite(event, first_name, last_name, email=user.email, user=user, teacher=teacher, attended_at=event.starts_at,
                        access_needs=f"{first_name} needs step-free access")
    certificate = CertificateFactory(invitation=invitation)
    EvaluationAnswer.objects.create(evaluation=evaluation, respondent=user, rating=5, comments=f"{first_name} found it useful",
                                    submitted_at=NOW)
    return Someone(user=user, teacher=teacher, certificate=certificate)


def two_people(school, tutor, ab_staff, hub_staff) -> tuple[Someone, Someone]:
    event = past_event("Early career conference")
    evaluation = open_evaluation(Evaluation.Kind.EVENT, event=event, actor=hub_staff)
    common = {"school": school, "tutor": tutor, "ab_staff": ab_staff, "event": event, "evaluation": evaluation}
    return someone("Perpetua", "Quillfeather", **common), someone("Ottoline", "Vanderquist", **common)
