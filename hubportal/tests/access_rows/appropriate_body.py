from . import LOGIN, answers

# Only AB staff check and decide claims; everyone else (hub staff included) gets 404.
AB_STAFF_ONLY = answers(404, anonymous=LOGIN, ab_staff=200)

ROWS = {
    "appropriate_body:todo": AB_STAFF_ONLY,
    "appropriate_body:claim_list": AB_STAFF_ONLY,
    "appropriate_body:claim_detail": AB_STAFF_ONLY,
    "appropriate_body:caseload": AB_STAFF_ONLY,
    "appropriate_body:case_detail": AB_STAFF_ONLY,
    "appropriate_body:case_release": AB_STAFF_ONLY,
    "appropriate_body:case_outcome": AB_STAFF_ONLY,
    "appropriate_body:case_extension": AB_STAFF_ONLY,
    "appropriate_body:case_absence": AB_STAFF_ONLY,
    "appropriate_body:case_history_export": AB_STAFF_ONLY,
    "appropriate_body:case_completion": AB_STAFF_ONLY,
}
