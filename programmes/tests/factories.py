"""factory_boy factories for programmes' rows (events, invitations, cohorts, enrolments, certificates),
and the few builders several test modules share."""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from hubportal.lib.dates import academic_year_of
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School, Teacher, User
from participants.tests.factories import SchoolFactory, TeacherFactory
from programmes.certificates.certificates import new_code
from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.npq import npq_programme
from programmes.insight import figures as insight
from programmes.models import (
    Certificate,
    Cohort,
    CohortStage,
    Enrolment,
    Event,
    EventInvitation,
    EventKind,
    NPQCourse,
    NPQIntake,
    Place,
    RenderState,
    Response,
    Strand,
)

STAND_IN_PDF = b"%PDF-1.4\nstand-in\n"


def this_year() -> int:
    """The academic year today falls in (2026 for 2026/27)."""
    return academic_year_of(timezone.localdate())


class EventFactory(factory.django.DjangoModelFactory):
    """The ECT welcome conference, under way: it began an hour ago and ends in five hours, so its register is open.

    `days_ago` starts it that many days ago instead (negative: that many days ahead), `hours` long;
    or pass starts_at and ends_at. `facilitators=[user, ...]` adds facilitators.
    """

    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        days_ago = None
        hours = 6

    title = "ECT Welcome Conference"
    kind = EventKind.ECT_WELCOME_Y1
    venue = "Kingsholm"
    capacity = 200
    starts_at = factory.LazyAttribute(
        lambda event: timezone.now() - (timedelta(hours=1) if event.days_ago is None else timedelta(days=event.days_ago))
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=event.hours))

    @factory.post_generation
    def facilitators(event, create, extracted, **kwargs):
        if create and extracted:
            event.facilitators.add(*extracted)


def past_event(title: str = "Mentor conference", days_ago: int = 3, **fields) -> Event:
    """A three-hour mentor conference at the hub that began `days_ago` days ago (negative: still to come):
    the kind of event evaluations ask about."""
    return EventFactory(title=title, kind=EventKind.MENTOR_CONFERENCE, venue="Hub", capacity=None, days_ago=days_ago, hours=3,
                        **fields)


class InvitationFactory(factory.django.DjangoModelFactory):
    """Someone on an event's list who accepted and holds a confirmed place (`place=""`: not replied)."""

    class Meta:
        model = EventInvitation

    event = factory.SubFactory(EventFactory)
    first_name = "Ada"
    last_name = factory.Sequence(lambda n: f"Guest{n}")
    email = factory.LazyAttribute(lambda invitation: f"{invitation.first_name}.{invitation.last_name}@example.org".lower())
    place = Place.CONFIRMED
    response = factory.LazyAttribute(lambda invitation: Response.ACCEPTED if invitation.place else Response.NONE)


def invite(event: Event, first: str, last: str, **fields) -> EventInvitation:
    """`first last` (first.last@example.org) on the event's list: accepted with a confirmed place unless `place` says not."""
    return InvitationFactory(event=event, first_name=first, last_name=last, **fields)


def attended(event: Event, user: User, *, by_email: bool = False, present: bool = True) -> EventInvitation:
    """The user on the event's register, marked present (or not); `by_email`: matched by address, not by account."""
    return EventInvitation.objects.create(
        event=event, email=user.email.upper() if by_email else user.email, user=None if by_email else user,
        attended_at=event.starts_at if present else None,
    )


