"""A school's page: its tutors, where its ECT registrations stand and what is left to do this year."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from appropriate_body.access import concerns_for
from appropriate_body.fidelity.checks import fidelity_state
from appropriate_body.models import Concern
from hubportal.lib.dates import academic_year_of
from participants import access
from participants.models import Role, User
from registration.status import ECTS_COUNTED, FINISHED, ECTStatus, school_checklist, status_counts


@require_safe
@login_required
def school_detail(request, urn: int):
    school = access.get_school_for(request.user, urn)
    today = timezone.localdate()
    tutors = User.objects.filter(role_assignments__school=school, role_assignments__role=Role.INDUCTION_TUTOR)
    counts = status_counts(school, today=today)
    return render(request, "participants/school_detail.html", {
        "school": school, "tutors": tutors,
        "checklist": school_checklist(school.pk, today=today),
        "counted": sum(counts[status.value] for status in ECTStatus if status not in FINISHED),
        "status_counts": [(status, counts[status.value]) for status in ECTStatus if status not in FINISHED],
        "not_counted": [(status, counts[status.value]) for status in FINISHED],
        "ects_counted": ECTS_COUNTED,
        "can_manage": access.can_manage_ects(request.user, school),
        # E25-003: this year's fidelity check; ABD-004: open concerns, for AB staff and the school's tutors only.
        "fidelity": fidelity_state(school, year=academic_year_of(today)),
        "concerns": list(concerns_for(request.user).filter(school=school, status=Concern.Status.OPEN)
                         .select_related("induction__teacher").order_by("raised_at", "pk")),
        "is_ab_staff": access.is_ab_staff(request.user),
        "sees_concerns": access.is_ab_staff(request.user) or access.tutored_schools(request.user).filter(pk=school.pk).exists(),
    })
