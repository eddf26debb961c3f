from .accounts import (
    PARTICIPANT_ROLES,
    SCHOOL_ROLES,
    Invitation,
    InvitationQuerySet,
    Role,
    RoleAssignment,
    User,
    UserManager,
    invitation_expiry,
)
from .headteachers import HeadteacherConfirmation
from .schools import School
from .teachers import (
    AtSchoolPeriod,
    ECTAtSchoolPeriod,
    LeadProvider,
    LeavingReason,
    MentorAtSchoolPeriod,
    Teacher,
    TrainingProgramme,
    WorkingPattern,
    active_on,
    trn_validator,
)

__all__ = [
    "active_on",
    "PARTICIPANT_ROLES",
    "SCHOOL_ROLES",
    "AtSchoolPeriod",
    "ECTAtSchoolPeriod",
    "HeadteacherConfirmation",
    "LeadProvider",
    "Invitation",
    "InvitationQuerySet",
    "LeavingReason",
    "MentorAtSchoolPeriod",
    "Role",
    "RoleAssignment",
    "School",
    "Teacher",
    "TrainingProgramme",
    "User",
    "UserManager",
    "WorkingPattern",
    "invitation_expiry",
    "trn_validator",
]
