"""Inviting people to the portal: hub staff and induction tutors send invitations, and the invitee accepts one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hubportal.lib.forms import add_domain_error
from participants import access
from participants.accounts.forms import AcceptInvitationForm, InvitationForm
from participants.accounts.invitations import InvitationNotUsable, NewAccount, accept_invitation, find_invitation, invite_person, resend_invitation
from participants.accounts.roles import awaiting_confirmation_message, awaits_confirmation
from participants.models import Invitation, Role, RoleAssignment, User


def _require(condition: bool) -> None:
    """Answer 404 rather than 403 so the portal does not reveal what exists."""
    if not condition:
        raise Http404


@require_safe
@login_required
def invitation_list(request):
    _require(access.can_invite(request.user))
    invitations = access.invitations_for(request.user).select_related("school", "invited_by").order_by("-created_at")
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return render(request, "participants/invitation_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def invitation_create(request):
    _require(access.can_invite(request.user))
    # Induction tutors appoint further tutors, and invite the headteacher, for their own schools; hub staff invite anyone anywhere.
    roles = None if access.is_hub_staff(request.user) else list(access.TUTOR_INVITABLE_ROLES)
    initial = {"role": Role.INDUCTION_TUTOR} if roles else {}
    if (urn := request.GET.get("school", "")).isdigit():
        initial["school"] = access.schools_for(request.user).filter(urn=int(urn)).first()
    form = InvitationForm(request.POST if request.method == "POST" else None, schools=access.schools_for(request.user), roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invite_person(
                email=data["email"],
                role=data["role"],
                school=data["school"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                invited_by=request.user,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}." + _confirmation_note(invitation, request.user))
            return redirect("participants:invitation_list")
    return render(request, "participants/invitation_form.html", {
        "form": form, "valid_days": settings.INVITATION_VALID_DAYS,
    })


@require_POST
@login_required
def invitation_resend(request, public_id):
    invitation = get_object_or_404(access.invitations_for(request.user), public_id=public_id)
    try:
        resend_invitation(invitation)
    except InvitationNotUsable:
        messages.error(request, f"The invitation to {invitation.email} was used or withdrawn, so it cannot be sent again.")
    else:
        messages.success(request, f"Invitation to {invitation.email} sent again.")
    return redirect("participants:invitation_list")


@require_http_methods(["GET", "POST"])
def accept_invitation_view(request, token: str):
    invitation = find_invitation(token)
    if invitation is None:
        raise Http404("This invitation link is not valid.")
    if not invitation.is_usable:
        return render(request, "participants/invitation_unusable.html", {"invitation": invitation}, status=410)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None or request.user.is_authenticated:
        return _accept_as_existing_user(request, invitation, existing)

    form = AcceptInvitationForm(request.POST if request.method == "POST" else None, email=invitation.email, initial={
        "first_name": invitation.first_name, "last_name": invitation.last_name,
    })
    if request.method == "POST" and form.is_valid():
        account = NewAccount(
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        try:
            user = accept_invitation(invitation, new_account=account)
        except InvitationNotUsable:
            return render(request, "participants/invitation_unusable.html", {"invitation": invitation}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.first_name}. Your account is ready.")
        _say_if_waiting(request, user, invitation)
        return redirect("home")
    return render(request, "participants/accept_invitation.html", {"invitation": invitation, "form": form})


def _accept_as_existing_user(request, invitation: Invitation, existing: User | None):
    signed_in_as_invitee = existing is not None and request.user.pk == existing.pk
    if request.method == "POST" and signed_in_as_invitee:
        try:
            accept_invitation(invitation, user=request.user)
        except InvitationNotUsable:
            return render(request, "participants/invitation_unusable.html", {"invitation": invitation}, status=410)
        if not _say_if_waiting(request, request.user, invitation):
            messages.success(request, f"You are now {invitation.get_role_display().lower()}"
                             + (f" at {invitation.school.name}." if invitation.school else "."))
        return redirect("home")
    return render(request, "participants/accept_invitation_existing.html", {
        "invitation": invitation, "signed_in_as_invitee": signed_in_as_invitee,
    })


def _confirmation_note(invitation: Invitation, inviter: User) -> str:
    """A headteacher the inviter cannot vouch for waits for confirmation: the inviter hears it now, not later."""
    if not awaits_confirmation(invitation.role, invitation.school, actor=inviter, invited=True):
        return ""
    return (" Once they accept, hub staff or the school's headteacher must confirm them before they can sign"
            " anything as headteacher.")


def _say_if_waiting(request, user: User, invitation: Invitation) -> bool:
    """Tell a new headteacher whose role waits for confirmation why they cannot sign yet; whether they were told."""
    waiting = RoleAssignment.objects.filter(user=user, role=invitation.role, school=invitation.school,
                                            awaiting_confirmation=True).exists()
    if waiting:
        messages.info(request, awaiting_confirmation_message(invitation.school) + ".")
    return waiting
