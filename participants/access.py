"""The one place that decides which people and schools a user may reach.

Every view that shows schools or people scopes its queryset through these
functions; anything outside the scope answers 404, never 403, so the portal
does not reveal that another school's records exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from .models import Invitation, Role, School, User

# Hub and AB staff work across every school the hub serves.
ALL_SCHOOLS_ROLES = frozenset({Role.HUB_STAFF, Role.AB_STAFF})


def roles_of(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the length of the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.role_assignments.values_list("role", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def is_hub_staff(user) -> bool:
    return has_role(user, Role.HUB_STAFF)


def is_ab_staff(user) -> bool:
    return has_role(user, Role.AB_STAFF)


def sees_all_schools(user) -> bool:
    return bool(roles_of(user) & ALL_SCHOOLS_ROLES)


def tutored_schools(user) -> QuerySet[School]:
    """Schools where the user is an induction tutor."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        role_assignments__user=user, role_assignments__role=Role.INDUCTION_TUTOR
    ).distinct()


def schools_for(user) -> QuerySet[School]:
    """Schools whose pages the user may open: all for hub and AB staff, their own for tutors."""
    if sees_all_schools(user):
        return School.objects.all()
    return tutored_schools(user)


def get_school_for(user, urn: int) -> School:
    try:
        return schools_for(user).get(urn=urn)
    except School.DoesNotExist:
        raise Http404("No such school") from None


def people_for(user) -> QuerySet[User]:
    """People the user may see: everyone for hub and AB staff, else themselves.

    Later issues widen this for tutors (their school's ECTs and mentors).
    """
    if sees_all_schools(user):
        return User.objects.all()
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(pk=user.pk)


def can_invite(user) -> bool:
    return is_hub_staff(user)


def invitations_for(user) -> QuerySet[Invitation]:
    """Invitations the user may see and re-send: all for hub staff, none for anyone else (yet)."""
    if can_invite(user):
        return Invitation.objects.all()
    return Invitation.objects.none()
