"""The AB service agreement: the school's tutors, headteacher and hub staff accept it; AB and hub staff see every school's."""

from . import LOGIN, SCHOOL_MANAGERS, answers

ROWS = {
    "appropriate_body:school_agreement": {**SCHOOL_MANAGERS, "headteacher_a": 200},
    "appropriate_body:agreement_list": answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200),
}
