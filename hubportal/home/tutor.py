"""An induction tutor's and a headteacher's "Your tasks", per school they look after.

For each school: ECTs without a mentor, reviews and assessments to write by the end of this
half-term, reports waiting for the user's signature, the appropriate body's service agreement to
accept, and places at this year's welcome conference to book. A headteacher who is not also the
school's tutor sees the rows that are theirs to do (the school's ECT pages are the tutor's).

Five queries whatever the number of schools and ECTs: the user's school roles with their schools,
one grouped count of ECTs, one of assessments, and the agreement terms with each school's state.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Q
from django.urls import reverse

from appropriate_body.agreements.agreements import in_renewal_window, schools_with_status, terms_around
from appropriate_body.models import Assessment, AssessmentStatus
from hubportal.home.tasks import Task, half_term_end
from hubportal.lib.dates import long_date
from participants import access
from participants.models import ECTAtSchoolPeriod, Role, School, User
from registration.status import current_ects, welcome_places

# The tutor (or headteacher) writes these: FA-001, PR-001.
TO_WRITE = (AssessmentStatus.NOT_STARTED, AssessmentStatus.IN_PROGRESS)


@dataclass(frozen=True)
class SchoolTasks:
    school: School
    is_tutor: bool
    tasks: list[Task]
    # Its current ECTs (registration.status.current_ects), for a school the person tutors.
    ects: int | None = None

    @property
    def to_do(self) -> int:
        return sum(task.count for task in self.tasks)


def ect_counts(school_ids: list[int], *, today: date) -> dict[int, dict]:
    """Per school, its current ECTs without a mentor and without a welcome conference place: one grouped query."""
    rows = (
        current_ects(ECTAtSchoolPeriod.objects.filter(school__in=school_ids), today=today)
        .annotate(has_welcome_place=Exists(welcome_places(today)))
        .order_by().values("school_id")
        .annotate(ects=Count("pk"), no_mentor=Count("pk", filter=Q(mentor__isnull=True)), no_place=Count("pk", filter=Q(has_welcome_place=False)))
    )
    return {row["school_id"]: row for row in rows}


def assessment_counts(school_ids: list[int], user: User, *, today: date) -> dict[int, dict]:
    """Per school, the open periods' records to write by the end of the half-term (overdue ones too), and the
    reports waiting for the tutor's or the headteacher's signature (FA-005: tutor first), in one grouped query.

    Never the user's own record as an ECT, nor a report they signed as the tutor, for the headteacher's turn.
    """
    due_by = half_term_end(today)
    rows = (
        Assessment.objects.filter(induction_period__school__in=school_ids, induction_period__finished_on__isnull=True)
        .exclude(induction__teacher__user=user)
        .order_by().values("induction_period__school_id")
        .annotate(
            to_write=Count("pk", filter=Q(status__in=TO_WRITE, due_on__lte=due_by)),
            tutor_to_sign=Count("pk", filter=Q(status=AssessmentStatus.AWAITING_SIGNATURES, tutor_signed_at__isnull=True)),
            head_to_sign=Count("pk", filter=Q(status=AssessmentStatus.AWAITING_SIGNATURES, tutor_signed_at__isnull=False,
                                                headteacher_signed_at__isnull=True) & ~Q(tutor_signed_by=user)),
            returned=Count("pk", filter=Q(status=AssessmentStatus.RETURNED)),
        )
    )
    return {row["induction_period__school_id"]: row for row in rows}


def agreements_to_accept(school_ids: list[int], *, today: date) -> dict[int, bool]:
    """Per school, whether an agreement is open for it to accept (AB-007): this year's, or next year's once offered."""
    current, upcoming = terms = terms_around(today)
    if current is None and upcoming is None:
        return {}
    offers_next = upcoming is not None and (current is None or in_renewal_window(current, today))
    rows = schools_with_status(today, terms=terms).filter(pk__in=school_ids).values_list("pk", "signed_current", "signed_next")
    return {pk: (current is not None and not signed_current) or (offers_next and not signed_next) for pk, signed_current, signed_next in rows}


def school_tasks(user: User, *, today: date) -> list[SchoolTasks]:
    """Each school the user tutors or heads, by name, with its tasks."""
    roles = list(access.school_roles(user).select_related("school"))
    tutored = {role.school_id: role.school for role in roles if role.role == Role.INDUCTION_TUTOR}
    headed = {role.school_id: role.school for role in roles if role.role == Role.HEADTEACHER}
    if not roles:
        return []
    # A headteacher role a tutor granted signs and accepts nothing until it is confirmed (FA-005).
    confirmed = {role.school_id for role in roles if role.role == Role.HEADTEACHER and not role.awaiting_confirmation}
    schools = sorted({**headed, **tutored}.values(), key=lambda school: (school.name, school.urn))
    ids = [school.pk for school in schools]
    ects = ect_counts([pk for pk in ids if pk in tutored], today=today)
    assessments = assessment_counts(ids, user, today=today)
    agreements = agreements_to_accept(ids, today=today)
    due_by = long_date(half_term_end(today))
    result = []
    for school in schools:
        is_tutor = school.pk in tutored
        signs_as_head = school.pk in confirmed
        counts = ects.get(school.pk, {})
        records = assessments.get(school.pk, {})
        schedules = reverse("appropriate_body:school_inductions", args=[school.urn])
        tasks = []
        if is_tutor:
            tasks.append(Task("mentors", "Assign mentors to ECTs", counts.get("no_mentor", 0),
                              reverse("participants:ect_list", args=[school.urn]) + "?status=action_required",
                              "Every ECT needs a mentor."))
        tasks.append(Task("reviews", "Write progress reviews and assessments", records.get("to_write", 0), schedules,
                          f"Due by {due_by}, the end of this half-term, including any overdue."))
        to_sign = (records.get("tutor_to_sign", 0) if is_tutor else 0) + (records.get("head_to_sign", 0) if signs_as_head else 0)
        tasks.append(Task("signatures", "Sign assessment reports", to_sign, schedules, "Reports waiting for your signature."))
        if is_tutor and records.get("returned"):
            # Shown only while there are some: the AB's check returns few reports (appropriate_body.reviews).
            tasks.append(Task("returned", "Change reports the appropriate body returned", records["returned"], schedules,
                              "Read the appropriate body's comments, change the report and resubmit it."))
        if is_tutor or signs_as_head:
            tasks.append(Task("agreement", "Accept the appropriate body's service agreement", int(agreements.get(school.pk, False)),
                              reverse("appropriate_body:school_agreement", args=[school.urn]),
                              "The school accepts the year's terms before the appropriate body charges for it."))
        if is_tutor:
            tasks.append(Task("places", "Book places at the ECT welcome conference", counts.get("no_place", 0),
                              reverse("programmes:school_event_list", args=[school.urn]),
                              "ECTs without a place at this year's welcome conference."))
        result.append(SchoolTasks(school, is_tutor, tasks, counts.get("ects", 0) if is_tutor else None))
    return result
