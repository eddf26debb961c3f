"""People, schools and who may do what where.

A person has one User (email is the login) and any number of role assignments.
Hub-wide roles have no school; an induction tutor's role names the school, and a
person can tutor at more than one school (one assignment per school).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.outbox import OutboxRow

from .schools import School


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who can sign in. Email is the login; there is no username."""

    username = None
    email = models.EmailField("email address", unique=True)
    # Integer keys stay internal; anything shown in a URL to others uses this.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # An account unused for its retention period is closed and its name and address forgotten
    # (privacy.retention); the row stays because records name who signed or decided them.
    anonymised_on = models.DateField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    HUB_STAFF = "hub_staff", "Hub staff"
    AB_STAFF = "ab_staff", "Appropriate body staff"
    INDUCTION_TUTOR = "induction_tutor", "Induction tutor"
    # Signs off ECTs' assessments and makes the final recommendation (FA-004/FA-005, DL-001).
    HEADTEACHER = "headteacher", "Headteacher"
    MENTOR = "mentor", "Mentor"
    ECT = "ect", "Early career teacher"
    NPQ_PARTICIPANT = "npq_participant", "NPQ participant"
    ITT_TRAINEE = "itt_trainee", "ITT trainee"
    FACILITATOR = "facilitator", "Facilitator"


# Roles that are held at one school; the others are hub-wide.
SCHOOL_ROLES = frozenset({Role.INDUCTION_TUTOR, Role.HEADTEACHER})
# Roles whose holders count as programme participants on the home page.
PARTICIPANT_ROLES = frozenset({Role.MENTOR, Role.ECT, Role.NPQ_PARTICIPANT, Role.ITT_TRAINEE})


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments")
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A headteacher role granted on an induction tutor's invitation signs nothing (FA-005) until hub staff or
    # the school's confirmed headteacher confirm it (HeadteacherConfirmation holds the request and the decision).
    awaiting_confirmation = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "school"], name="unique_role_per_school"),
            # One hub-wide assignment per role (NULL school would escape the constraint above).
            models.UniqueConstraint(fields=["user", "role"], condition=Q(school__isnull=True), name="unique_hub_role"),
            models.CheckConstraint(
                condition=~Q(role="induction_tutor") | Q(school__isnull=False), name="tutor_role_needs_school"
            ),
            models.CheckConstraint(condition=~Q(role="headteacher") | Q(school__isnull=False), name="headteacher_role_needs_school"),
        ]

    def __str__(self) -> str:
        where = f" at {self.school.name}" if self.school_id else ""
        return f"{self.get_role_display()}{where}"


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(OutboxRow):
    """A single-use, expiring link that lets one person join with one role."""
    send_task = "participants.tasks.send_invitation_emails"  # sends a chunk of them (the sweep queues it)


    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=30, choices=Role.choices)
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    # The link carries this id signed with SECRET_KEY (see participants.invitations).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set when a school registered the invitee as an ECT or mentor: accepting links the account to the record.
    teacher = models.ForeignKey(
        "participants.Teacher", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="induction_tutor") | Q(school__isnull=False), name="tutor_invitation_needs_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
