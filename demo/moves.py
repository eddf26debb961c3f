"""A move waiting in the demo: another school has asked to register one of the demo tutor's ECTs.

So the demo tutor sees a move to confirm or dispute on their ECT list, and AB staff see it on their
to-do list (registration.transfers). Its email to the school counts as sent: seeding sends nothing.
"""

from datetime import date, timedelta

from django.utils import timezone

from participants.models import ECTAtSchoolPeriod, School, TeacherTransfer, TrainingProgramme, User, WorkingPattern
from registration.transfers import request_transfer

# The new school's start date: far enough ahead that the move waits for the demo tutor's answer.
STARTS_IN = timedelta(days=30)


def seed_demo_moves(*, today: date, from_school: School | None, to_school: School | None, asked_by: User | None) -> int:
    """One move from `from_school` to `to_school`, once; the number of moves made (0 or 1)."""
    if from_school is None or to_school is None or TeacherTransfer.objects.exists():
        return 0
    period = (ECTAtSchoolPeriod.objects.filter(school=from_school, finished_on__isnull=True, started_on__lte=today)
              .select_related("teacher").order_by("pk").first())
    if period is None:
        return 0
    move = request_transfer(period.teacher, from_school, to_school, kind=TeacherTransfer.Kind.ECT,
                            started_on=today + STARTS_IN, actor=asked_by, working_pattern=WorkingPattern.FULL_TIME,
                            training_programme=TrainingProgramme.SCHOOL_LED)
    TeacherTransfer.objects.filter(pk=move.pk).update(email_state=TeacherTransfer.EmailState.SENT,
                                                      email_sent_at=timezone.now())
    return 1
