"""The school's ECT and mentor pages: AB staff read them; only the school's tutors and hub staff change them."""

from . import SCHOOL_MANAGERS, SCHOOL_READERS

ROWS = {
    "participants:ect_list": SCHOOL_READERS,
    "participants:ect_detail": SCHOOL_READERS,
    "participants:mentor_list": SCHOOL_READERS,
    "participants:ect_edit": SCHOOL_MANAGERS,
    "participants:ect_mentor": SCHOOL_MANAGERS,
    "participants:ect_leaving": SCHOOL_MANAGERS,
    "participants:mentor_create": SCHOOL_MANAGERS,
}
