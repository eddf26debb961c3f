from . import SCHOOL_MANAGERS, answers

# Uploads belong to the school's managers: AB staff and other schools' tutors get 404 (the URN walked is school A's).
ROWS = {
    "participants:upload_template": SCHOOL_MANAGERS,
    "participants:upload_create": SCHOOL_MANAGERS,
    "participants:upload_detail": SCHOOL_MANAGERS,
    "participants:upload_progress": SCHOOL_MANAGERS,
    "participants:upload_problems": SCHOOL_MANAGERS,
    "participants:upload_confirm": answers(405),  # POST only; see test_upload_views
}
