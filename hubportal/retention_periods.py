"""How long each kind of personal record is kept, from its clock's start (privacy.retention.schedule says which clock
and what happens at the end). Months, so that "6 years" lands on the same day. A hub may keep records longer only
with a documented reason (DP-001); each is set by environment, e.g. RETENTION_MONTHS_INDUCTION_RECORDS=108 for
Enfield's nine years.
"""

from hubportal.environment import env_int


def retention_months() -> dict[str, int]:
    """Each rule's period in months, as the environment sets it or by default."""
    return {
        # DP-001/REC-003: induction records, reviews, assessments and evidence at least 6 years from the
        # outcome or release (SG24 2.77, 5.3, 5.11), then a basic status record (as Cambridgeshire &
        # Peterborough TSH and East Manchester TSH publish).
        "induction_records": env_int("RETENTION_MONTHS_INDUCTION_RECORDS", 72),
        # ABD-009: a school's fidelity check is the AB's documentation too: 6 years from the end of its academic year.
        "fidelity_checks": env_int("RETENTION_MONTHS_FIDELITY_CHECKS", 72),
        # A claim the AB turned down or the school withdrew explains a decision: kept as long as one it accepted.
        "claims": env_int("RETENTION_MONTHS_CLAIMS", 72),
        # DP-007: NPQ and programme outcomes are kept for TRA submissions; the rest of an enrolment goes at 6 years.
        "enrolments": env_int("RETENTION_MONTHS_ENROLMENTS", 72),
        # A teacher with no induction here and no NPQ outcome: 6 years after their last time at a school
        # here, as the induction records are kept, then the row stays naming nobody.
        "teachers": env_int("RETENTION_MONTHS_TEACHERS", 72),
        # Moves between schools are part of the induction record's story: as long as it.
        "transfers": env_int("RETENTION_MONTHS_TRANSFERS", 72),
        # Certificates are a person's proof of CPD; they were told to keep their own copy (the PDF) beyond this.
        "certificates": env_int("RETENTION_MONTHS_CERTIFICATES", 72),
        # Who was invited, replied and attended: three academic years of the hub's reporting, then anonymous counts.
        "event_invitations": env_int("RETENTION_MONTHS_EVENT_INVITATIONS", 36),
        # DP-004: access and dietary needs may be health data, needed only to run the day.
        "event_needs": env_int("RETENTION_MONTHS_EVENT_NEEDS", 1),
        # Evaluation answers feed two years of programme review, then the ratings stay without their author.
        "evaluations": env_int("RETENTION_MONTHS_EVALUATIONS", 24),
        # An account nobody has signed in to for three years (a two-year induction and a year's grace) is closed.
        "accounts": env_int("RETENTION_MONTHS_ACCOUNTS", 36),
        # An invitation or a headteacher's confirmation has done its work once answered or expired.
        "invitations": env_int("RETENTION_MONTHS_INVITATIONS", 12),
        # An upload's report (the file itself goes within 24 hours, DP-002) explains the year's registrations.
        "uploads": env_int("RETENTION_MONTHS_UPLOADS", 12),
        # Emails about an event are kept to the end of the academic year after the event's (its own clock).
        "event_notices": env_int("RETENTION_MONTHS_EVENT_NOTICES", 0),
        # A sent notice or reminder (address, message id, error) answers "did they get the email?" for a year.
        "outbox": env_int("RETENTION_MONTHS_OUTBOX", 12),
        # DP-006: the audit trail of who recorded what is kept as long as the records it audits.
        "history": env_int("RETENTION_MONTHS_HISTORY", 72),
        # A data request, naming nobody once answered, is the evidence the hub answered it in time.
        "data_requests": env_int("RETENTION_MONTHS_DATA_REQUESTS", 72),
        # The export's own expiry (7 days) is its clock: its file goes the night after, and the answered request stops naming anyone.
        "access_exports": 0,
        # The date of birth kept sealed for RIAB's upload has a clock in days (RIAB_DATE_OF_BIRTH_DAYS), counted
        # inside its rule (privacy.retention.rules.riab).
        "riab_dates_of_birth": 0,
        # The retention job's own log holds no personal data; kept as long as the longest rule it applied.
        "retention_log": env_int("RETENTION_MONTHS_RETENTION_LOG", 72),
        # Which school's people moved to its successor, and the GIAS files read: ids and names of schools, nobody's
        # personal data; kept as long as the induction records whose schools they explain.
        "gias_imports": env_int("RETENTION_MONTHS_GIAS_IMPORTS", 72),
        # A QA check of a school as a whole (one of an ECT's induction goes with the induction record): as long as those.
        "qa_school_checks": env_int("RETENTION_MONTHS_QA_SCHOOL_CHECKS", 72),
        # Who was planned to do a piece of the AB's work, and when: a year after the work was done.
        "work_assignments": env_int("RETENTION_MONTHS_WORK_ASSIGNMENTS", 12),
    }
