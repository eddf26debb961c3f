from . import LOGIN, answers

# The AB's bulk CSV: AB staff only; everyone else (hub staff and tutors included) gets 404.
AB_STAFF_ONLY = answers(404, anonymous=LOGIN, ab_staff=200)

ROWS = {
    "appropriate_body:bulk_create": AB_STAFF_ONLY,
    "appropriate_body:bulk_template": AB_STAFF_ONLY,
    "appropriate_body:bulk_detail": AB_STAFF_ONLY,
    "appropriate_body:bulk_progress": AB_STAFF_ONLY,
    "appropriate_body:bulk_results": AB_STAFF_ONLY,
}
