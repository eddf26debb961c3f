"""Granting and removing roles: the only code that writes RoleAssignment rows."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from participants.models import SCHOOL_ROLES, Role, RoleAssignment, School, User


def _school_for(role: str, school: School | None) -> School | None:
    """School roles need a school; hub-wide roles never carry one."""
    if role in SCHOOL_ROLES and school is None:
        raise ValidationError(f"{Role(role).label} must be given at a school.")
    return school if role in SCHOOL_ROLES else None


def _make_hub_staff_admins(user_ids: Iterable[int]) -> None:
    # Hub staff run the hub and get the whole Django admin.
    User.objects.filter(pk__in=list(user_ids)).exclude(is_staff=True, is_superuser=True).update(
        is_staff=True, is_superuser=True
    )


def grant_role(user: User, role: str, *, school: School | None = None, actor: User | None = None) -> RoleAssignment:
    """Give `user` the role (at `school` for school roles). Granting twice is harmless."""
    school = _school_for(role, school)
    with transaction.atomic():
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user, role=role, school=school, defaults={"granted_by": actor}
        )
        if role == Role.HUB_STAFF and not (user.is_staff and user.is_superuser):
            _make_hub_staff_admins([user.pk])
            user.is_staff = user.is_superuser = True
    user.__dict__.pop("_portal_roles", None)
    return assignment


def grant_roles(grants: Iterable[tuple[User, str, School | None]], *, actor: User | None = None) -> None:
    """Many grants in a few queries (demo data, imports); ones a user already holds are left alone."""
    rows = [
        RoleAssignment(user=user, role=role, school=_school_for(role, school), granted_by=actor)
        for user, role, school in grants
    ]
    with transaction.atomic():
        RoleAssignment.objects.bulk_create(rows, ignore_conflicts=True)
        _make_hub_staff_admins({row.user_id for row in rows if row.role == Role.HUB_STAFF})


def revoke_role(user: User, role: str, *, school: School | None = None) -> None:
    with transaction.atomic():
        RoleAssignment.objects.filter(user=user, role=role, school=school).delete()
        if role == Role.HUB_STAFF:
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_portal_roles", None)
