"""The AB's QA queue, QA checks, school QA logs and workload: AB staff only; everyone else (hub staff and tutors included) 404."""

from . import LOGIN, answers

AB_STAFF_ONLY = answers(404, anonymous=LOGIN, ab_staff=200)

ROWS = {
    "appropriate_body:qa_queue": AB_STAFF_ONLY,
    "appropriate_body:qa_check": AB_STAFF_ONLY,
    "appropriate_body:school_qa_log": AB_STAFF_ONLY,
    "appropriate_body:school_qa_check": AB_STAFF_ONLY,
    "appropriate_body:workload": AB_STAFF_ONLY,
    "appropriate_body:workload_week": AB_STAFF_ONLY,
    "appropriate_body:workload_plan": AB_STAFF_ONLY,
    "appropriate_body:my_work": AB_STAFF_ONLY,
}


def samples(context: dict) -> dict:
    # The walk's accepted induction's earliest review: open work in the forecast.
    from appropriate_body.models import Assessment

    review = Assessment.objects.filter(status="not_started").order_by("due_on", "pk").first()
    return {"item_kind": "review", "item": review.public_id}
