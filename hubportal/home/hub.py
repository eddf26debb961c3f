"""Hub staff's week: events coming up and their replies, what is still sending, and what waits for a decision.

Four queries whatever the size of the hub: the first events of the next two weeks with their reply
counts, the first invitation sends and certificate batches still going, and every count (events,
sends, batches, nominations, this week's registrations) in one statement, and the cold-spot count from
the insight dashboard's kept figures (as at their last refresh, a few minutes old at most).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from hubportal.home.tasks import Task
from hubportal.lib.counts import count_all
from hubportal.lib.dates import academic_year_of
from hubportal.lib.outbox import EmailState
from participants.models import ECTAtSchoolPeriod
from programmes.cohorts.enrolments import cohort_part
from programmes.cohorts.nominations import pending_nominations
from programmes.events.replies import invitations_counted
from programmes.insight.engagement import engagement_as_at
from programmes.insight.figures import Year
from programmes.models import Certificate, CertificateBatch, EngagementGroup, Event, EventInvitation, RenderState, Response

# "Coming up": the next two weeks, so a Friday still shows the week after next's Monday.
AHEAD = timedelta(days=14)
# Rows shown in each list; the heading says how many there are in all.
SHOWN = 8
STILL_SENDING = (EmailState.QUEUED, EmailState.SENDING)
STILL_RENDERING = (RenderState.QUEUED, RenderState.RENDERING)


@dataclass(frozen=True)
class Batch:
    """A send or a render still going: what it is for, how many are left, and its page."""

    label: str
    waiting: int
    url: str


@dataclass(frozen=True)
class HubWeek:
    # Each event annotated with accepted, declined and no_reply.
    events: list[Event]
    events_total: int
    batches: list[Batch]
    batches_total: int
    tasks: list[Task]


def upcoming_events(*, now: datetime):
    """Events starting in the next two weeks, not cancelled."""
    return Event.objects.filter(cancelled_at__isnull=True, starts_at__gte=now, starts_at__lt=now + AHEAD)


def with_replies(events):
    """Each event with its reply counts, in the query that reads the events."""
    return (
        events.annotate(accepted=invitations_counted(response=Response.ACCEPTED),
                        declined=invitations_counted(response=Response.DECLINED),
                        no_reply=invitations_counted(response=Response.NONE))
        .order_by("starts_at", "pk")
    )


def _sending_events():
    return Event.objects.filter(Exists(EventInvitation.objects.filter(event=OuterRef("pk"), email_state__in=STILL_SENDING)))


def _rendering_batches():
    return CertificateBatch.objects.filter(Exists(Certificate.objects.filter(batch=OuterRef("pk"), render_state__in=STILL_RENDERING)))


def still_sending() -> list[Batch]:
    """The first events whose invitations are still going out, and certificate batches still rendering: two queries."""
    events = (_sending_events().annotate(waiting=Count("invitations", filter=Q(invitations__email_state__in=STILL_SENDING)))
              .order_by("starts_at", "pk")[:SHOWN])
    batches = (_rendering_batches().select_related("event", "cohort__programme")
               .annotate(waiting=Count("certificates", filter=Q(certificates__render_state__in=STILL_RENDERING)))
               .order_by("created_at", "pk")[:SHOWN])
    rows = [Batch(f"Invitations to {event.title}", event.waiting, reverse("programmes:event_detail", args=[event.public_id]))
            for event in events]
    for batch in batches:
        if batch.event_id:
            url = reverse("programmes:event_certificates", args=[batch.event.public_id])
            what = batch.event.title
        else:
            cohort = batch.cohort
            url = reverse("programmes:cohort_certificates", args=[cohort.programme.slug, cohort.academic_year, cohort_part(cohort)])
            what = cohort.name
        rows.append(Batch(f"Certificates for {what}", batch.waiting, url))
    return rows


def cold_spot_count(year: Year, *, now: datetime) -> int:
    """Open schools taking part in nothing, summed from the year's kept engagement figures (the dashboard's own count)."""
    engagement_as_at(year, now=now)
    sums = EngagementGroup.objects.filter(academic_year=year.start).aggregate(schools=Sum("schools"), taking_part=Sum("taking_part"))
    return (sums["schools"] or 0) - (sums["taking_part"] or 0)


def this_week(*, now: datetime) -> HubWeek:
    today = timezone.localdate(now)
    week_start = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time()))
    events = upcoming_events(now=now)
    counts = count_all({
        "events": events, "sending": _sending_events(), "rendering": _rendering_batches(),
        "nominations": pending_nominations(),
        "registrations": ECTAtSchoolPeriod.objects.filter(created_at__gte=week_start),
    })
    cold_spots = cold_spot_count(Year(academic_year_of(today)), now=now)
    tasks = [
        Task("nominations", "Decide on NPQ and CPD nominations", counts["nominations"],
             reverse("programmes:pending_nominations"), "Schools put staff forward; approve or decline each."),
        Task("registrations", "ECTs registered this week", counts["registrations"], reverse("participants:registration_list"),
             "Registrations made since Monday.", figure=True),
        Task("cold_spots", "Schools taking part in nothing this year", cold_spots,
             reverse("programmes:hub_insight") + "#heading-cold_spots",
             "Open schools with no enrolment, no one at an event and no ECT or mentor this year: the hub's cold spots "
             "(as the insight dashboard counts them, every few minutes).", figure=True),
    ]
    return HubWeek(list(with_replies(events)[:SHOWN]), counts["events"], still_sending(), counts["sending"] + counts["rendering"], tasks)
