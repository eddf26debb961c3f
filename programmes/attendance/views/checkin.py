"""Check-in at the door: the page a phone opens after scanning a QR code, and the short-code lookup.

Scoped like the register (programmes.access: 404 outside it); marking goes through
programmes.register.mark_attendance, so a closed register or a place that is not
confirmed is refused the same way as a tick on the list. A GET never changes anything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from programmes.access import get_event_for_register
from programmes.attendance.attendance import mark_attendance
from programmes.attendance.checkin import checkin_path, find_by_checkin_token, find_by_short_code
from programmes.models import Place


@login_required
@require_http_methods(["GET", "POST"])
def register_checkin(request, event, token):
    event = get_event_for_register(request.user, event)
    invitation = find_by_checkin_token(event, token)
    if invitation is None:
        # Said plainly rather than a 404: the person at the door needs to know to try another way.
        return render(request, "programmes/register/checkin.html", {"event": event, "invitation": None})
    if request.method == "POST":
        now = timezone.now()
        try:
            marked = mark_attendance(invitation, present=True, actor=request.user, now=now)
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            if marked.attended_at == now:
                messages.success(request, f"{marked.name} is marked present.")
            else:
                messages.info(request, f"{marked.name} was already marked present at {timezone.localtime(marked.attended_at):%H:%M}.")
        return redirect(request.path)
    is_closed = event.register_closed_at is not None
    context = {
        "event": event, "invitation": invitation, "is_closed": is_closed,
        "can_mark": not (is_closed or event.cancelled_at or invitation.attended_at) and invitation.place == Place.CONFIRMED,
    }
    return render(request, "programmes/register/checkin.html", context)


@login_required
@require_GET
def register_checkin_code(request, event):
    """The short code printed under the QR code, typed in on the register page when a camera will not scan."""
    event = get_event_for_register(request.user, event)
    try:
        invitation = find_by_short_code(event, request.GET.get("code", ""))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect(reverse("programmes:register", kwargs={"event": event.public_id}))
    return redirect(checkin_path(invitation))
