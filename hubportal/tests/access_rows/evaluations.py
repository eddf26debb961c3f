"""Evaluations: everyone signed in has "My evaluations"; the walked evaluation is this year's annual
survey of schools (open today), so the leaders of a school (tutors A and B, headteacher A) may answer
it and to everyone else it does not exist. Results and the opening form are hub staff's alone.
"""

from django.utils import timezone

from . import LOGIN, answers

HUB_STAFF_ONLY = answers(404, anonymous=LOGIN, hub_staff=200)

ROWS = {
    "programmes:my_evaluations": answers(200, anonymous=LOGIN),
    "programmes:evaluation_answer": answers(404, anonymous=LOGIN, tutor_a=200, tutor_b=200, headteacher_a=200),
    "programmes:survey_list": HUB_STAFF_ONLY,
    "programmes:survey_open": HUB_STAFF_ONLY,
    "programmes:survey_results": HUB_STAFF_ONLY,
    "programmes:survey_csv": HUB_STAFF_ONLY,
}


def samples(context) -> dict:
    from hubportal.lib.dates import academic_year_of
    from programmes.evaluations.evaluations import open_evaluation
    from programmes.models import Evaluation

    this_year = academic_year_of(timezone.localdate())
    evaluation = open_evaluation(Evaluation.Kind.SCHOOLS, academic_year=this_year, actor=context["hub_staff"])
    return {"evaluation": evaluation.public_id}
