"""Demo conferences and events for `seed_demo` (issue 4, item 8).

Last year's and this year's events of every kind, with invitations in every state:
past ones with the register closed and attendance ticked, upcoming ones with emails
queued, sent and failed, and replies of every kind (one full event with a waiting
list, a place offered, an offer lapsed), and one cancelled event.

Invitees are the demo's real people (ECTs and mentors by their enrolments, tutors by
their role) with their school. Rows are inserted directly with the state wanted: no
email is sent. Events are keyed by title (which names the academic year), so a second
run creates nothing; a fixed seed per event makes the states the same every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hubportal.lib.dates import academic_year_of
from hubportal.lib.outbox import REFUSED_ADDRESS, REFUSED_MESSAGE, EmailState
from participants.models import Role, RoleAssignment, School, User
from programmes.models import Cohort, CohortStage, Enrolment, Event, EventInvitation, EventKind, EventNotice, Place, Response, Strand

SEED = 2026
DEMO_DOMAIN = "demo.example.org"
FACILITATOR_EMAIL = f"facilitator@{DEMO_DOMAIN}"
DEMO_PEOPLE = {f"ect@{DEMO_DOMAIN}", f"mentor@{DEMO_DOMAIN}", f"tutor@{DEMO_DOMAIN}"}

# What hub staff read beside a failed email (hubportal.lib.outbox words it so).
EMAIL_ERRORS = (REFUSED_ADDRESS, REFUSED_MESSAGE)
ACCESS_NEEDS = ("Step-free access, please: I use a wheelchair.", "A hearing loop, please.", "Seat near the front: I have low vision.")
DIETARY_NEEDS = ("Vegetarian", "Vegan", "Halal", "Gluten free", "Nut allergy (severe)", "Dairy free")
CANCELLATION_REASON = (
    "The venue has had to close for urgent repairs. We are sorry: the session will be run again "
    "in the spring term and you will be invited."
)


@dataclass(frozen=True)
class Invitee:
    email: str
    first_name: str
    last_name: str
    teacher_id: int | None
    user_id: int | None
    school_id: int | None


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    starts_at: datetime
    hours: int
    audience: str  # a key of the audiences built in seed_demo_events
    cohort: tuple[str, int, str] | None = None  # (strand, academic year, stage)
    venue: str = ""
    online_url: str = ""
    capacity: int | None = None
    cpd_hours: str = "0"
    # Upcoming only: make it full with a waiting list, or cancel it.
    full: bool = False
    cancelled: bool = False
    # Open to induction tutors' bookings; some of the demo tutor's people are booked by them.
    school_booking: bool = False


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def plan_events(today: date) -> list[DemoEvent]:
    """Last academic year's events (all past) and this year's (some past, most ahead of `today`)."""
    year = academic_year_of(today)
    last, this = _label(year - 1), _label(year)
    hall = "Hub Conference Centre, Main Hall"
    room = "Hub Conference Centre, Room 2"
    clinic = "https://meet.example.org/hub-ab-clinic"
    ecte, mentors = Strand.ECTE, Strand.ECTE_MENTOR
    y1, y2 = CohortStage.YEAR_1, CohortStage.YEAR_2
    return [
        # Last year: fixed dates in that academic year, all in the past.
        DemoEvent(f"ECT welcome conference Year 1 {last}", EventKind.ECT_WELCOME_Y1, _at(date(year - 1, 10, 8), 9), 6,
                  "ect_y1_last", (ecte, year - 1, y1), venue=hall, capacity=400, cpd_hours="5.0"),
        DemoEvent(f"ECT welcome conference Year 2 {last}", EventKind.ECT_WELCOME_Y2, _at(date(year - 1, 10, 15), 9), 6,
                  "ect_y2_last", (ecte, year - 1, y2), venue=hall, capacity=300, cpd_hours="5.0"),
        DemoEvent(f"Mentor conference {last}", EventKind.MENTOR_CONFERENCE, _at(date(year - 1, 11, 5), 9), 5,
                  "mentors_last", (mentors, year - 1, ""), venue=hall, capacity=300, cpd_hours="4.0"),
        DemoEvent(f"NPQ induction conference {last}", EventKind.NPQ_INDUCTION, _at(date(year - 1, 10, 1), 9), 6,
                  "npq", venue=hall, capacity=150, cpd_hours="5.0"),
        DemoEvent(f"Induction tutor training {last}", EventKind.TUTOR_TRAINING, _at(date(year, 1, 20), 13), 3,
                  "tutors", venue=room, capacity=120, cpd_hours="2.5"),
        DemoEvent(f"AB drop-in clinic: spring term {last}", EventKind.AB_CLINIC, _at(date(year, 2, 10), 15), 1,
                  "tutors", online_url=clinic, cpd_hours="0"),
        DemoEvent(f"CPD session: assessment for learning {last}", EventKind.CPD_SESSION, _at(date(year, 3, 12), 16), 2,
                  "ect_y2_last", venue=room, capacity=80, cpd_hours="1.5"),
        # This year, already held: relative to today so they are past whenever the demo is built.
        DemoEvent(f"ECT welcome conference Year 1 {this}", EventKind.ECT_WELCOME_Y1, _at(today - timedelta(days=35), 9), 6,
                  "ect_y1_and_mentors", (ecte, year, y1), venue=hall, capacity=500, cpd_hours="5.0"),
        DemoEvent(f"Induction tutor training {this}", EventKind.TUTOR_TRAINING, _at(today - timedelta(days=14), 13), 3,
                  "tutors", venue=room, capacity=150, cpd_hours="2.5"),
        # ITT recruitment: schools' staff hear how to host trainees and point would-be teachers to the SCITT.
        DemoEvent(f"ITT recruitment evening: train to teach with our SCITT partners {this}", EventKind.ITT_RECRUITMENT,
                  _at(today - timedelta(days=21), 18), 2, "tutors", venue=room, capacity=120),
        # This year, ahead of today: invitations in every state.
        DemoEvent(f"AB drop-in clinic: autumn term {this}", EventKind.AB_CLINIC, _at(today + timedelta(days=7), 15), 1,
                  "tutors", online_url=clinic),
        DemoEvent(f"NPQ induction conference {this}", EventKind.NPQ_INDUCTION, _at(today + timedelta(days=9), 9), 6,
                  "npq", venue=hall, capacity=150, cpd_hours="5.0"),
        DemoEvent(f"ECT welcome conference Year 2 {this}", EventKind.ECT_WELCOME_Y2, _at(today + timedelta(days=16), 9), 6,
                  "ect_y2", (ecte, year, y2), venue=hall, capacity=300, cpd_hours="5.0", school_booking=True),
        DemoEvent(f"Mentor conference {this}", EventKind.MENTOR_CONFERENCE, _at(today + timedelta(days=23), 9), 5,
                  "mentors", (mentors, year, ""), venue=room, cpd_hours="4.0", full=True, school_booking=True),
        DemoEvent(f"CPD session: adaptive teaching {this}", EventKind.CPD_SESSION, _at(today + timedelta(days=30), 16), 2,
                  "ect_y1", venue=room, capacity=300, cpd_hours="1.5", school_booking=True),
        DemoEvent(f"CPD session: behaviour twilight {this}", EventKind.CPD_SESSION, _at(today + timedelta(days=12), 16), 2,
                  "ect_y1_and_mentors", venue=room, capacity=80, cpd_hours="1.5", cancelled=True),
    ]


def _enrolled(strand: str, year: int, stage: str, statuses: tuple[str, ...]) -> list[Invitee]:
    rows = (
        Enrolment.objects.filter(cohort__programme__strand=strand, cohort__academic_year=year, cohort__stage=stage,
                                 status__in=statuses)
        .order_by("teacher__trn")
        .values_list("teacher__email", "teacher__first_name", "teacher__last_name", "teacher_id", "teacher__user_id", "school_id")
    )
    return [Invitee(*row) for row in rows]


def _role_holders(role: str, schools: list[int]) -> list[Invitee]:
    rows = (
        RoleAssignment.objects.filter(role=role, user__email__endswith=f"@{DEMO_DOMAIN}")
        .order_by("user__email", "school__urn")
        .values_list("user__email", "user__first_name", "user__last_name", "user__teacher", "user_id", "school_id")
    )
    people = [Invitee(*row) for row in rows]
    if role == Role.NPQ_PARTICIPANT and schools:
        # NPQ is a hub-wide role with no school; the demo gives each participant one, fixed by seed.
        rng = random.Random(f"{SEED}-events-npq-schools")
        people = [Invitee(p.email, p.first_name, p.last_name, p.teacher_id, p.user_id, rng.choice(schools)) for p in people]
    return people


def _audiences(year: int) -> dict[str, list[Invitee]]:
    done = (Enrolment.Status.COMPLETED, Enrolment.Status.ACTIVE)
    active = (Enrolment.Status.ACTIVE,)
    schools = sorted(School.objects.filter(role_assignments__role=Role.INDUCTION_TUTOR).values_list("pk", flat=True).distinct())
    ect_y1 = _enrolled(Strand.ECTE, year, CohortStage.YEAR_1, active)
    mentors = _enrolled(Strand.ECTE_MENTOR, year, "", active)
    return {
        "ect_y1_last": _enrolled(Strand.ECTE, year - 1, CohortStage.YEAR_1, done),
        "ect_y2_last": _enrolled(Strand.ECTE, year - 1, CohortStage.YEAR_2, done),
        "mentors_last": _enrolled(Strand.ECTE_MENTOR, year - 1, "", done),
        "ect_y1": ect_y1,
        "ect_y2": _enrolled(Strand.ECTE, year, CohortStage.YEAR_2, active),
        "mentors": mentors,
        "ect_y1_and_mentors": ect_y1 + mentors,
        "tutors": _role_holders(Role.INDUCTION_TUTOR, schools),
        "npq": _role_holders(Role.NPQ_PARTICIPANT, schools),
    }


def _once_each(people: list[Invitee]) -> list[Invitee]:
    # One invitation per (event, email): a tutor of two schools is invited through the first.
    seen: dict[str, Invitee] = {}
    for person in people:
        seen.setdefault(person.email.lower(), person)
    return list(seen.values())


class _Builder:
    def __init__(self, *, today: date, hub_staff: User | None, facilitator: User | None):
        self.today, self.hub_staff, self.facilitator = today, hub_staff, facilitator
        # "Now" for the demo's timestamps: the morning of `today`, so the states are the same every run.
        self.now = _at(today, 8)
        self.notices: list[tuple[EventInvitation, str]] = []

    def _base(self, event: Event, person: Invitee, rng: random.Random) -> EventInvitation:
        invited = min(event.starts_at - timedelta(days=42), self.now - timedelta(days=5))
        return EventInvitation(
            event=event, email=person.email, first_name=person.first_name, last_name=person.last_name,
            teacher_id=person.teacher_id, user_id=person.user_id, school_id=person.school_id,
            invited_by=self.hub_staff, created_at=invited, email_state=EmailState.SENT,
            email_sent_at=invited + timedelta(minutes=rng.randint(1, 20)),
        )

    def _needs(self, invitation: EventInvitation, rng: random.Random) -> None:
        if rng.random() < 0.08:
            invitation.access_needs = rng.choice(ACCESS_NEEDS)
        if rng.random() < 0.2:
            invitation.dietary_needs = rng.choice(DIETARY_NEEDS)

    def _replied(self, invitation: EventInvitation, rng: random.Random, latest: datetime) -> datetime:
        span = max(int((latest - invitation.email_sent_at).total_seconds()), 60)
        return invitation.email_sent_at + timedelta(seconds=rng.randint(60, span))

    def past(self, event: Event, people: list[Invitee], rng: random.Random) -> list[EventInvitation]:
        """Everyone was sent theirs; most accepted; most of those came, ticked by staff or the facilitator."""
        rows = []
        for person in people:
            invitation = self._base(event, person, rng)
            roll = rng.random()
            forced = person.email in DEMO_PEOPLE
            if forced or roll < 0.8:
                invitation.response, invitation.place = Response.ACCEPTED, Place.CONFIRMED
                invitation.replied_at = self._replied(invitation, rng, event.starts_at - timedelta(days=2))
                self._needs(invitation, rng)
                if forced or rng.random() < 0.88:
                    invitation.attended_at = event.starts_at + timedelta(minutes=rng.randint(-30, 25))
                    invitation.marked_by = rng.choice([m for m in (self.hub_staff, self.facilitator) if m])
            elif roll < 0.9:
                invitation.response = Response.DECLINED
                invitation.replied_at = self._replied(invitation, rng, event.starts_at - timedelta(days=2))
            rows.append(invitation)
        present = [i for i in rows if i.attended_at and i.email not in DEMO_PEOPLE]
        if present and all(i.attended_at for i in rows if i.place == Place.CONFIRMED):
            # Someone always misses a day: a register with everyone ticked shows nothing.
            present[-1].attended_at = present[-1].marked_by = None
        if event.capacity is not None:
            # Never over capacity: the room was booked for whoever the audience turned out to be.
            event.capacity = max(event.capacity, sum(i.place == Place.CONFIRMED for i in rows))
        return rows

    def upcoming(self, event: Event, people: list[Invitee], rng: random.Random, *, full: bool) -> list[EventInvitation]:
        rows, accepted = [], []
        for person in people:
            invitation = self._base(event, person, rng)
            forced = person.email in DEMO_PEOPLE
            roll = rng.random()
            if not forced and roll < 0.05:
                invitation.email_state, invitation.email_sent_at = EmailState.QUEUED, None
            elif not forced and roll < 0.09:
                invitation.email_state, invitation.email_sent_at = EmailState.FAILED, None
                invitation.email_error = rng.choice(EMAIL_ERRORS)
            else:
                reply = 0.0 if forced else rng.random()
                if reply < 0.6:
                    invitation.response = Response.ACCEPTED
                    invitation.replied_at = self._replied(invitation, rng, self.now - timedelta(hours=1))
                    self._needs(invitation, rng)
                    accepted.append(invitation)
                elif reply < 0.75:
                    invitation.response = Response.DECLINED
                    invitation.replied_at = self._replied(invitation, rng, self.now - timedelta(hours=1))
                    if rng.random() < 0.3:
                        invitation.dietary_needs = rng.choice(DIETARY_NEEDS)
            rows.append(invitation)
        accepted.sort(key=lambda i: (i.email not in DEMO_PEOPLE, i.replied_at))
        # A full event: the first to accept have places, one offer lapsed (passed on), the next
        # holds an offer of a place freed by a decline, and the rest wait in order (capacity = held places).
        confirmed = len(accepted) if not full else max(1, int(len(accepted) * 0.7))
        for n, invitation in enumerate(accepted):
            if n < confirmed:
                invitation.place = Place.CONFIRMED
            elif n == confirmed:
                invitation.place, invitation.waiting_since = Place.OFFER_LAPSED, invitation.replied_at
                self.notices.append((invitation, EventNotice.Kind.PLACE_OFFERED))
            elif n == confirmed + 1:
                invitation.place, invitation.waiting_since = Place.OFFERED, invitation.replied_at
                invitation.offer_expires_at = self.now + timedelta(hours=30)
                self.notices.append((invitation, EventNotice.Kind.PLACE_OFFERED))
            else:
                invitation.place, invitation.waiting_since = Place.WAITING, invitation.replied_at
        if full:
            event.capacity = confirmed + (1 if len(accepted) > confirmed + 1 else 0)
        elif event.capacity is not None:
            event.capacity = max(event.capacity, confirmed)
        return rows


def seed_demo_events(*, today: date, hub_staff: User | None) -> int:
    """Create the demo events the database lacks (keyed by title); returns how many. The caller holds the transaction."""
    planned = plan_events(today)
    have = set(Event.objects.filter(title__in=[e.title for e in planned]).values_list("title", flat=True))
    missing = [e for e in planned if e.title not in have]
    if not missing:
        return 0
    year = academic_year_of(today)
    audiences = _audiences(year)
    facilitator = User.objects.filter(email=FACILITATOR_EMAIL).first()
    tutor = User.objects.filter(email=f"tutor@{DEMO_DOMAIN}").first()
    tutor_schools = set(RoleAssignment.objects.filter(user=tutor, role=Role.INDUCTION_TUTOR).values_list("school_id", flat=True))
    cohorts = {
        (c.programme.strand, c.academic_year, c.stage): c
        for c in Cohort.objects.filter(academic_year__in=[year - 1, year]).select_related("programme")
    }
    builder = _Builder(today=today, hub_staff=hub_staff, facilitator=facilitator)
    events, invitations = [], []
    for plan in missing:
        rng = random.Random(f"{SEED}-events-{plan.title}")
        event = Event(
            title=plan.title, kind=plan.kind, cohort=cohorts.get(plan.cohort) if plan.cohort else None,
            description=f"{EventKind(plan.kind).label} run by the teaching school hub.",
            venue=plan.venue, online_url=plan.online_url, starts_at=plan.starts_at,
            ends_at=plan.starts_at + timedelta(hours=plan.hours), capacity=plan.capacity,
            reply_by=(plan.starts_at - timedelta(days=7)).date(), cpd_hours=Decimal(plan.cpd_hours),
            created_by=hub_staff, created_at=min(plan.starts_at - timedelta(days=60), builder.now - timedelta(days=10)),
            school_booking=plan.school_booking,
        )
        people = _once_each(audiences[plan.audience])
        past = plan.starts_at < builder.now
        rows = builder.past(event, people, rng) if past else builder.upcoming(event, people, rng, full=plan.full)
        if plan.school_booking and tutor:
            _booked_by_tutor(rows, tutor, tutor_schools, rng)
        if past:
            event.register_closed_at, event.register_closed_by = event.ends_at + timedelta(hours=1), hub_staff
        if plan.cancelled:
            event.cancelled_at, event.cancellation_reason = builder.now - timedelta(days=2), CANCELLATION_REASON
            builder.notices += [
                (i, EventNotice.Kind.CANCELLED) for i in rows
                if i.email_state == EmailState.SENT and i.response != Response.DECLINED
            ]
        events.append(event)
        invitations += rows
    # Each event's history starts as a hand-made one's does: created by hub staff, when it was created.
    bulk_create_with_history(events, Event, default_user=hub_staff)
    Event.history.filter(id__in=[event.pk for event in events]).update(
        history_date=Subquery(Event.objects.filter(pk=OuterRef("id")).values("created_at")[:1])
    )
    for invitation in invitations:
        invitation.event_id = invitation.event.pk
    EventInvitation.objects.bulk_create(invitations)
    _facilitate(events, hub_staff, facilitator)
    EventNotice.objects.bulk_create(
        EventNotice(invitation_id=invitation.pk, kind=kind, created_at=builder.now - timedelta(days=1),
                    email_state=EmailState.SENT, email_sent_at=builder.now - timedelta(days=1))
        for invitation, kind in builder.notices
    )
    return len(events)


def _booked_by_tutor(rows: list[EventInvitation], tutor: User, schools: set[int], rng: random.Random) -> None:
    """About half the acceptances from the demo tutor's schools were the tutor's bookings; the rest are left to book."""
    for invitation in rows:
        if invitation.school_id in schools and invitation.response == Response.ACCEPTED and rng.random() < 0.5:
            invitation.booked_by, invitation.booked_at = tutor, invitation.replied_at


def _facilitate(events: list[Event], hub_staff: User | None, facilitator: User | None) -> None:
    """Hub staff facilitate the conferences; the demo facilitator leads the training, clinics and CPD."""
    through = Event.facilitators.through
    led_by_facilitator = {EventKind.TUTOR_TRAINING, EventKind.AB_CLINIC, EventKind.CPD_SESSION, EventKind.MENTOR_CONFERENCE}
    rows = []
    for event in events:
        if facilitator and event.kind in led_by_facilitator:
            rows.append(through(event_id=event.pk, user_id=facilitator.pk))
        elif hub_staff:
            rows.append(through(event_id=event.pk, user_id=hub_staff.pk))
    through.objects.bulk_create(rows)


__all__ = ["DemoEvent", "plan_events", "seed_demo_events"]
