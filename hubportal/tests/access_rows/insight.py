"""The insight dashboards: the hub's for hub staff only; a school's for its headteachers and tutors (school A here) and hub staff."""

from . import LOGIN, answers

ROWS = {
    "programmes:hub_insight": answers(404, anonymous=LOGIN, hub_staff=200),
    "programmes:school_insight": answers(404, anonymous=LOGIN, hub_staff=200, tutor_a=200, headteacher_a=200),
}
