"""Inviting people to the portal, and accepting an invitation.

Nobody signs up unasked. Hub staff and induction tutors invite a person with
one role; the email carries a link whose token is the invitation's public id
signed with SECRET_KEY, so a leaked database yields no working links. The link
works once, until it expires.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.outbox import new_message_id
from hubportal.lib.queue import queue_chunks_on_commit, queue_on_commit
from participants.accounts.roles import grant_role
from participants.models import SCHOOL_ROLES, Invitation, Role, RoleAssignment, School, Teacher, User, invitation_expiry

TOKEN_SALT = "participants.invitation"


class InvitationNotUsable(Exception):
    """The link was used, revoked or has expired."""


def invitation_token(invitation: Invitation) -> str:
    # The same token every time: expiry and single use live on the row, not in the link.
    return signing.Signer(salt=TOKEN_SALT).sign(str(invitation.public_id))


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("participants:accept_invitation", args=[invitation_token(invitation)])


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link points at, whatever its state, or None for a forged or mangled link."""
    try:
        public_id = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("school", "invited_by").filter(public_id=public_id).first()


def invite_person(
    *,
    email: str,
    role: str,
    invited_by: User,
    school: School | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Invitation:
    """Create an invitation and queue its email once the transaction commits.

    Inviting the same person to the same role again replaces the earlier link,
    so only the newest email works.
    """
    email = email.strip().lower()
    if role in SCHOOL_ROLES and school is None:
        raise ValidationError({"school": f"Choose the school for the {Role(role).label.lower()}."})
    if role not in SCHOOL_ROLES:
        school = None
    if RoleAssignment.objects.filter(user__email__iexact=email, role=role, school=school).exists():
        raise ValidationError({"email": f"{email} already has this role."})

    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.usable().filter(email__iexact=email, role=role, school=school).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            school=school,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            invited_by=invited_by,
            expires_at=invitation_expiry(),
        )
        queue_on_commit("participants.tasks.send_invitation_email", invitation.pk)
    return invitation


def invite_teachers(teachers: list[Teacher], *, role: str, school: School, invited_by: User | None) -> list[Invitation]:
    """Invite registered ECTs or mentors to set up an account, in a few queries whatever the number.

    Teachers who already have an account are skipped (they sign in as before). The school
    is kept on the invitation for the email's wording; the role itself is hub-wide.
    Must run inside the caller's transaction: the emails are queued when it commits.
    """
    pending = [teacher for teacher in teachers if teacher.user_id is None]
    if not pending:
        return []
    emails = {teacher.email.lower() for teacher in pending}
    Invitation.objects.usable().filter(email__in=emails, role=role).update(revoked_at=timezone.now())
    invitations = Invitation.objects.bulk_create(
        Invitation(
            email=teacher.email.lower(),
            first_name=teacher.first_name if not teacher.corrected_name else teacher.corrected_name.split()[0],
            last_name=teacher.last_name,
            role=role,
            school=school,
            teacher=teacher,
            invited_by=invited_by,
            expires_at=invitation_expiry(),
        )
        for teacher in pending
    )
    # STYLE 7: chunks over one SMTP connection each, never one message to hundreds of people.
    queue_chunks_on_commit("participants.tasks.send_invitation_emails", [invitation.pk for invitation in invitations])
    return invitations


def resend_invitation(invitation: Invitation) -> None:
    """Send a failed or unanswered invitation again, with a fresh expiry."""
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationNotUsable
    with transaction.atomic():
        # A new message, not another try of the old one (which may have arrived): a Message-ID of its own.
        Invitation.objects.filter(pk=invitation.pk).update(
            email_state=Invitation.EmailState.QUEUED, email_error="", expires_at=invitation_expiry(),
            email_attempts=0, email_retry_at=None, email_message_id=new_message_id(),
        )
        queue_on_commit("participants.tasks.send_invitation_email", invitation.pk)


@dataclass(frozen=True)
class NewAccount:
    first_name: str
    last_name: str
    password: str


def accept_invitation(invitation: Invitation, *, user: User | None = None, new_account: NewAccount | None = None) -> User:
    """Use the invitation once: for a signed-in `user`, or by creating `new_account`.

    Claiming the row with a conditional update means two clicks of the same link
    cannot both succeed.
    """
    if (user is None) == (new_account is None):
        raise ValueError("Pass exactly one of user and new_account")
    if user is not None and user.email.lower() != invitation.email.lower():
        raise ValidationError(f"This invitation is for {invitation.email}. Sign out and open the link again.")
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.usable().filter(pk=invitation.pk).update(accepted_at=now)
        if not claimed:
            raise InvitationNotUsable
        if user is None:
            user = User.objects.create_user(
                email=invitation.email,
                password=new_account.password,
                first_name=new_account.first_name,
                last_name=new_account.last_name,
            )
        # The link reached this mailbox, which proves the address.
        address = EmailAddress.objects.filter(user=user, email__iexact=invitation.email).first()
        if address is None:
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=not has_primary)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
        if invitation.teacher_id and not Teacher.objects.filter(user=user).exists():
            # The school registered this person: their account and their record are now one, but only
            # through the address the record holds (whoever else a link reached is not this teacher).
            Teacher.objects.filter(pk=invitation.teacher_id, user__isnull=True, email__iexact=invitation.email).update(user=user)
        # A headteacher invited by a tutor waits for confirmation before signing anything (roles.awaits_confirmation).
        grant_role(user, invitation.role, school=invitation.school, actor=invitation.invited_by, invited=True)
    return user


def expire_old_invitations(*, older_than_days: int = 90) -> int:
    """Delete invitations that expired long ago; accepted ones stay as the record of who joined how."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff).delete()
    return deleted
