"""What the golden thread's strands need beyond cohorts and enrolments: the official NPQ list,
partners (SCITTs, curriculum hubs, research schools, alliances), ITT placements, and who a
programme is for (career stage and phase) on the public CPD offer.
"""

from django.db import models
from django.db.models import F, Q


class NPQCourse(models.TextChoices):
    """domain-rules.md §6.1: DfE's identifiers and the service names to show."""

    EYL = "npq-early-years-leadership", "Early years leadership (NPQEYL)"
    EL = "npq-executive-leadership", "Executive leadership (NPQEL)"
    H = "npq-headship", "Headship (NPQH)"
    SL = "npq-senior-leadership", "Senior leadership (NPQSL)"
    SENCO = "npq-senco", "Special educational needs co-ordinator (NPQSENCO)"
    LBC = "npq-leading-behaviour-culture", "Leading behaviour and culture (NPQLBC)"
    LL = "npq-leading-literacy", "Leading literacy (NPQLL)"
    LPM = "npq-leading-primary-mathematics", "Leading primary mathematics (NPQLPM)"
    LT = "npq-leading-teaching", "Leading teaching (NPQLT)"
    # DfE's identifier says "teaching", not "teacher" (§6.1).
    LTD = "npq-leading-teaching-development", "Leading teacher development (NPQLTD)"
    EHCO = "npq-early-headship-coaching-offer", "Early headship coaching offer (EHCO)"
    ASO = "npq-additional-support-offer", "Additional support offer for new headteachers (ASO)"


# §6.1: EHCO and ASO are support, not qualifications: no outcome is recorded for them.
NPQ_WITHOUT_OUTCOME = frozenset({NPQCourse.EHCO, NPQCourse.ASO})
# §6.1: ASO is hidden (replaced by EHCO): kept for old records, never offered for new enrolments.
NPQ_NOT_OFFERED = frozenset({NPQCourse.ASO})


class NPQIntake(models.TextChoices):
    """NPQ-C-002/003: leadership and specialist courses start in the autumn or the spring."""

    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"


class NPQOutcome(models.TextChoices):
    """NPQ-O-001: only the latest counts; voided means neither passed nor failed."""

    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    VOIDED = "voided", "Voided"


class ITTRoute(models.TextChoices):
    """domain-rules.md ITT-001: DfE's route identifiers, with Register trainee teachers' labels."""

    ASSESSMENT_ONLY = "assessment_only", "Assessment only"
    EARLY_YEARS_ASSESSMENT_ONLY = "early_years_assessment_only", "Early years assessment only"
    EARLY_YEARS_POSTGRAD = "early_years_postgrad", "Early years (postgraduate)"
    EARLY_YEARS_SALARIED = "early_years_salaried", "Early years (salaried)"
    EARLY_YEARS_UNDERGRAD = "early_years_undergrad", "Early years (undergraduate)"
    IQTS = "iqts", "International qualified teacher status (iQTS)"
    OPT_IN_UNDERGRAD = "opt_in_undergrad", "Opt-in (undergraduate)"
    PROVIDER_LED_POSTGRAD = "provider_led_postgrad", "Provider-led (postgraduate)"
    PROVIDER_LED_UNDERGRAD = "provider_led_undergrad", "Provider-led (undergraduate)"
    SCHOOL_DIRECT_TUITION_FEE = "school_direct_tuition_fee", "School direct (fee funded)"
    SCHOOL_DIRECT_SALARIED = "school_direct_salaried", "School direct (salaried)"
    PG_TEACHING_APPRENTICESHIP = "pg_teaching_apprenticeship", "Teaching apprenticeship (postgraduate)"
    HPITT_POSTGRAD = "hpitt_postgrad", "HPITT (Teach First)"
    TEACHER_DEGREE_APPRENTICESHIP = "teacher_degree_apprenticeship", "Teacher degree apprenticeship (salaried)"


class StudyMode(models.TextChoices):
    """ITT-003."""

    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"


class CareerStage(models.TextChoices):
    """Who a programme is for, on the public offer page (the golden thread's order)."""

    TRAINEE = "trainee", "Trainee teachers"
    ECT = "ect", "Early career teachers"
    MENTOR = "mentor", "Mentors"
    TEACHER = "teacher", "Experienced teachers"
    MIDDLE_LEADER = "middle_leader", "Middle leaders"
    SENIOR_LEADER = "senior_leader", "Senior leaders"
    HEADTEACHER = "headteacher", "Headteachers and executive leaders"


class Phase(models.TextChoices):
    """The phases a programme suits, in GIAS's words where there is one (ID-GIAS-003)."""

    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    SPECIAL = "special", "Special and alternative provision"
    POST_16 = "post_16", "16 plus"


class Delivery(models.TextChoices):
    RUN_BY_HUB = "hub", "Run by the hub"
    SIGNPOSTED = "signposted", "Signposted: run by a partner"


class OfferKind(models.TextChoices):
    """What a signposted programme is, for the offer page's provider × kind matrix."""

    COURSE = "course", "Course"
    WORK_GROUP = "work_group", "Work group"
    NETWORK = "network", "Network"
    CONFERENCE = "conference", "Conference"
    PROGRAMME = "programme", "Programme"


class Partner(models.Model):
    """An organisation the hub works with: its SCITT partners for ITT, and those whose programmes it signposts."""

    class Kind(models.TextChoices):
        SCITT = "scitt", "SCITT"
        UNIVERSITY = "university", "University (ITT partner)"
        CURRICULUM_HUB = "curriculum_hub", "Curriculum hub"
        RESEARCH_SCHOOL = "research_school", "Research school"
        ALLIANCE = "alliance", "Partner alliance"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(blank=True)
    # ITT-007: an accredited provider's UKPRN, compared with an ECT's ITT provider (AB-004).
    ukprn = models.PositiveIntegerField("UKPRN", null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """An ITT trainee's school placement (ITT-006: at least two schools)."""

    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.PROTECT, related_name="placements")
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="itt_placements")
    started_on = models.DateField()
    finished_on = models.DateField()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(finished_on__gte=F("started_on")), name="placement_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.teacher} at {self.school}"
