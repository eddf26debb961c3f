from .certificates import Certificate, CertificateBatch, CertificateKind, CertificateNotice, RenderState
from .engagement import CohortTally, EngagementGroup, EngagementRefresh, EventTally, SchoolEngagement
from .evaluations import Evaluation, EvaluationAnswer, EvaluationNotice
from .events import HELD_PLACES, CalendarFeed, Event, EventInvitation, EventKind, EventNotice, Place, Response
from .golden_thread import (
    NPQ_NOT_OFFERED,
    NPQ_WITHOUT_OUTCOME,
    CareerStage,
    Delivery,
    ITTRoute,
    NPQCourse,
    NPQIntake,
    NPQOutcome,
    OfferKind,
    Partner,
    Phase,
    Placement,
    StudyMode,
)
from .strands import Cohort, CohortStage, Enrolment, Programme, Strand
from .uploads import EnrolmentUpload

__all__ = [
    "HELD_PLACES", "NPQ_NOT_OFFERED", "NPQ_WITHOUT_OUTCOME", "CalendarFeed", "CareerStage", "Certificate", "CertificateBatch",
    "CertificateKind", "CertificateNotice", "Cohort", "CohortTally", "EngagementGroup", "EngagementRefresh", "EventTally", "SchoolEngagement", "CohortStage", "Delivery", "Enrolment", "EnrolmentUpload", "Event", "EventInvitation",
    "Evaluation", "EvaluationAnswer", "EvaluationNotice", "EventKind", "EventNotice", "ITTRoute", "NPQCourse",
    "NPQIntake", "NPQOutcome", "OfferKind", "Partner", "Phase", "Place", "Placement", "Programme", "RenderState", "Response",
    "Strand", "StudyMode",
]
