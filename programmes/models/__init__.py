from .events import Event, EventInvitation, EventKind
from .strands import Cohort, CohortStage, Enrolment, LeadProvider, Programme, Strand

__all__ = [
    "Cohort", "CohortStage", "Enrolment", "Event", "EventInvitation", "EventKind", "LeadProvider", "Programme", "Strand",
]
