"""NPQs as the hub runs them: one programme per course of the official list (domain-rules.md §6),
autumn and spring intakes (NPQ-C-003), and which courses take an outcome (NPQ-O-001)."""


from django.utils.text import slugify

from programmes.models import NPQ_WITHOUT_OUTCOME, CareerStage, NPQCourse, Programme, Strand


class NPQGroup:
    LEADERSHIP = "leadership"
    SPECIALIST = "specialist"
    EHCO = "ehco"
    SUPPORT = "support"


# §6.1's Group column.
GROUP_OF = {
    NPQCourse.EYL: NPQGroup.LEADERSHIP, NPQCourse.EL: NPQGroup.LEADERSHIP, NPQCourse.H: NPQGroup.LEADERSHIP,
    NPQCourse.SL: NPQGroup.LEADERSHIP, NPQCourse.SENCO: NPQGroup.LEADERSHIP,
    NPQCourse.LBC: NPQGroup.SPECIALIST, NPQCourse.LL: NPQGroup.SPECIALIST, NPQCourse.LPM: NPQGroup.SPECIALIST,
    NPQCourse.LT: NPQGroup.SPECIALIST, NPQCourse.LTD: NPQGroup.SPECIALIST,
    NPQCourse.EHCO: NPQGroup.EHCO, NPQCourse.ASO: NPQGroup.SUPPORT,
}

# [I] Who each course is for, on the public offer page.
CAREER_STAGES = {
    NPQCourse.EYL: [CareerStage.MIDDLE_LEADER, CareerStage.SENIOR_LEADER, CareerStage.HEADTEACHER],
    NPQCourse.EL: [CareerStage.HEADTEACHER],
    NPQCourse.H: [CareerStage.SENIOR_LEADER, CareerStage.HEADTEACHER],
    NPQCourse.SL: [CareerStage.MIDDLE_LEADER, CareerStage.SENIOR_LEADER],
    NPQCourse.SENCO: [CareerStage.TEACHER, CareerStage.MIDDLE_LEADER, CareerStage.SENIOR_LEADER],
    NPQCourse.LBC: [CareerStage.TEACHER, CareerStage.MIDDLE_LEADER],
    NPQCourse.LL: [CareerStage.TEACHER, CareerStage.MIDDLE_LEADER],
    NPQCourse.LPM: [CareerStage.TEACHER, CareerStage.MIDDLE_LEADER],
    NPQCourse.LT: [CareerStage.TEACHER, CareerStage.MIDDLE_LEADER],
    NPQCourse.LTD: [CareerStage.MENTOR, CareerStage.TEACHER, CareerStage.MIDDLE_LEADER],
    NPQCourse.EHCO: [CareerStage.HEADTEACHER],
    NPQCourse.ASO: [CareerStage.HEADTEACHER],
}


def takes_outcome(course: str) -> bool:
    """NPQ-O-001 and §6.1: EHCO and ASO are not qualifications, so no outcome is recorded."""
    return course not in NPQ_WITHOUT_OUTCOME


def course_by_code(text: str) -> NPQCourse | None:
    """A course from its identifier, short code or service name as typed in a CSV (any case), or None."""
    wanted = text.strip().lower()
    for course in NPQCourse:
        short = course.label.rsplit("(", 1)[-1].rstrip(")").lower()
        if wanted in (course.value, short, course.label.lower()):
            return course
    return None


def npq_programme(course: NPQCourse) -> Programme:
    """The hub's programme for one NPQ course, made the first time it is needed."""
    programme, _ = Programme.objects.get_or_create(
        npq_course=course.value,
        defaults={"strand": Strand.NPQ, "name": f"NPQ: {course.label}", "slug": slugify(course.value),
                  "career_stages": [stage.value for stage in CAREER_STAGES[course]]},
    )
    return programme
