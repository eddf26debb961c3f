"""Induction tutors book their school's ECTs and mentors onto an event, and see who is coming.

Hub staff open an event to school booking (Event.school_booking). A booking is an
acceptance made by the tutor for each person chosen: under the same event lock as any
reply (programmes.replies), so it fills free places first and puts the rest on the
waiting list, never over capacity. Each person is emailed once: a new invitation says
their school booked them; someone already invited gets one "booked" notice instead.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from hubportal.lib.outbox import EmailState
from hubportal.lib.queue import queue_chunks_on_commit
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School, User, active_on
from programmes.events.invitations import check_accepting, check_open
from programmes.events.replies import free_places, take_place, wants_or_holds_place
from programmes.models import Enrolment, Event, EventInvitation, EventNotice, Place


def bookable_events(*, now) -> QuerySet[Event]:
    """Events a school may book onto now: open to schools, not cancelled, not started, replies still open."""
    return Event.objects.filter(
        Q(reply_by__isnull=True) | Q(reply_by__gte=timezone.localdate(now)),
        school_booking=True, cancelled_at__isnull=True, starts_at__gt=now,
    )


def school_events(school: School) -> QuerySet[Event]:
    """Events a school's tutors may look at: those open to schools, and any its people are invited to."""
    invited = EventInvitation.objects.filter(school=school).values("event_id")
    return Event.objects.filter(Q(school_booking=True) | Q(pk__in=invited))


def events_for_school(school: School, *, now) -> QuerySet[Event]:
    """The school's upcoming events (cancelled ones too, so tutors see that), with its people's numbers."""
    from_school = Q(invitations__school=school)
    return (
        school_events(school)
        .filter(ends_at__gt=now)
        .annotate(
            school_invited=Count("invitations", filter=from_school),
            school_confirmed=Count("invitations", filter=from_school & Q(invitations__place=Place.CONFIRMED)),
            school_waiting=Count("invitations", filter=from_school & Q(invitations__place__in=[Place.WAITING, Place.OFFERED])),
        )
        .order_by("starts_at")
    )


def school_attendees(event: Event, school: School) -> QuerySet[EventInvitation]:
    """Everyone from the school invited to the event, whatever their reply."""
    return event.invitations.filter(school=school).select_related("booked_by").order_by("last_name", "first_name", "email")


@dataclass(frozen=True)
class Candidate:
    """Someone at the school the tutor may book: a current ECT or mentor."""

    teacher_id: int
    first_name: str
    last_name: str
    email: str
    user_id: int | None
    role: str  # "ECT" or "Mentor"
    # In the event's cohort, or mentoring an ECT who is: chosen for the tutor by default.
    suggested: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"



def booking_candidates(event: Event, school: School, *, today: date) -> list[Candidate]:
    """The school's current ECTs then mentors, each once, in two queries however many there are."""
    columns = ("teacher_id", "teacher__first_name", "teacher__last_name", "teacher__email", "teacher__user_id")
    in_cohort = Enrolment.objects.filter(teacher=OuterRef("teacher"), cohort_id=event.cohort_id, status=Enrolment.Status.ACTIVE)
    ects = ECTAtSchoolPeriod.objects.filter(active_on(today), school=school, started_on__lte=today)
    ect_rows = ects.annotate(suggested=Exists(in_cohort)).values_list(*columns, "suggested")
    mentors_of_cohort = ects.filter(Exists(in_cohort)).values("mentor_id")
    mentor_rows = (
        MentorAtSchoolPeriod.objects.filter(active_on(today), school=school, started_on__lte=today)
        .annotate(suggested=Case(When(pk__in=mentors_of_cohort, then=Value(True)), default=Value(False)))
        .values_list(*columns, "suggested")
    )
    found: dict[int, Candidate] = {}
    for role, rows in (("ECT", ect_rows), ("Mentor", mentor_rows)):
        for teacher_id, first, last, email, user_id, suggested in rows:
            found.setdefault(teacher_id, Candidate(teacher_id, first, last, email, user_id, role, bool(event.cohort_id and suggested)))
    return sorted(found.values(), key=lambda c: (c.role, c.last_name.lower(), c.first_name.lower()))


@dataclass
class BookingResult:
    confirmed: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    # Already accepted (confirmed, offered or waiting): left as they were.
    unchanged: list[str] = field(default_factory=list)


def book_places(event: Event, school: School, teacher_ids: list[int], *, actor: User, now) -> BookingResult:
    """Book each chosen person at the school onto the event: a place while any are free, then the waiting list."""
    if not teacher_ids:
        raise ValidationError("Select at least one person to book")
    wanted = set(teacher_ids)
    chosen = [c for c in booking_candidates(event, school, today=timezone.localdate(now)) if c.teacher_id in wanted]
    if len(chosen) != len(wanted):
        raise ValidationError("Some of the people selected are no longer at your school. Check the list and try again.")
    result = BookingResult()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_bookable(event, now=now)
        EventInvitation.objects.bulk_create(
            [
                EventInvitation(
                    event=event, email=c.email.lower(), first_name=c.first_name, last_name=c.last_name, teacher_id=c.teacher_id,
                    user_id=c.user_id, school=school, invited_by=actor, booked_by=actor, booked_at=now,
                )
                for c in chosen
            ],
            ignore_conflicts=True,
        )
        # Places go in the order the tutor sees the list: ECTs first, then mentors, each by name.
        order = {c.email.lower(): number for number, c in enumerate(chosen)}
        invitations = list(event.invitations.select_for_update().filter(email__in=order))
        free = free_places(event)
        booked = []
        for invitation in sorted(invitations, key=lambda i: order[i.email]):
            if wants_or_holds_place(invitation):
                result.unchanged.append(invitation.name)
                continue
            take_place(invitation, free=free, now=now)
            if invitation.place == Place.CONFIRMED:
                free -= 1
                result.confirmed.append(invitation.name)
            else:
                result.waiting.append(invitation.name)
            invitation.school, invitation.replied_at, invitation.booked_by, invitation.booked_at = school, now, actor, now
            invitation.save()
            booked.append(invitation)
        _email_on_commit(booked)
    return result


def _check_bookable(event: Event, *, now) -> None:
    if not event.school_booking:
        raise ValidationError("This event is not open to bookings by schools")
    check_open(event, now=now)
    if event.starts_at <= now:
        raise ValidationError("This event has started, so places can no longer be booked")
    check_accepting(event, now=now)


def _email_on_commit(booked: list[EventInvitation]) -> None:
    """A queued invitation will say they were booked; anyone whose invitation went already gets one notice."""

    already_emailed = [invitation for invitation in booked if invitation.email_state != EmailState.QUEUED]
    EventNotice.objects.bulk_create(
        [EventNotice(invitation=invitation, kind=EventNotice.Kind.BOOKED) for invitation in already_emailed], ignore_conflicts=True
    )
    notices = EventNotice.objects.filter(invitation__in=already_emailed, kind=EventNotice.Kind.BOOKED, email_state=EmailState.QUEUED)
    queue_chunks_on_commit("programmes.tasks.send_event_invitations", [invitation.pk for invitation in booked if invitation.email_state == EmailState.QUEUED])
    queue_chunks_on_commit("programmes.tasks.send_event_notices", list(notices.values_list("pk", flat=True)))
