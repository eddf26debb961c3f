"""Events the hub runs (conferences, training, clinics) and who is invited to them.

An EventInvitation is one person's invitation to one event and the outbox row of its
email (hubportal.outbox). People are keyed by email within an event, so inviting an
audience twice (a double click, a retried task) can never invite anyone twice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow


class EventKind(models.TextChoices):
    ECT_WELCOME_Y1 = "ect_welcome_y1", "ECT welcome conference (Year 1)"
    ECT_WELCOME_Y2 = "ect_welcome_y2", "ECT welcome conference (Year 2)"
    MENTOR_CONFERENCE = "mentor_conference", "Mentor conference"
    NPQ_INDUCTION = "npq_induction", "NPQ induction conference"
    TUTOR_TRAINING = "tutor_training", "Induction tutor training"
    AB_CLINIC = "ab_clinic", "Appropriate body drop-in clinic"
    CPD_SESSION = "cpd_session", "CPD session"
    ITT_RECRUITMENT = "itt_recruitment", "ITT recruitment event"


class Event(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    description = models.TextField(blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField("online link", blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # None means no limit (an online clinic, say).
    capacity = models.PositiveIntegerField(null=True, blank=True)
    reply_by = models.DateField(null=True, blank=True)
    cpd_hours = models.DecimalField("CPD hours", max_digits=4, decimal_places=1, default=0)
    # Whether induction tutors may book their own school's ECTs and mentors onto it (programmes.school_bookings).
    school_booking = models.BooleanField("schools can book places", default=False)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_events")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    # Once closed, the register (attendance) is final: certificates are issued from it.
    register_closed_at = models.DateTimeField(null=True, blank=True)
    register_closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The iCalendar SEQUENCE (RFC 5545): raised when the time or place changes or the event is cancelled, so
    # a calendar replaces the entry it holds (same UID) with the one in the newest email.
    sequence = models.PositiveIntegerField(default=0)
    # Who changed what and when, shown on the event's staff page (programmes.events.events.event_history).
    # Each save is one row; the facilitators (a many-to-many) are not in it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"),
            models.CheckConstraint(condition=~Q(venue="") | ~Q(online_url=""), name="event_has_a_venue_or_link"),
        ]

    def __str__(self) -> str:
        return self.title


class Response(models.TextChoices):
    NONE = "", "No reply yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Place(models.TextChoices):
    NONE = "", "No place"
    CONFIRMED = "confirmed", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    # A freed place held for this person until offer_expires_at; then it passes to the next.
    OFFERED = "offered", "Place offered"
    OFFER_LAPSED = "offer_lapsed", "Offer lapsed"


# Places that count against the event's capacity.
HELD_PLACES = (Place.CONFIRMED, Place.OFFERED)


class EventInvitation(OutboxRow):
    send_task = "programmes.tasks.send_event_invitations"  # sends a chunk of them (the sweep queues it)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    # Whoever the person is known as: a registered teacher, an account, or both.
    teacher = models.ForeignKey("participants.Teacher", on_delete=models.SET_NULL, null=True, blank=True, related_name="event_invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="event_invitations")
    # The school the person comes from, so its tutors can see and book who is coming.
    school = models.ForeignKey("participants.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="event_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the person's induction tutor booked the place for them (their email says so).
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    booked_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True, default="")
    place = models.CharField(max_length=12, choices=Place.choices, blank=True, default="")
    replied_at = models.DateTimeField(null=True, blank=True)
    # The waiting list is in this order: earliest acceptance first.
    waiting_since = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # The register: who was there, and who ticked them (hub staff or the event's facilitators).
    attended_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    access_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    # After its retention period the reply and attendance stay (the insight figures count them), whose they were goes.
    anonymised_on = models.DateField(null=True, blank=True)

    Response = Response
    Place = Place

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_person_per_event")]
        indexes = [
            models.Index(fields=["event", "email_state"]), models.Index(fields=["event", "place", "waiting_since"]),
            # A participant's own invitations match their address case-insensitively (programmes.events.mine).
            models.Index(Upper("email"), name="invitation_upper_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.event}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email


class EventNotice(OutboxRow):
    """An email about an event to one invitee beyond the invitation itself: each kind at most once."""
    send_task = "programmes.tasks.send_event_notices"  # sends a chunk of them (the sweep queues it)

    class Kind(models.TextChoices):
        PLACE_OFFERED = "place_offered", "A place has come up"
        REMINDER_WEEK = "reminder_week", "Reminder a week before"
        REMINDER_DAY = "reminder_day", "Reminder the day before"
        CANCELLED = "cancelled", "The event is cancelled"
        # To someone already sent an invitation when their school then books them a place.
        BOOKED = "booked", "Booked by their school"
        # To someone with or waiting for a place when the time or place changes: one per change (its sequence).
        CHANGED = "changed", "The time or place changed"

    invitation = models.ForeignKey(EventInvitation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The event's sequence the notice is about: a change notice whose event has moved on since is not sent
    # (the newer one carries the latest details). Every other kind is sent once, at sequence 0.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "kind", "sequence"], name="one_notice_of_a_kind_per_change")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.invitation.email}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: their events with a place, for any calendar app to subscribe to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    # The secret in the URL; a new one (reset) stops the old address working.
    token = models.UUIDField(default=uuid.uuid4, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
