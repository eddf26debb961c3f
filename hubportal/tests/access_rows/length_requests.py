"""Requests to change an induction's length (ABD-007) and the post and contract before the start.

The walked request is a reduction asked by school A for an ECT whose account is not the cast's ECT,
so the cast's ECT gets 404 on it; tutors of school A ask and read, AB staff read and decide.
"""

from . import LOGIN, answers

SCHOOL_TUTORS = answers(404, anonymous=LOGIN, tutor_a=200)

ROWS = {
    "appropriate_body:length_request_reduction": SCHOOL_TUTORS,
    "appropriate_body:length_request_extension": SCHOOL_TUTORS,
    "appropriate_body:post_and_contract": SCHOOL_TUTORS,
    "appropriate_body:length_request": answers(404, anonymous=LOGIN, ab_staff=200, tutor_a=200),
    # POST only: a GET answers 405 whoever asks (the method check comes first); see test_length_request_pages.
    "appropriate_body:length_request_answer": answers(405),
    "appropriate_body:length_request_decide": answers(405),
}


def samples(context):
    """A reduction request on the walked induction at school A."""
    from datetime import date

    from appropriate_body.length_requests.requests import request_reduction
    from appropriate_body.models import Induction

    school = context["school_a"]
    induction = Induction.objects.filter(periods__school=school, periods__finished_on__isnull=True).get()
    tutor = context["cast"]["tutor_a"]
    request = request_reduction(induction, school=school, basis="prior_experience", terms="2", evidence="Two years abroad.",
                                headteacher_name="Hana Head", actor=tutor, today=date(2026, 10, 5))
    return {"length_request": request.public_id}
