from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from appropriate_body.assessments.headteachers import headteacher_panel
from participants import access
from participants.models import PARTICIPANT_ROLES, Role
from registration.status import ECTS_COUNTED, with_ect_counts


@require_safe
@login_required
def home(request):
    """Each role the user holds gets its own panel of links for its journeys."""
    roles = access.roles_of(request.user)
    context = {
        "is_hub_staff": Role.HUB_STAFF in roles,
        "is_ab_staff": Role.AB_STAFF in roles,
        "is_facilitator": Role.FACILITATOR in roles,
        # Each school with its current ECTs and how many need action, in one query for all of them.
        "tutored_schools": with_ect_counts(list(access.tutored_schools(request.user).order_by("name")),
                                           today=timezone.localdate()) if Role.INDUCTION_TUTOR in roles else [],
        "ects_counted": ECTS_COUNTED,
        "participant_roles": [Role(role).label for role in Role if role in roles and role in PARTICIPANT_ROLES],
        "has_no_role": not roles,
        # The headteacher's schools and the reports waiting for their signature (FA-005).
        "headteacher_panel": headteacher_panel(request.user) if Role.HEADTEACHER in roles else None,
    }
    return render(request, "hubportal/home.html", context)


@require_safe
@never_cache
def healthz(request):
    """For the load balancer: the process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
