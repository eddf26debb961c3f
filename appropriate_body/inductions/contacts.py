"""The ECT's named contact at the AB (REGN-004): someone to raise concerns with about their induction.

SG24 2.28 (domain-rules.md §1, DP-003): the contact is a person at the AB who is not involved in
monitoring or supporting the ECT. So only active AB staff may be named, and never one who is also,
for this ECT, an induction tutor or headteacher at a school they are registered at, their mentor,
or the ECT themselves. Whether the contact also sits on the completion decision is the AB's own
arrangement and is not checked here.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from appropriate_body.models import Induction
from participants.models import SCHOOL_ROLES, ECTAtSchoolPeriod, Role, RoleAssignment, User

NOT_AB_STAFF = "Choose a member of the appropriate body's staff as the named contact"


def named_contact_choices() -> QuerySet[User]:
    """Who may be named: active AB staff, by name."""
    return User.objects.filter(is_active=True, role_assignments__role=Role.AB_STAFF).distinct()


def contact_label(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


def contact_problem(contact: User, *, teacher_id: int) -> str | None:
    """Why `contact` cannot be this teacher's named contact, or None when they can."""
    if not named_contact_choices().filter(pk=contact.pk).exists():
        return NOT_AB_STAFF
    involved = RoleAssignment.objects.filter(user=contact, role__in=SCHOOL_ROLES, school__ect_periods__teacher_id=teacher_id).exists() \
        or ECTAtSchoolPeriod.objects.filter(Q(mentor__teacher__user=contact) | Q(teacher__user=contact), teacher_id=teacher_id).exists()
    if involved:
        return f"{contact} is involved in this ECT's induction at their school, so cannot be their named contact"
    return None


def check_named_contact(contact: User, *, teacher_id: int) -> None:
    if problem := contact_problem(contact, teacher_id=teacher_id):
        raise ValidationError({"named_contact": problem})


def set_named_contact(induction: Induction, *, contact: User, actor: User) -> Induction:
    """Name (or change) the ECT's contact; the induction's history records who did it (DP-006)."""
    check_named_contact(contact, teacher_id=induction.teacher_id)
    with transaction.atomic():
        induction = Induction.objects.select_for_update().get(pk=induction.pk)
        if induction.named_contact_id == contact.pk:
            return induction
        induction.named_contact = contact
        induction._history_user = actor
        induction.save(update_fields=["named_contact"])
    return induction
