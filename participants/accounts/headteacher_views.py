"""Confirming a new headteacher: hub staff and a school's confirmed headteacher see the headteacher roles
waiting at the schools they may vouch for, and confirm or refuse each (participants.accounts.roles).

Everyone else gets 404, as does a request outside the user's scope (participants.access).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from participants import access
from participants.accounts.roles import confirm_headteacher, refuse_headteacher
from participants.models import HeadteacherConfirmation

Decision = HeadteacherConfirmation.Decision
RECENT = 20


def _requests_for(user):
    requests = access.headteacher_confirmations_for(user)
    if not (access.is_hub_staff(user) or access.confirmed_headed_schools(user).exists()):
        raise Http404("No such page")
    return requests.select_related("user", "school", "requested_by", "decided_by")


@require_safe
@login_required
def headteacher_confirmations(request):
    requests = _requests_for(request.user)
    return render(request, "participants/headteacher_confirmations.html", {
        "waiting": list(requests.filter(decision=Decision.PENDING).order_by("created_at", "pk")),
        "decided": list(requests.exclude(decision=Decision.PENDING).order_by("-decided_at", "-pk")[:RECENT]),
    })


@require_POST
@login_required
def headteacher_confirmation_decide(request, confirmation):
    request_row = get_object_or_404(_requests_for(request.user), public_id=confirmation)
    action = request.POST.get("action")
    if action not in ("confirm", "refuse"):
        raise Http404("No such action")
    decide = confirm_headteacher if action == "confirm" else refuse_headteacher
    try:
        decided = decide(request_row, actor=request.user)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        who = decided.user.get_full_name() or decided.user.email
        messages.success(request, f"{who} is confirmed as the headteacher of {decided.school.name}." if action == "confirm"
                         else f"{who} is not the headteacher of {decided.school.name}: the role was removed.")
    return redirect("participants:headteacher_confirmations")
