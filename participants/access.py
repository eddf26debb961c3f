"""The one place that decides which people and schools a user may reach.

Every view that shows schools or people scopes its queryset through these
functions; anything outside the scope answers 404, never 403, so the portal
does not reveal that another school's records exist.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import ECTAtSchoolPeriod, HeadteacherConfirmation, Invitation, Role, RoleAssignment, School

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


def require_hub_staff(user) -> None:
    """Hub staff pages answer 404 to everyone else, as anything outside a user's scope does."""
    if not is_hub_staff(user):
        raise Http404("No such page")


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


def school_roles(user) -> QuerySet[RoleAssignment]:
    """The user's induction tutor and headteacher roles, each with its school: what tutored_schools,
    headed_schools and confirmed_headed_schools read, in one query for a page that needs all three."""
    if not user.is_authenticated:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, role__in=[Role.INDUCTION_TUTOR, Role.HEADTEACHER], school__isnull=False)


def headed_schools(user) -> QuerySet[School]:
    """Schools where the user is the headteacher."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(role_assignments__user=user, role_assignments__role=Role.HEADTEACHER).distinct()


def confirmed_headed_schools(user) -> QuerySet[School]:
    """Schools where the user's headteacher role is confirmed: the ones where they may sign (FA-005) and confirm others."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(role_assignments__user=user, role_assignments__role=Role.HEADTEACHER,
                                 role_assignments__awaiting_confirmation=False).distinct()


def may_confirm_headteacher(user, school_id: int) -> bool:
    """Hub staff, and the school's own confirmed headteacher, vouch for a new headteacher there."""
    return is_hub_staff(user) or confirmed_headed_schools(user).filter(pk=school_id).exists()


def headteacher_confirmations_for(user) -> QuerySet[HeadteacherConfirmation]:
    """The requests a user may decide: all for hub staff; their schools' for a confirmed headteacher, never their own."""
    if is_hub_staff(user):
        return HeadteacherConfirmation.objects.all()
    if has_role(user, Role.HEADTEACHER):
        return HeadteacherConfirmation.objects.filter(school__in=confirmed_headed_schools(user)).exclude(user=user)
    return HeadteacherConfirmation.objects.none()


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


def can_invite(user) -> bool:
    """Hub staff invite anyone; an induction tutor invites further tutors, and the headteacher, for their own schools."""
    return is_hub_staff(user) or has_role(user, Role.INDUCTION_TUTOR)


# The school roles an induction tutor may invite people to, for their own schools.
TUTOR_INVITABLE_ROLES = (Role.INDUCTION_TUTOR, Role.HEADTEACHER)


def invitations_for(user) -> QuerySet[Invitation]:
    """Invitations the user may see and re-send: all for hub staff; for a tutor, those to their schools' tutor and headteacher roles."""
    if is_hub_staff(user):
        return Invitation.objects.all()
    if has_role(user, Role.INDUCTION_TUTOR):
        return Invitation.objects.filter(Q(role__in=TUTOR_INVITABLE_ROLES) & Q(school__in=tutored_schools(user)))
    return Invitation.objects.none()


def can_manage_ects(user, school: School) -> bool:
    """Register and change ECTs and mentors: the school's own tutors, and hub staff supporting them."""
    return is_hub_staff(user) or tutored_schools(user).filter(pk=school.pk).exists()


def ect_periods_for(user) -> QuerySet[ECTAtSchoolPeriod]:
    if sees_all_schools(user):
        return ECTAtSchoolPeriod.objects.all()
    return ECTAtSchoolPeriod.objects.filter(school__in=tutored_schools(user))


def get_ect_period_for(user, urn: int, public_id) -> ECTAtSchoolPeriod:
    """One ECT's period at one school, 404 unless the user may see that school."""
    school = get_school_for(user, urn)
    try:
        return ECTAtSchoolPeriod.objects.select_related("teacher", "school", "mentor__teacher", "lead_provider").get(
            school=school, public_id=public_id
        )
    except (ECTAtSchoolPeriod.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such ECT") from None




def get_school_to_manage(user, urn: int) -> School:
    """The school, if the user may register and change its ECTs; 404 otherwise."""
    school = get_school_for(user, urn)
    _require_manage(user, school)
    return school


def _require_manage(user, school: School) -> None:
    if not can_manage_ects(user, school):
        raise Http404("No such school")
