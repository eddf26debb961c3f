"""A participant's own invitations and their calendar feed."""

from django.db.models import Q, QuerySet

from participants.models import User
from programmes.access import teacher_record_of
from programmes.models import CalendarFeed, Event, EventInvitation, Place


def invitations_of(user: User) -> QuerySet[EventInvitation]:
    """Invitations addressed to this person: by account, by their teacher record, or by their address.

    My events and My golden thread both read this one rule. An address alone counts only when the
    invitation names no account: one naming someone else's account is theirs, whatever address it
    was sent to.
    """
    if not user.is_authenticated:
        return EventInvitation.objects.none()
    return EventInvitation.objects.filter(
        Q(user=user) | Q(teacher=teacher_record_of(user)) | Q(user__isnull=True, email__iexact=user.email)
    ).select_related("event__cohort__programme")


def feed_for(user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed(user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def feed_events(feed: CalendarFeed) -> list[Event]:
    """Events the person has a place at (cancelled ones stay, marked cancelled, so calendars remove them)."""
    return list(
        Event.objects.filter(invitations__in=invitations_of(feed.user).filter(place__in=[Place.CONFIRMED, Place.OFFERED]))
        .distinct()
        .order_by("starts_at")
    )
