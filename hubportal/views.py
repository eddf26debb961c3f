import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from appropriate_body.assessments.headteachers import headteacher_panel
from hubportal.home import ab, facilitator, hub, participant, tutor
from hubportal.lib.notify import record_receipt, token_matches
from participants import access
from participants.models import PARTICIPANT_ROLES, Role
from registration.status import ECTS_COUNTED


@require_safe
@login_required
def home(request):
    """Each role the user holds gets its own panel saying what to do next (hubportal.home)."""
    user = request.user
    roles = access.roles_of(user)
    now = timezone.now()
    today = timezone.localdate(now)
    participant_roles = [Role(role).label for role in Role if role in roles and role in PARTICIPANT_ROLES]
    context = {
        "hub_week": hub.this_week(now=now) if Role.HUB_STAFF in roles else None,
        "ab_overview": ab.ab_overview(today=today) if Role.AB_STAFF in roles else None,
        "school_tasks": tutor.school_tasks(user, today=today) if {Role.INDUCTION_TUTOR, Role.HEADTEACHER} & roles else [],
        "is_tutor": Role.INDUCTION_TUTOR in roles,
        "ects_counted": ECTS_COUNTED,
        # The headteacher's reports waiting for their signature, and roles still waiting for confirmation (FA-005).
        "headteacher_panel": headteacher_panel(user) if Role.HEADTEACHER in roles else None,
        "facilitator_week": facilitator.facilitator_week(user, now=now) if Role.FACILITATOR in roles else None,
        "next_steps": participant.next_steps(user, is_ect=Role.ECT in roles, now=now) if participant_roles else None,
        "participant_roles": participant_roles,
        "is_ect": Role.ECT in roles,
        "is_mentor": Role.MENTOR in roles,
        "has_no_role": not roles,
    }
    return render(request, "hubportal/home.html", context)


@require_safe
@never_cache
def healthz(request):
    """For the load balancer: the process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt  # a machine's callback, authenticated by its bearer token instead
@require_POST
def notify_delivery_receipt(request):
    """GOV.UK Notify's delivery receipt for one email: recorded on the outbox row its reference names."""
    if not settings.NOTIFY_CALLBACK_TOKEN:
        return HttpResponseNotFound()
    if not token_matches(request.headers.get("Authorization", ""), settings.NOTIFY_CALLBACK_TOKEN):
        return HttpResponseForbidden()
    try:
        receipt = json.loads(request.body)
        fields = {"reference": receipt["reference"], "provider_id": receipt["id"], "status": receipt["status"]}
    except (ValueError, TypeError, KeyError):
        return HttpResponseBadRequest()
    if not all(isinstance(value, str) for value in fields.values()):
        return HttpResponseBadRequest()
    if not record_receipt(**fields):
        return HttpResponseNotFound()
    return HttpResponse(status=204)
