"""The migration that brings in FA-005's three-people constraints reopens a report one person already
signed twice, so the constraints can hold on a database that has such a report."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from appropriate_body.models import Assessment, AssessmentStatus
from appropriate_body.tests.factories import NOW
from participants.tests.factories import SchoolFactory, TeacherFactory, UserFactory

BEFORE = [("appropriate_body", "0016_bulk_upload_file_error")]


def migrate(targets=None):
    """Migrate to `targets`, or (None) to the latest of every app, as the rest of the suite expects to find it.

    Returns the models as they were at `targets`: the rows made there must not name columns added later.
    """
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets is not None else None


# serialized_rollback: the flush after this test then leaves the tables for the next transactional
# test to restore (the broker-down tests restore theirs), instead of re-creating content types under
# new keys that clash with the ones those tests restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_signed_twice_by_one_person_waits_for_signatures_again():
    old = migrate(BEFORE)
    try:
        tutor, ect = UserFactory(email="both@example.org"), UserFactory(email="ect.self@example.org")
        OldInduction, OldPeriod, OldAssessment = (old.get_model("appropriate_body", name)
                                                  for name in ("Induction", "InductionPeriod", "Assessment"))
        school, teacher = SchoolFactory(), TeacherFactory()
        induction = OldInduction.objects.create(teacher_id=teacher.pk)
        period = OldPeriod.objects.create(induction=induction, school_id=school.pk, started_on=NOW.date(),
                                          training_programme="provider_led")
        signed = dict(status=AssessmentStatus.SIGNED, induction=induction, induction_period=period, due_on=NOW.date(),
                      tutor_signed_by_id=tutor.pk, tutor_signed_at=NOW, ect_signed_by_id=ect.pk, ect_signed_at=NOW)
        twice = OldAssessment.objects.create(kind="formal_assessment", term_number=3, headteacher_signed_by_id=tutor.pk,
                                             headteacher_signed_at=NOW, **signed)
        honest = OldAssessment.objects.create(kind="final_assessment", term_number=6, headteacher_signed_by_id=UserFactory().pk,
                                              headteacher_signed_at=NOW, **signed)
    finally:
        migrate()  # 0017_signers_are_different_people and everything after it
    twice, honest = Assessment.objects.get(pk=twice.pk), Assessment.objects.get(pk=honest.pk)
    assert twice.tutor_signed_by == tutor
    assert (twice.headteacher_signed_by, twice.headteacher_signed_at, twice.ect_signed_by, twice.ect_signed_at) == (None,) * 4
    assert twice.status == AssessmentStatus.AWAITING_SIGNATURES
    assert honest.status == AssessmentStatus.SIGNED and honest.ect_signed_by == ect
