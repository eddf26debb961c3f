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


ROWS["participants:transfer"] = SCHOOL_MANAGERS


def samples(context) -> dict:
    """A move of school A's registered ECT that school B asked for, seen from school A's side."""
    from datetime import date

    from registration.transfers import request_transfer

    registered = context["registered"]
    school_b = context["cast"]["tutor_b"].role_assignments.get().school
    transfer = request_transfer(registered.teacher, context["school_a"], school_b, kind="ect", started_on=date(2026, 9, 1),
                                actor=context["cast"]["tutor_b"], working_pattern="full_time", training_programme="school_led")
    return {"transfer": transfer.public_id}
