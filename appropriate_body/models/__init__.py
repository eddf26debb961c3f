from .claims import CLAIMABLE_INDUCTION_STATUSES, Claim, TRSInductionStatus
from .decisions import CompletionDecision, Decision, Recommendation
from .inductions import Absence, Extension, Induction, InductionPeriod, Outcome

__all__ = ["CompletionDecision", "Decision", "Recommendation", "Absence", "CLAIMABLE_INDUCTION_STATUSES", "Claim", "TRSInductionStatus", "Extension", "Induction", "InductionPeriod", "Outcome"]
from .agreements import AgreementTerms, RenewalReminder, RenewalReminderItem, ServiceAgreement  # noqa: E402

__all__ += ["AgreementTerms", "RenewalReminder", "RenewalReminderItem", "ServiceAgreement"]
from .assessments import (  # noqa: E402
    Assessment,
    AssessmentKind,
    AssessmentNotice,
    AssessmentReminder,
    AssessmentStatus,
    EvidenceFile,
    Standard,
    StandardJudgement,
)

__all__ += ["Assessment", "AssessmentKind", "AssessmentNotice", "AssessmentReminder", "AssessmentStatus",
            "EvidenceFile", "Standard", "StandardJudgement"]
from .bulk import BulkUpload  # noqa: E402

__all__ += ["BulkUpload"]
from .appeals import Appeal, AppealOutcome  # noqa: E402

__all__ += ["Appeal", "AppealOutcome"]
from .length_requests import LengthRequest, LengthRequestNotice  # noqa: E402

__all__ += ["LengthRequest", "LengthRequestNotice"]

from .report_reviews import SECTIONS, ReportReview, ReportReviewNotice, ReturnedSection, ReviewOutcome  # noqa: E402

__all__ += ["SECTIONS", "ReportReview", "ReportReviewNotice", "ReturnedSection", "ReviewOutcome"]

from .concerns import Concern, ConcernAction, ConcernNotice  # noqa: E402
from .fidelity import FIDELITY_AREAS, FidelityCheck, FidelityFollowUp, FidelityOutcome, Finding  # noqa: E402

__all__ += ["Concern", "ConcernAction", "ConcernNotice", "FIDELITY_AREAS", "FidelityCheck", "FidelityFollowUp", "FidelityOutcome",
            "Finding"]

from .qa import QACheck, QAFinding, WorkAssignment, WorkKind, WorkloadRefresh, WorkloadTally  # noqa: E402

__all__ += ["QACheck", "QAFinding", "WorkAssignment", "WorkKind", "WorkloadRefresh", "WorkloadTally"]
