from .claims import CLAIMABLE_INDUCTION_STATUSES, Claim, TRSInductionStatus
from .inductions import Extension, Induction, InductionPeriod, Outcome

__all__ = ["CLAIMABLE_INDUCTION_STATUSES", "Claim", "TRSInductionStatus", "Extension", "Induction", "InductionPeriod", "Outcome"]
