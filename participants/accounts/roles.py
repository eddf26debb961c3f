"""Granting and removing roles: the only code that writes RoleAssignment rows.

A headteacher signs every formal assessment after the induction tutor (FA-005), so the role is only
as trustworthy as whoever granted it. Granted by hub staff, by the school's confirmed headteacher or by
the hub itself (no actor: the admin, the demo seed, a command), it is confirmed at once. Granted on
anyone else's say-so (an induction tutor's invitation), it waits for hub staff or the school's
confirmed headteacher to confirm or refuse it, and cannot sign meanwhile.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.queue import queue_on_commit
from participants.access import may_confirm_headteacher
from participants.models import SCHOOL_ROLES, HeadteacherConfirmation, Role, RoleAssignment, School, User

Decision = HeadteacherConfirmation.Decision


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


def awaits_confirmation(role: str, school: School | None, *, actor: User | None, invited: bool = False) -> bool:
    """Whether a headteacher role granted by `actor` waits for confirmation.

    invited: granted by accepting `actor`'s invitation. An invitation whose sender's account is gone
    has nobody to vouch for it, so it waits too; a grant with no actor at all is the hub's own.
    """
    if role != Role.HEADTEACHER:
        return False
    if actor is None:
        return invited
    return not may_confirm_headteacher(actor, school.pk)


def grant_role(user: User, role: str, *, school: School | None = None, actor: User | None = None,
               invited: bool = False) -> RoleAssignment:
    """Give `user` the role (at `school` for school roles). Granting twice is harmless.

    A headteacher role that awaits confirmation (awaits_confirmation) is granted waiting, and its
    confirmers are asked once; one granted again by someone who may confirm it is confirmed by them.
    """
    school = _school_for(role, school)
    waits = awaits_confirmation(role, school, actor=actor, invited=invited)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, school=school, defaults={"granted_by": actor, "awaiting_confirmation": waits}
        )
        if waits and assignment.awaiting_confirmation:
            _ask_for_confirmation(user, school, requested_by=actor)
        elif not created and assignment.awaiting_confirmation and actor is not None and actor.pk != user.pk:
            pending = HeadteacherConfirmation.objects.filter(user=user, school=school, decision=Decision.PENDING).first()
            if pending is not None:
                confirm_headteacher(pending, actor=actor)
                assignment.awaiting_confirmation = False
        if role == Role.HUB_STAFF and not (user.is_staff and user.is_superuser):
            _make_hub_staff_admins([user.pk])
            user.is_staff = user.is_superuser = True
    user.__dict__.pop("_portal_roles", None)
    return assignment


def _ask_for_confirmation(user: User, school: School, *, requested_by: User | None) -> None:
    # The partial unique constraint keeps one open request per person and school: inviting again finds it.
    request, created = HeadteacherConfirmation.objects.get_or_create(
        user=user, school=school, decision=Decision.PENDING, defaults={"requested_by": requested_by})
    if created:
        queue_on_commit("participants.tasks.send_headteacher_confirmation_requests", [request.pk])


def grant_roles(grants: Iterable[tuple[User, str, School | None]], *, actor: User | None = None) -> None:
    """Many grants in a few queries (demo data, imports); ones a user already holds are left alone.

    The hub's own grants: a headteacher role here that would wait for confirmation goes through grant_role.
    """
    grants = list(grants)
    one_by_one = [(user, role, school) for user, role, school in grants if awaits_confirmation(role, school, actor=actor)]
    rows = [
        RoleAssignment(user=user, role=role, school=_school_for(role, school), granted_by=actor)
        for user, role, school in grants if (user, role, school) not in one_by_one
    ]
    with transaction.atomic():
        RoleAssignment.objects.bulk_create(rows, ignore_conflicts=True)
        _make_hub_staff_admins({row.user_id for row in rows if row.role == Role.HUB_STAFF})
        for user, role, school in one_by_one:
            grant_role(user, role, school=school, actor=actor)


def revoke_role(user: User, role: str, *, school: School | None = None) -> None:
    with transaction.atomic():
        RoleAssignment.objects.filter(user=user, role=role, school=school).delete()
        if role == Role.HUB_STAFF:
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_portal_roles", None)


# --- Confirming a headteacher ------------------------------------------------------------------------

def awaiting_confirmation_message(school: School, *, until: str = "sign") -> str:
    """What a headteacher whose role waits is told wherever they would act for the school."""
    return (f"Your headteacher role at {school.name} is waiting for confirmation by hub staff or the school's headteacher. "
            f"You can {until} once it is confirmed")


def _decide(request: HeadteacherConfirmation, decision: str, *, actor: User, now: datetime | None) -> HeadteacherConfirmation:
    """Lock the request, check the decider may decide it, and record the decision (the audit of who and when)."""
    with transaction.atomic():
        request = HeadteacherConfirmation.objects.select_for_update().select_related("user", "school").get(pk=request.pk)
        if request.decision != Decision.PENDING:
            raise ValidationError(f"{request.user}'s headteacher role at {request.school.name} was already "
                                  f"{request.get_decision_display().lower()}")
        if actor.pk == request.user_id or not may_confirm_headteacher(actor, request.school_id):
            raise ValidationError("Only hub staff or the school's confirmed headteacher can decide this")
        request.decision, request.decided_by, request.decided_at = decision, actor, now or timezone.now()
        request.save(update_fields=["decision", "decided_by", "decided_at"])
        held = RoleAssignment.objects.filter(user_id=request.user_id, role=Role.HEADTEACHER, school_id=request.school_id)
        if decision == Decision.CONFIRMED:
            if not held.update(awaiting_confirmation=False):
                raise ValidationError(f"{request.user} no longer holds the headteacher role at {request.school.name}")
        else:
            # Refused: they are not the headteacher, so the role goes; the request keeps the record.
            held.filter(awaiting_confirmation=True).delete()
    request.user.__dict__.pop("_portal_roles", None)
    return request


def confirm_headteacher(request: HeadteacherConfirmation, *, actor: User, now: datetime | None = None) -> HeadteacherConfirmation:
    """Hub staff or the school's confirmed headteacher vouch for the new headteacher: from now they may sign."""
    return _decide(request, Decision.CONFIRMED, actor=actor, now=now)


def refuse_headteacher(request: HeadteacherConfirmation, *, actor: User, now: datetime | None = None) -> HeadteacherConfirmation:
    """They are not the school's headteacher: the waiting role is removed (the request records who refused it, and when)."""
    return _decide(request, Decision.REFUSED, actor=actor, now=now)


def confirmer_emails(request: HeadteacherConfirmation) -> list[str]:
    """Who may decide the request, by email, worked out when sending: hub staff and the school's confirmed headteachers."""
    confirmers = Q(role_assignments__role=Role.HUB_STAFF) | Q(
        role_assignments__role=Role.HEADTEACHER, role_assignments__school_id=request.school_id, role_assignments__awaiting_confirmation=False)
    return list(User.objects.filter(confirmers, is_active=True).exclude(pk=request.user_id)
                .order_by("email").values_list("email", flat=True).distinct())
