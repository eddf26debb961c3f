"""Programmes, cohorts, enrolments (hub staff only) and a school's nominations (its headteacher and tutors).

The walked cohort is the registered ECT's ECTE Year 1 ("year-1"); the walked enrolment is theirs.
"""

from . import LOGIN, answers

HUB_STAFF_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)
# POST-only views answer a GET with 405 whoever asks (the method check comes first).
POST_ONLY = answers(405)

ROWS = {
    "programmes:programme_list": HUB_STAFF_ONLY,
    "programmes:cohort_create": HUB_STAFF_ONLY,
    "programmes:npq_enrolment_csv": HUB_STAFF_ONLY,
    "programmes:pending_nominations": HUB_STAFF_ONLY,
    "programmes:nomination_decide": POST_ONLY,
    "programmes:cohort_enrolments": HUB_STAFF_ONLY,
    "programmes:cohort_enrol": HUB_STAFF_ONLY,
    "programmes:cohort_enrolment_csv": HUB_STAFF_ONLY,
    "programmes:enrolment_detail": HUB_STAFF_ONLY,
    "programmes:enrolment_defer": POST_ONLY,
    "programmes:enrolment_withdraw": POST_ONLY,
    "programmes:enrolment_resume": POST_ONLY,
    "programmes:enrolment_complete": POST_ONLY,
    "programmes:enrolment_outcome": POST_ONLY,
    # School A's URN: its headteacher and tutor; tutor B and everyone else 404.
    "programmes:school_nominations": answers(404, anonymous=LOGIN, hub_staff=200, tutor_a=200, headteacher_a=200),
}


def samples(context) -> dict:
    from programmes.cohorts.enrolments import cohort_part

    enrolment = context["registered"].teacher.enrolments.select_related("cohort").first()
    return {"cohort_year": enrolment.cohort.academic_year, "cohort_part": cohort_part(enrolment.cohort), "enrolment": enrolment.public_id}
