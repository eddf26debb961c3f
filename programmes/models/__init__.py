from .events import Event, EventInvitation, EventKind, Place, Response
from .strands import Cohort, CohortStage, Enrolment, LeadProvider, Programme, Strand

__all__ = [
    "Cohort", "CohortStage", "Enrolment", "Event", "EventInvitation", "EventKind", "LeadProvider", "Place", "Programme",
    "Response", "Strand",
]
