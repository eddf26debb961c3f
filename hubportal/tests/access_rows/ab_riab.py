from . import LOGIN, answers

# The hand-over to RIAB: AB staff only; everyone else (hub staff and tutors included) gets 404.
AB_STAFF_ONLY = answers(404, anonymous=LOGIN, ab_staff=200)

ROWS = {
    "appropriate_body:riab": AB_STAFF_ONLY,
    "appropriate_body:riab_claims_csv": AB_STAFF_ONLY,
    "appropriate_body:riab_actions_csv": AB_STAFF_ONLY,
    # POST only: a GET answers 405 whoever asks (the method check comes first); see appropriate_body/tests/riab.
    "appropriate_body:riab_claims_recorded": answers(405),
    "appropriate_body:riab_actions_recorded": answers(405),
    "appropriate_body:riab_errors": answers(405),
}
