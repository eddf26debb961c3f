from . import LOGIN, answers

# REC-005: counts only, so hub and AB staff read any school's; school A's headteacher and tutors read school A's.
GOVERNORS_REPORT = answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200, tutor_a=200, headteacher_a=200)

ROWS = {
    "appropriate_body:governors_report": GOVERNORS_REPORT,
    "appropriate_body:governors_report_pdf": GOVERNORS_REPORT,
}
