"""How many rows the demo's tables hold, to show a second seed added nothing."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from appropriate_body.models import Claim, Induction, InductionPeriod, ServiceAgreement
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, RoleAssignment, School, Teacher, User
from privacy.models import DataRequest, PrivacyNotice, PrivacyNoticeReading
from programmes.models import Cohort, Enrolment


def counts() -> dict[str, int]:
    return {
        "schools": School.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "emails": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "teachers": Teacher.objects.count(),
        "teacher history": Teacher.history.count(),
        "ect periods": ECTAtSchoolPeriod.objects.count(),
        "ect period history": ECTAtSchoolPeriod.history.count(),
        "mentor periods": MentorAtSchoolPeriod.objects.count(),
        "claims": Claim.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "cohorts": Cohort.objects.count(),
        "inductions": Induction.objects.count(),
        "agreements": ServiceAgreement.objects.count(),
        "induction periods": InductionPeriod.objects.count(),
        "privacy notices": PrivacyNotice.objects.count(),
        "data requests": DataRequest.objects.count(),
        "sealed dates of birth": Claim.objects.exclude(date_of_birth_sealed="").count(),
        "privacy notice readings": PrivacyNoticeReading.objects.count(),
    }
