"""Events as iCalendar (RFC 5545): the .ics on each invitation, and later the personal feed."""

from django.conf import settings
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from programmes.models import Event

PRODID = "-//Hub Portal//Events//EN"


def _calendar_event(event: Event) -> CalendarEvent:
    item = CalendarEvent()
    # Stable across re-sends, so a calendar updates the entry instead of adding a second one.
    item.add("uid", f"event-{event.public_id}@{settings.HUB_SHORT_NAME.replace(' ', '-').lower()}")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", event.created_at)
    # Raised by every change of time or place and by a cancellation: a calendar keeps the entry with the
    # highest sequence, and removes it on a CANCEL whose sequence is at least the one it holds.
    item.add("sequence", event.sequence)
    # Calendars (Outlook especially) ignore an update or cancellation without an organiser.
    organizer = vCalAddress(f"mailto:{settings.HUB_CONTACT_EMAIL}")
    organizer.params["cn"] = settings.HUB_NAME
    item.add("organizer", organizer)
    location = event.venue or event.online_url
    if location:
        item.add("location", location)
    if event.online_url:
        item.add("url", event.online_url)
    if event.description:
        item.add("description", event.description)
    if event.cancelled_at:
        item.add("status", "CANCELLED")
    return item


def event_ics(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.cancelled_at else "PUBLISH")
    calendar.add_component(_calendar_event(event))
    return calendar.to_ical()


def feed_ics(events: list[Event], *, name: str) -> bytes:
    """A subscribable calendar of several events (a person's feed)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_calendar_event(event))
    return calendar.to_ical()
