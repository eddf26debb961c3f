"""Granting and removing roles: the only code that writes RoleAssignment rows."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import SCHOOL_ROLES, Role, RoleAssignment, School, User


def grant_role(user: User, role: str, *, school: School | None = None, actor: User | None = None) -> RoleAssignment:
    """Give `user` the role (at `school` for school roles). Granting twice is harmless."""
    if role in SCHOOL_ROLES and school is None:
        raise ValidationError(f"{Role(role).label} must be given at a school.")
    if role not in SCHOOL_ROLES:
        school = None
    with transaction.atomic():
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user, role=role, school=school, defaults={"granted_by": actor}
        )
        if role == Role.HUB_STAFF and not (user.is_staff and user.is_superuser):
            # Hub staff run the hub and get the whole Django admin.
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_portal_roles", None)
    return assignment


def revoke_role(user: User, role: str, *, school: School | None = None) -> None:
    with transaction.atomic():
        RoleAssignment.objects.filter(user=user, role=role, school=school).delete()
        if role == Role.HUB_STAFF:
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_portal_roles", None)
