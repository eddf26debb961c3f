"""Progress reviews and assessments (DP-003: only those directly involved read the records).

The walked assessment belongs to an ECT at school A whose account is not the cast's ECT, so the
cast's ECT and mentor get 404 on it; their own pages answer 200 (with nothing linked to them).
"""

from . import LOGIN, answers

# The school's schedules: its tutor and headteacher, and hub and AB staff (dates and states).
SCHEDULE_READERS = answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200, tutor_a=200, headteacher_a=200)
# The records themselves: the school's tutor and headteacher, and AB staff; not hub staff.
RECORD_READERS = answers(404, anonymous=LOGIN, ab_staff=200, tutor_a=200, headteacher_a=200)
# The printed record exists only from submission on, and the walked review is not started yet, so
# even its readers get 404 here; test_assessment_pdf covers the 200s on a submitted record.
UNSUBMITTED_REPORT = answers(404, anonymous=LOGIN)

ROWS = {
    "appropriate_body:school_inductions": SCHEDULE_READERS,
    "appropriate_body:assessment_page": RECORD_READERS,
    "appropriate_body:assessment_report_pdf": UNSUBMITTED_REPORT,
    "appropriate_body:evidence_upload": answers(405),  # POST only; see test_assessment_pages
    "appropriate_body:evidence_download": RECORD_READERS,
    "appropriate_body:ab_assessments": answers(404, anonymous=LOGIN, ab_staff=200),
    "appropriate_body:my_induction": answers(404, anonymous=LOGIN, ect=200),
    "appropriate_body:my_assessment": answers(404, anonymous=LOGIN),
    "appropriate_body:my_assessment_report_pdf": UNSUBMITTED_REPORT,
    "appropriate_body:mentor_schedules": answers(404, anonymous=LOGIN, mentor=200),
}
