from .events import HELD_PLACES, CalendarFeed, Event, EventInvitation, EventKind, EventNotice, Place, Response
from .strands import Cohort, CohortStage, Enrolment, LeadProvider, Programme, Strand

__all__ = [
    "HELD_PLACES", "CalendarFeed", "Cohort", "CohortStage", "Enrolment", "Event", "EventInvitation", "EventKind", "EventNotice", "LeadProvider",
    "Place", "Programme",
    "Response", "Strand",
]