class NPQCohortFactory(factory.django.DjangoModelFactory):
    """An NPQ cohort: the course's programme (made as the hub's list names it), the autumn intake of 2026/27."""

    class Meta:
        model = Cohort

    class Params:
        course = NPQCourse.H

    programme = factory.LazyAttribute(lambda cohort: npq_programme(cohort.course))
    academic_year = 2026
    intake = NPQIntake.AUTUMN


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An active enrolment of a new teacher on an NPQ cohort, from today."""

    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(NPQCohortFactory)
    teacher = factory.SubFactory(TeacherFactory)
    status = Enrolment.Status.ACTIVE
    enrolled_on = factory.LazyFunction(timezone.localdate)


def enrolled(user: User, cohort: Cohort, status: str = Enrolment.Status.ACTIVE) -> Enrolment:
    """The user's own teacher record (named Pat Doe if the account has no name) enrolled on the cohort today."""
    teacher = TeacherFactory(user=user, first_name=user.first_name or "Pat", last_name=user.last_name or "Doe")
    return EnrolmentFactory(cohort=cohort, teacher=teacher, status=status)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate of attendance as the worker leaves it: rendered, with a tiny stand-in PDF (`pdf_bytes`);
    a real render is tested in certificates/test_rendering.py. A QUEUED or FAILED one has no file."""

    class Meta:
        model = Certificate

    kind = Certificate.Kind.ATTENDANCE
    invitation = factory.SubFactory(InvitationFactory, attended_at=factory.SelfAttribute("event.starts_at"))
    email = factory.LazyAttribute(lambda certificate: certificate.invitation.email)
    recipient_name = factory.LazyAttribute(lambda c: f"{c.invitation.first_name} {c.invitation.last_name}".strip())
    title = factory.LazyAttribute(lambda certificate: certificate.invitation.event.title)
    statement = "attended"
    awarded_on = date(2026, 9, 1)
    issuer = "Hub"
    code = factory.LazyFunction(new_code)
    render_state = RenderState.RENDERED
    rendered_at = factory.LazyAttribute(lambda c: timezone.now() if c.render_state == RenderState.RENDERED else None)
    pdf_bytes = STAND_IN_PDF
    pdf_name = "c.pdf"

    @classmethod
    def _create(cls, model_class, *args, pdf_bytes: bytes, pdf_name: str, **kwargs):
        certificate = model_class(*args, **kwargs)
        if certificate.render_state == RenderState.RENDERED:
            certificate.pdf.save(pdf_name, ContentFile(pdf_bytes), save=False)
        certificate.save()
        return certificate


# --- The insight world -------------------------------------------------------------------------------
# A small hub for the insight figures (insight/test_figures.py, insight/test_pages.py and the browser
# test): schools that take part in one way each, schools that do not (the cold spots, including near
# misses), NPQ cohorts with outcomes and events with attendance.

_trns = itertools.count(3_100_001)
_urns = itertools.count(700_001)


def teacher() -> Teacher:
    n = next(_trns)
    return Teacher.objects.create(trn=str(n), first_name="Test", last_name=f"Teacher{n}", email=f"t{n}@example.org")


def school(name: str, **fields) -> School:
    fields.setdefault("urn", next(_urns))
    return SchoolFactory(name=name, **fields)


SCHOOL_LED = {"working_pattern": "full_time", "training_programme": "school_led"}


@dataclass
class World:
    year: insight.Year
    hot: list[School]
    cold: list[School]
    closed: School


def aware(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def build_world(year: int, *, event_day: date, scale: int = 1, prefix: str = "") -> World:
    """Every way of taking part once per `scale`, and schools that miss each one by a little."""
    y = insight.Year(year)
    ecte = cohort_for(Strand.ECTE, year, CohortStage.YEAR_1)
    last_year = cohort_for(Strand.ECTE, year - 1, CohortStage.YEAR_1)
    headship = Cohort.objects.get_or_create(programme=npq_programme(NPQCourse.H), academic_year=year, intake="autumn")[0]
    senco = Cohort.objects.get_or_create(programme=npq_programme(NPQCourse.SENCO), academic_year=year, intake="spring")[0]
    hot, cold = [], []
    for k in range(scale):
        tag = f"{prefix}{k}"
        enrolled = school(f"Enrolled Primary {tag}", local_authority="Gloucestershire", district="Stroud")
        attended = school(f"Attended Academy {tag}", phase="Secondary", local_authority="Gloucestershire", district="Cotswold")
        with_ect = school(f"ECT Infant School {tag}", local_authority="Herefordshire", district="Ledbury")
        with_mentor = school(f"Mentor Junior School {tag}", local_authority="Herefordshire", district="Ledbury")
        hot += [enrolled, attended, with_ect, with_mentor]
        declined_only = school(f"Declined Nursery {tag}", phase="Nursery", local_authority="Gloucestershire", district="Stroud")
        last_year_only = school(f"Last Year Primary {tag}", local_authority="Herefordshire", district="Ross")
        ect_before = school(f"Finished ECT Primary {tag}", local_authority="Herefordshire", district="Ross")
        cancelled_only = school(f"Cancelled Event Academy {tag}", phase="Secondary", local_authority="Gloucestershire", district="Cotswold")
        cold += [declined_only, last_year_only, ect_before, cancelled_only]

        Enrolment.objects.create(cohort=ecte, teacher=teacher(), school=enrolled, enrolled_on=y.first_day)
        Enrolment.objects.create(cohort=ecte, teacher=teacher(), school=enrolled, status="deferred", enrolled_on=y.first_day)
        Enrolment.objects.create(cohort=ecte, teacher=teacher(), school=declined_only, status="declined", enrolled_on=y.first_day)
        Enrolment.objects.create(cohort=last_year, teacher=teacher(), school=last_year_only, status="completed",
                                 enrolled_on=y.first_day - timedelta(days=365))
        # NPQs at the enrolled school: 4 headship (1 nominated, 1 withdrawn, 2 completed: passed, failed), 1 SENCO active.
        for status, outcome in [("nominated", ""), ("withdrawn", ""), ("completed", "passed"), ("completed", "failed")]:
            Enrolment.objects.create(cohort=headship, teacher=teacher(), school=enrolled, status=status, enrolled_on=y.first_day,
                                     outcome=outcome, outcome_on=y.first_day + timedelta(days=200) if outcome else None)
        Enrolment.objects.create(cohort=senco, teacher=teacher(), school=enrolled, enrolled_on=y.first_day)

        ECTAtSchoolPeriod.objects.create(**SCHOOL_LED, teacher=teacher(), school=with_ect, started_on=y.first_day - timedelta(days=100))
        ECTAtSchoolPeriod.objects.create(**SCHOOL_LED, teacher=teacher(), school=ect_before, started_on=y.first_day - timedelta(days=400),
                                         finished_on=y.first_day - timedelta(days=1))
        MentorAtSchoolPeriod.objects.create(teacher=teacher(), school=with_mentor, started_on=y.last_day)

        held = Event.objects.create(title=f"{prefix}Mentor conference {k}", kind=EventKind.MENTOR_CONFERENCE, venue="Hub",
                                    starts_at=aware(event_day), ends_at=aware(event_day, 16))
        cancelled = Event.objects.create(title=f"{prefix}Cancelled clinic {k}", kind=EventKind.AB_CLINIC, venue="Hub",
                                         starts_at=aware(event_day), ends_at=aware(event_day, 16), cancelled_at=aware(event_day, 8))
        # Held: 4 confirmed places, 3 attended (two from `attended`); one waiting; the cancelled one's attendee does not count.
        rows = [("a", attended, Place.CONFIRMED, True), ("b", attended, Place.CONFIRMED, True), ("c", None, Place.CONFIRMED, True),
                ("d", with_ect, Place.CONFIRMED, False), ("e", None, Place.WAITING, False)]
        EventInvitation.objects.bulk_create([
            EventInvitation(event=held, email=f"{who}{tag}@example.org", school=where, place=place,
                            attended_at=aware(event_day, 11) if present else None)
            for who, where, place, present in rows
        ] + [EventInvitation(event=cancelled, email=f"x{tag}@example.org", school=cancelled_only, place=Place.CONFIRMED,
                             attended_at=aware(event_day, 11))])
    closed = school(f"Closed School {prefix}", status=School.Status.CLOSED)
    return World(y, hot, cold, closed)


__all__ = [
    "STAND_IN_PDF", "this_year", "EventFactory", "past_event", "InvitationFactory", "invite", "attended", "NPQCohortFactory",
    "EnrolmentFactory", "enrolled", "CertificateFactory", "World", "build_world", "aware", "school", "teacher",
]
