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
    # POST only: a GET answers 405 whoever asks (the method check comes first); see test_appeal_pages, test_named_contact.
    "appropriate_body:case_appeal": answers(405),
    "appropriate_body:case_appeal_reply": answers(405),
    "appropriate_body:case_appeal_outcome": answers(405),
    "appropriate_body:case_named_contact": answers(405),
}
