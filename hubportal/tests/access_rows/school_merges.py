"""Schools closed into a GIAS successor: hub staff only."""

from . import LOGIN, answers

ROWS = {
    "participants:school_merges": answers(404, anonymous=LOGIN, hub_staff=200),
    # POST only: a GET answers 405 whoever asks (the method check comes first).
    "participants:school_merge_reverse": answers(405),
}


def samples(context) -> dict:
    """A school closed into its successor, with nothing left to move back (the walk only reads)."""
    from datetime import date

    from participants.models import School
    from registration.models import SchoolMerge

    closed = School.objects.create(urn=199_001, name="Walk Closed School", status=School.Status.CLOSED)
    successor = School.objects.create(urn=199_002, name="Walk Successor Academy")
    merge = SchoolMerge.objects.create(from_school=closed, to_school=successor, link_type="Successor",
                                       moved_on=date(2026, 9, 1))
    return {"merge_id": merge.public_id}
