"""Which cohort a teacher belongs in, and enrolling them there."""

from datetime import date

from django.db.models import Q

from participants.models import School, Teacher, User
from programmes.models import Cohort, CohortStage, Enrolment, Programme, Strand

# The programmes registration needs (also added by a data migration; created here if missing,
# so a database emptied by hand, or by a test that flushes it, still registers ECTs).
STANDARD_PROGRAMMES = {
    Strand.ECTE: ("ecte", "Early career teacher entitlement"),
    Strand.ECTE_MENTOR: ("ecte-mentor-training", "ECTE mentor training"),
}


def cohort_for(strand: str, academic_year: int, stage: str = CohortStage.NONE) -> Cohort:
    slug, name = STANDARD_PROGRAMMES[strand]
    programme, _ = Programme.objects.get_or_create(slug=slug, defaults={"strand": strand, "name": name})
    # ECTE cohorts have no intake; naming it keeps the lookup to the one row the unique constraint allows.
    cohort, _ = Cohort.objects.get_or_create(programme=programme, academic_year=academic_year, stage=stage, intake="")
    return cohort


def ecte_stage_for(teacher: Teacher, academic_year: int) -> str:
    """Year 2 for a teacher with an ECTE Year 1 in an earlier academic year, else Year 1.

    Moving Year 1 into Year 2 at the end of each year is a scheduled job (golden-thread issue);
    this only places a teacher at registration, including one who moves school mid-induction.
    """
    earlier = Enrolment.objects.filter(
        teacher=teacher, cohort__programme__strand=Strand.ECTE, cohort__academic_year__lt=academic_year
    ).filter(Q(cohort__stage=CohortStage.YEAR_1) | Q(cohort__stage=CohortStage.YEAR_2))
    return CohortStage.YEAR_2 if teacher.pk and earlier.exists() else CohortStage.YEAR_1


def enrol(teacher: Teacher, cohort: Cohort, *, school: School | None, enrolled_on: date, actor: User | None) -> Enrolment:
    """Enrol once per cohort; enrolling again (a move of school) updates the school it runs through."""
    enrolment, created = Enrolment.objects.get_or_create(
        cohort=cohort,
        teacher=teacher,
        defaults={"school": school, "enrolled_on": enrolled_on, "created_by": actor},
    )
    if not created and enrolment.school_id != (school.pk if school else None):
        enrolment.school = school
        enrolment.save(update_fields=["school"])
    return enrolment
