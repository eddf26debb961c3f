"""Who an event is for: audience rules, resolved to one recipient per email address.

Hub staff pick rules (everyone in a cohort, the mentors of a cohort's ECTs, everyone
with a role) plus named extras; the page shows how many people that is before
anything is sent. Resolving is a fixed number of queries whatever the audience size.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models

from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, RoleAssignment, Teacher, User, active_on
from programmes.models import Enrolment


class AudienceKind(models.TextChoices):
    COHORT = "cohort", "Everyone enrolled in a cohort"
    COHORT_MENTORS = "cohort_mentors", "The mentors of the ECTs in a cohort"
    ROLE = "role", "Everyone with a role"


@dataclass(frozen=True)
class AudienceRule:
    kind: str
    cohort_id: int | None = None
    role: str = ""


@dataclass(frozen=True)
class Recipient:
    email: str
    first_name: str = ""
    last_name: str = ""
    teacher_id: int | None = None
    user_id: int | None = None
    school_id: int | None = None



def _cohort_members(cohort_id: int) -> list[Recipient]:
    enrolments = Enrolment.objects.filter(cohort_id=cohort_id, status=Enrolment.Status.ACTIVE).values_list(
        "teacher__email", "teacher__first_name", "teacher__last_name", "teacher_id", "teacher__user_id", "school_id"
    )
    return [Recipient(*row) for row in enrolments]


def _cohort_mentors(cohort_id: int, today: date) -> list[Recipient]:
    ects = ECTAtSchoolPeriod.objects.filter(
        active_on(today), teacher__enrolments__cohort_id=cohort_id, teacher__enrolments__status=Enrolment.Status.ACTIVE
    )
    mentors = (
        MentorAtSchoolPeriod.objects.filter(active_on(today), pk__in=ects.values("mentor_id"))
        .values_list("teacher__email", "teacher__first_name", "teacher__last_name", "teacher_id", "teacher__user_id", "school_id")
    )
    return [Recipient(*row) for row in mentors]


def _role_holders(role: str) -> list[Recipient]:
    holders = RoleAssignment.objects.filter(role=role).values_list(
        "user__email", "user__first_name", "user__last_name", "user__teacher", "user_id", "school_id"
    )
    return [Recipient(*row) for row in holders]


def _extras(emails: list[str]) -> list[Recipient]:
    """Named people: their record's name where the portal knows the address."""
    emails = [email.strip().lower() for email in emails if email.strip()]
    teachers = {t.email: t for t in Teacher.objects.filter(email__in=emails)}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    found = []
    for email in emails:
        teacher, user = teachers.get(email), users.get(email)
        person = teacher or user
        found.append(Recipient(
            email,
            person.first_name if person else "",
            person.last_name if person else "",
            teacher.pk if teacher else None,
            (teacher.user_id if teacher else None) or (user.pk if user else None),
        ))
    return found


def resolve(rules: list[AudienceRule], extras: list[str], *, today: date) -> list[Recipient]:
    """Everyone the rules and extras name, once each by email (the first rule to name them wins)."""
    found: list[Recipient] = []
    for rule in rules:
        if rule.kind == AudienceKind.COHORT:
            found += _cohort_members(rule.cohort_id)
        elif rule.kind == AudienceKind.COHORT_MENTORS:
            found += _cohort_mentors(rule.cohort_id, today)
        elif rule.kind == AudienceKind.ROLE:
            found += _role_holders(rule.role)
        else:
            raise ValueError(f"Unknown audience rule {rule.kind!r}")
    found += _extras(extras)
    by_email: dict[str, Recipient] = {}
    for recipient in found:
        by_email.setdefault(recipient.email.lower(), recipient)
    return sorted(by_email.values(), key=lambda r: (r.last_name.lower(), r.first_name.lower(), r.email))
