"""The AB's check of the reports schools send it (SG24 5.11): AB staff only; the school reads the comments on
the report's own page (assessments.py's rows), the ECT its state on theirs."""

from . import LOGIN, answers

AB_STAFF_ONLY = answers(404, anonymous=LOGIN, ab_staff=200)

ROWS = {
    "appropriate_body:reports_to_check": AB_STAFF_ONLY,
    # The walked report is not started: AB staff read it (with nothing to check yet); everyone else gets 404.
    "appropriate_body:review_report": AB_STAFF_ONLY,
}
