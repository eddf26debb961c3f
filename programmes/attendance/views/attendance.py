"""The register on the day: hub staff and the event's facilitators tick who is there.

Scoped by programmes.access (404 outside it); changes go through programmes.register.
The page works as plain forms; htmx (django-htmx's request.htmx) swaps in a single row
after a tick and filters the list as a name is typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from hubportal.lib.exports import csv_response
from programmes.access import events_for_register, get_event_for_register, takes_registers
from programmes.attendance.attendance import attendance_summary, close_register, mark_attendance, register_invitations, search_by_name

LIST_TARGET = "register-list"


@login_required
@require_GET
def register_events(request):
    if not takes_registers(request.user):
        raise Http404
    now = timezone.now()
    events = list(events_for_register(request.user).filter(cancelled_at__isnull=True).order_by("starts_at"))
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in reversed(events) if event.ends_at < now]
    return render(request, "programmes/register/events.html", {"upcoming": upcoming, "past": past})


def _back_to_register(event, query: str):
    url = reverse("programmes:register", kwargs={"event": event.public_id})
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@login_required
@require_GET
def register(request, event):
    event = get_event_for_register(request.user, event)
    query = request.GET.get("q", "").strip()
    rows = list(search_by_name(register_invitations(event), query))
    has_started = event.starts_at <= timezone.now()
    context = {
        "event": event, "rows": rows, "q": query, "summary": attendance_summary(event),
        "is_closed": event.register_closed_at is not None, "has_started": has_started,
        # The confirm step before closing (close_register refuses before the start anyway).
        "confirm_close": "close" in request.GET and has_started and not event.register_closed_at,
    }
    if request.htmx and request.htmx.target == LIST_TARGET:
        return render(request, "programmes/register/_list.html", context)
    return render(request, "programmes/register/register.html", context)


@require_POST
@login_required
def register_mark(request, event, invitation):
    event = get_event_for_register(request.user, event)
    invitation = get_object_or_404(event.invitations.select_related("school"), public_id=invitation)
    present = request.POST.get("present")
    if present not in ("1", "0"):
        return HttpResponseBadRequest("Choose present or not present")
    error = None
    try:
        invitation = mark_attendance(invitation, present=present == "1", actor=request.user, now=timezone.now())
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.htmx:
        # The row, and the count at the top out of band (its aria-live region announces the change).
        context = {"event": event, "row": invitation, "error": error, "summary": attendance_summary(event), "oob": True,
                   "is_closed": event.register_closed_at is not None, "q": request.POST.get("q", "")}
        return render(request, "programmes/register/_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{invitation.name} marked {'present' if invitation.attended_at else 'not present'}.")
    return _back_to_register(event, request.POST.get("q", "").strip())


@require_POST
@login_required
def register_close(request, event):
    event = get_event_for_register(request.user, event)
    try:
        close_register(event, actor=request.user, now=timezone.now())
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, "The register is closed. Attendance is now final.")
    return _back_to_register(event, "")


def _yes_no(value) -> str:
    return "yes" if value else "no"


@login_required
@require_GET
def register_export(request, event):
    event = get_event_for_register(request.user, event)
    header = ["Name", "Email", "School", "Reply", "Place", "Present", "Marked at", "Marked by"]
    rows = (
        [
            invitation.name, invitation.email, invitation.school.name if invitation.school else "",
            invitation.get_response_display(), invitation.get_place_display(), _yes_no(invitation.attended_at),
            timezone.localtime(invitation.attended_at).strftime("%Y-%m-%d %H:%M") if invitation.attended_at else "",
            invitation.marked_by.get_full_name() or invitation.marked_by.email if invitation.marked_by else "",
        ]
        for invitation in register_invitations(event)
    )
    filename = f"register-{timezone.localtime(event.starts_at):%Y-%m-%d}-{event.public_id}.csv"
    return csv_response(header, rows, filename)
