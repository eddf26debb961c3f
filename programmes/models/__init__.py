from .certificates import Certificate, CertificateBatch, CertificateKind, CertificateNotice, RenderState
from .events import HELD_PLACES, CalendarFeed, Event, EventInvitation, EventKind, EventNotice, Place, Response
from .strands import Cohort, CohortStage, Enrolment, LeadProvider, Programme, Strand

__all__ = [
    "HELD_PLACES", "CalendarFeed", "Certificate", "CertificateBatch", "CertificateKind", "CertificateNotice", "Cohort", "CohortStage", "Enrolment", "Event", "EventInvitation", "EventKind", "EventNotice", "LeadProvider",
    "Place", "Programme", "RenderState",
    "Response", "Strand",
]
