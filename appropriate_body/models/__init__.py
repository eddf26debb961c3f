from .claims import CLAIMABLE_INDUCTION_STATUSES, Claim, TRSInductionStatus
from .inductions import Absence, Extension, Induction, InductionPeriod, Outcome

__all__ = ["Absence", "CLAIMABLE_INDUCTION_STATUSES", "Claim", "TRSInductionStatus", "Extension", "Induction", "InductionPeriod", "Outcome"]
